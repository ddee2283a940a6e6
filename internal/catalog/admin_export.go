package catalog

import (
	"context"
	"fmt"

	"github.com/mekhaishuby/furstore/internal/catalog/internal/catalogdb"
	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/store"
)

// exportBatch is how many products an export holds in memory at a time.
const exportBatch = 500

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

// ExportProducts hands every product, inactive ones too, to emit in id order. Products are read in batches
// (keyset pagination) inside one read-only snapshot (store.InSnapshot): memory stays bounded however many there
// are, and the file is one consistent state, its rows neither missed nor repeated while products change.
func (a *Admin) ExportProducts(ctx context.Context, emit func(ExportedProduct) error) error {
	return store.InSnapshot(ctx, a.s.pool, func(tx *store.Tx) error {
		q := catalogdb.New(store.CustomPlans{Querier: tx}) // a generic plan would join every product left for each batch
		p := catalogdb.ExportProductsParams{BatchSize: exportBatch}
		for {
			rows, err := q.ExportProducts(ctx, p)
			if err != nil {
				return fmt.Errorf("export products: %w", err)
			}
			for _, r := range rows {
				if err := emit(ExportedProduct{ID: r.ID, Slug: r.Slug, Name: r.Name, Category: r.CategoryPath,
					Price: money.Amount(r.Price), OldPrice: money.FromPtr(r.OldPrice), Stock: int(r.Stock),
					IsActive: r.IsActive, MarkedFur: r.MarkedFur}); err != nil {
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
