package catalog

import (
	"context"

	"github.com/mekhaishuby/furstore/internal/store"
)

// Orders is what the catalog asks of the orders before it changes what they hold. Package order, which
// depends on the catalog, provides it, wired in by SetOrders once both exist (internal/app). Without it (the
// catalog alone, as in its own tests) there are no orders.
type Orders interface {
	// VariantsOrdered tells, inside tx, whether an order line, of any order, names one of the variants.
	VariantsOrdered(ctx context.Context, tx *store.Tx, variantIDs []int64) (bool, error)
	// VariantsInOpenOrders tells, inside tx, whether an order neither handed over nor cancelled holds one of
	// the variants.
	VariantsInOpenOrders(ctx context.Context, tx *store.Tx, variantIDs []int64) (bool, error)
}

// SetOrders wires the orders in.
func (s *Service) SetOrders(o Orders) { s.orders = o }

func (s *Service) variantsOrdered(ctx context.Context, tx *store.Tx, ids []int64) (bool, error) {
	if s.orders == nil {
		return false, nil
	}
	return s.orders.VariantsOrdered(ctx, tx, ids)
}

func (s *Service) variantsInOpenOrders(ctx context.Context, tx *store.Tx, ids []int64) (bool, error) {
	if s.orders == nil {
		return false, nil
	}
	return s.orders.VariantsInOpenOrders(ctx, tx, ids)
}
