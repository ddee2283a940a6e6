package catalog

import (
	"context"
	"fmt"

	"github.com/mekhaishuby/furstore/internal/catalog/internal/catalogdb"
)

// LowStockItem is a size of a product on sale that is running out.
type LowStockItem struct {
	ProductID, VariantID int64
	Name, SKU            string
	Size, Color          *string
	Stock                int32
}

// LowStock returns at most limit sizes on sale with atMost pieces or fewer left, fewest first.
func (a *Admin) LowStock(ctx context.Context, atMost, limit int32) ([]LowStockItem, error) {
	rows, err := a.s.q.LowStock(ctx, catalogdb.LowStockParams{AtMost: atMost, MaxRows: limit})
	if err != nil {
		return nil, fmt.Errorf("low stock: %w", err)
	}
	out := make([]LowStockItem, len(rows))
	for i, r := range rows {
		out[i] = LowStockItem{ProductID: r.ProductID, VariantID: r.VariantID, Name: r.Name, SKU: r.Sku, Size: r.Size, Color: r.Color, Stock: r.Stock}
	}
	return out, nil
}
