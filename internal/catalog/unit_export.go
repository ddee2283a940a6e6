package catalog

import (
	"context"
	"fmt"
	"time"

	"github.com/mekhaishuby/furstore/internal/catalog/internal/catalogdb"
	"github.com/mekhaishuby/furstore/internal/store"
)

// ExportedUnit is one row of units.csv: a unit, what it is, where it is, and when it came, went and came back.
type ExportedUnit struct {
	ID          int64
	KIZ         *string // nil: not known yet
	ProductName string
	SKU         string
	Size        *string // nil: one size
	Status      string
	OrderID     *int64
	ReceivedAt  time.Time
	SoldAt      *time.Time // the last sale; nil: never sold
	ReturnedAt  *time.Time // the last return; nil: never returned
}

// ExportUnits hands every fur unit, written-off ones too, to emit in id order, read in batches inside one
// read-only snapshot, as ExportProducts reads products: memory stays bounded and the file is one consistent
// state, for reconciliation with «Честный знак».
func (a *Admin) ExportUnits(ctx context.Context, emit func(ExportedUnit) error) error {
	return store.InSnapshot(ctx, a.s.pool, func(tx *store.Tx) error {
		q := catalogdb.New(store.CustomPlans{Querier: tx}) // planned per batch, as the other exports
		p := catalogdb.ExportUnitsParams{BatchSize: exportBatch}
		for {
			rows, err := q.ExportUnits(ctx, p)
			if err != nil {
				return fmt.Errorf("export fur units: %w", err)
			}
			for _, r := range rows {
				if err := emit(ExportedUnit{ID: r.ID, KIZ: r.Kiz, ProductName: r.ProductName, SKU: r.Sku, Size: r.Size,
					Status: r.Status, OrderID: r.OrderID, ReceivedAt: r.ReceivedAt, SoldAt: orNil(r.SoldAt),
					ReturnedAt: orNil(r.ReturnedAt)}); err != nil {
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

// orNil is a time of an outer join's row that may be missing (sqlc gives it two pointers).
func orNil(t **time.Time) *time.Time {
	if t == nil {
		return nil
	}
	return *t
}
