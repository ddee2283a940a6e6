package cart

import (
	"context"
	"errors"
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

// TakeForOrder empties the user's cart inside tx, the order's transaction, and returns what it held. The cart
// row stays locked until tx ends, so two orders from one cart cannot both take it.
func (s *Service) TakeForOrder(ctx context.Context, tx pgx.Tx, userID int64) ([]Item, error) {
	q := s.q.WithTx(tx)
	id, err := q.GetUserCartID(ctx, &userID)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, errEmpty
	}
	if err != nil {
		return nil, err
	}
	if _, err := q.LockCart(ctx, id); err != nil {
		return nil, err
	}
	rows, err := q.ListCartLines(ctx, id)
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
	return items, q.ClearCart(ctx, id)
}

// ForgetGuests deletes guest carts untouched since before; run it now and then.
func (s *Service) ForgetGuests(ctx context.Context, before time.Time) (int64, error) {
	return s.q.DeleteOldGuestCarts(ctx, before)
}
