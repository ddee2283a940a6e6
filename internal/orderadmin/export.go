package orderadmin

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/order"
	"github.com/mekhaishuby/furstore/internal/store"
	"github.com/mekhaishuby/furstore/internal/store/db"
)

// exportBatch is how many rows an export holds in memory at a time.
const exportBatch = 500

// ExportedOrder is one row of orders.csv.
type ExportedOrder struct {
	ID               int64
	CreatedAt        time.Time
	Customer         Customer
	Phone            string
	Status           order.Status
	IsPaid           bool
	PaymentOnGet     bool
	RequiresDelivery bool
	Address          string
	Total            money.Amount
	Lines            int    // how many lines
	Pieces           int    // how many units in all
	Goods            string // «Жакет «Вера» × 2; Палантин из норки × 1»
}

// ExportedProduct is one row of products.csv.
type ExportedProduct struct {
	ID        int64
	Slug      string
	Name      string
	Category  string // the path from the root: «Женщинам / Шубы / Норковые шубы»
	Price     money.Amount
	OldPrice  *money.Amount
	Stock     int
	IsActive  bool
	MarkedFur bool
}

// ExportOrders hands each order f lets through to emit, newest first. Orders are read in batches (keyset
// pagination) inside one read-only REPEATABLE READ transaction: memory stays bounded however many there are,
// and the file is one consistent snapshot, its rows neither missed nor repeated while orders change.
func (s *Service) ExportOrders(ctx context.Context, f Filter, emit func(ExportedOrder) error) error {
	email, digits := f.search()
	return s.snapshot(ctx, func(q *db.Queries) error {
		p := db.ExportAdminOrdersParams{Status: f.status(), IsPaid: f.IsPaid, RequiresDelivery: f.RequiresDelivery,
			CreatedFrom: f.from(), CreatedBefore: f.before(), QEmail: email, QPhone: digits,
			AfterCreatedAt: maxTime, AfterID: math.MaxInt64, BatchSize: exportBatch}
		for {
			rows, err := q.ExportAdminOrders(ctx, p)
			if err != nil {
				return fmt.Errorf("export orders: %w", err)
			}
			for _, r := range rows {
				if err := emit(ExportedOrder{ID: r.ID, CreatedAt: r.CreatedAt,
					Customer: Customer{Email: r.Email, FirstName: r.FirstName, LastName: r.LastName}, Phone: r.PhoneNumber,
					Status: order.Status(r.Status), IsPaid: r.IsPaid, PaymentOnGet: r.PaymentOnGet,
					RequiresDelivery: r.RequiresDelivery, Address: r.DeliveryAddress, Total: money.Amount(r.Total),
					Lines: int(r.Lines), Pieces: int(r.Pieces), Goods: r.Goods}); err != nil {
					return err
				}
			}
			if len(rows) < exportBatch {
				return nil
			}
			last := rows[len(rows)-1]
			p.AfterCreatedAt, p.AfterID = last.CreatedAt, last.ID
		}
	})
}

// ExportProducts hands every product, inactive ones too, to emit in id order, in batches as ExportOrders does.
func (s *Service) ExportProducts(ctx context.Context, emit func(ExportedProduct) error) error {
	return s.snapshot(ctx, func(q *db.Queries) error {
		p := db.ExportProductsParams{BatchSize: exportBatch}
		for {
			rows, err := q.ExportProducts(ctx, p)
			if err != nil {
				return fmt.Errorf("export products: %w", err)
			}
			for _, r := range rows {
				out := ExportedProduct{ID: r.ID, Slug: r.Slug, Name: r.Name, Category: r.CategoryPath,
					Price: money.Amount(r.Price), Stock: int(r.Stock), IsActive: r.IsActive, MarkedFur: r.MarkedFur}
				if r.OldPrice != nil {
					out.OldPrice = new(money.Amount(*r.OldPrice))
				}
				if err := emit(out); err != nil {
					return err
				}
			}
			if len(rows) < exportBatch {
				return nil
			}
			p.AfterID = rows[len(rows)-1].ID
		}
	})
}

// snapshot runs read in a read-only transaction that sees the database as it was when it began.
func (s *Service) snapshot(ctx context.Context, read func(q *db.Queries) error) error {
	return pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly},
		func(tx pgx.Tx) error { return read(db.New(store.CustomPlans{DBTX: tx})) })
}
