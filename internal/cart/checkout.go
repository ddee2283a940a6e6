package cart

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mekhaishuby/furstore/internal/apperr"
)

// Item is a product and quantity taken from a cart into an order.
type Item struct {
	ProductID int64
	Quantity  int32
}

var errEmpty = apperr.New(apperr.Invalid, "empty_cart", "the cart is empty: add products before placing an order")

// TakeForOrder empties the user's cart inside tx, the order's transaction, and returns what it held. Its rows
// stay locked until tx ends, so a second order racing from the same cart finds it empty.
func (s *Service) TakeForOrder(ctx context.Context, tx pgx.Tx, userID int64) ([]Item, error) {
	rows, err := s.q.WithTx(tx).TakeUserCart(ctx, &userID)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, errEmpty
	}
	items := make([]Item, len(rows))
	for i, r := range rows {
		items[i] = Item{ProductID: r.ProductID, Quantity: r.Quantity}
	}
	// Lock order is the products' (by id), whatever order the cart held them in.
	slices.SortFunc(items, func(a, b Item) int { return cmp.Compare(a.ProductID, b.ProductID) })
	return items, nil
}

// ForgetGuests deletes guest carts untouched since before; run it now and then.
func (s *Service) ForgetGuests(ctx context.Context, before time.Time) (int64, error) {
	return s.q.DeleteOldGuestCarts(ctx, before)
}
