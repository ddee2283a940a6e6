package catalog

import (
	"context"
	"strings"

	"github.com/mekhaishuby/furstore/internal/store"
)

// SKUVariant is a variant found by its SKU, with its product's name.
type SKUVariant struct {
	ID, ProductID       int64
	SKU, Name           string
	Size, Height, Color *string
	Stock               int32
	MarkedFur           bool
}

// VariantBySKU finds a variant by its SKU (spaces around it ignored); none is ErrVariantNotFound.
func (a *Admin) VariantBySKU(ctx context.Context, sku string) (SKUVariant, error) {
	r, err := a.s.q.AdminVariantBySKU(ctx, strings.TrimSpace(sku))
	if err != nil {
		return SKUVariant{}, store.NotFound(err, ErrVariantNotFound)
	}
	return SKUVariant{ID: r.ID, ProductID: r.ProductID, SKU: r.Sku, Name: r.Name, Size: r.Size, Height: r.Height,
		Color: r.Color, Stock: r.Stock, MarkedFur: r.MarkedFur}, nil
}
