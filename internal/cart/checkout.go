package cart

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/store"
)

var errEmpty = apperr.New(apperr.Invalid, "empty_cart", "the cart is empty: add products before placing an order")

// TakeForOrder empties the user's cart inside tx, the order's transaction, and returns what it held, in
// variant id order (the catalog's lock order). Its rows stay locked until tx ends, so a second order racing
// from the same cart finds it empty.
func (s *Service) TakeForOrder(ctx context.Context, tx *store.Tx, userID int64) ([]catalog.Line, error) {
	rows, err := s.q.WithTx(tx).TakeUserCart(ctx, &userID)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, errEmpty
	}
	lines := make([]catalog.Line, len(rows))
	for i, r := range rows {
		lines[i] = catalog.Line{VariantID: r.VariantID, Quantity: r.Quantity}
	}
	slices.SortFunc(lines, func(a, b catalog.Line) int { return cmp.Compare(a.VariantID, b.VariantID) })
	return lines, nil
}

// ForgetGuests deletes guest carts untouched since before; run it now and then.
func (s *Service) ForgetGuests(ctx context.Context, before time.Time) (int64, error) {
	return s.q.DeleteOldGuestCarts(ctx, before)
}
