package order

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/order/internal/orderdb"
	"github.com/mekhaishuby/furstore/internal/store"
)

// exportBatch is how many rows an export holds in memory at a time.
const exportBatch = 500

// Exported is one row of orders.csv.
type Exported struct {
	ID               int64
	CreatedAt        time.Time
	Customer         account.Person
	Phone            string
	Status           Status
	IsPaid           bool
	PaymentOnGet     bool
	RequiresDelivery bool
	Address          string
	Total            money.Amount
	Lines            int    // how many lines
	Pieces           int    // how many units in all
	Goods            string // «Жакет «Вера» × 2; Палантин из норки × 1»
}

// Export hands each order f lets through to emit, newest first. Orders are read in batches (keyset pagination)
// inside one read-only snapshot: memory stays bounded however many there are, and the file is one consistent
// state, its rows neither missed nor repeated while orders change.
func (s *Service) Export(ctx context.Context, f Filter, emit func(Exported) error) error {
	m, err := s.match(ctx, f)
	if err != nil {
		return err
	}
	return store.InSnapshot(ctx, s.pool, func(tx *store.Tx) error {
		q := orderdb.New(store.CustomPlans{Querier: tx})
		p := orderdb.ExportOrdersParams{Status: m.Status, IsPaid: m.IsPaid, RequiresDelivery: m.RequiresDelivery,
			CreatedFrom: m.CreatedFrom, CreatedBefore: m.CreatedBefore, QUsers: m.QUsers, QPhone: m.QPhone,
			AfterCreatedAt: maxTime, AfterID: math.MaxInt64, BatchSize: exportBatch}
		for {
			rows, err := q.ExportOrders(ctx, p)
			if err != nil {
				return fmt.Errorf("export orders: %w", err)
			}
			ids := make([]int64, len(rows))
			for i, r := range rows {
				ids[i] = r.UserID
			}
			who, err := s.accounts.People(ctx, tx, ids)
			if err != nil {
				return err
			}
			for _, r := range rows {
				if err := emit(Exported{ID: r.ID, CreatedAt: r.CreatedAt, Customer: who[r.UserID], Phone: r.PhoneNumber,
					Status: Status(r.Status), IsPaid: r.IsPaid, PaymentOnGet: r.PaymentOnGet,
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
