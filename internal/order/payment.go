package order

import (
	"context"

	"github.com/mekhaishuby/furstore/internal/order/internal/orderdb"
	"github.com/mekhaishuby/furstore/internal/store"
)

// What online payment (the payment package) does with orders. Lock order: an order's row before any of its
// payments (docs/moving-parts.md).

// Lock returns order id as staff see it (lines, history, customer), its row locked by tx until tx ends: the
// first lock of every change to an order, whoever makes it.
func (s *Service) Lock(ctx context.Context, tx *store.Tx, id int64) (Order, error) {
	row, err := s.q.WithTx(tx).LockOrder(ctx, id)
	if err != nil {
		return Order{}, store.NotFound(err, ErrNotFound)
	}
	orders := []Order{orderOf(row)}
	return orders[0], s.fill(ctx, tx, orders, true)
}

// MarkPaid records, under o's row lock held by tx, that the money for o has arrived: the paid flag and a
// history entry with note (made by the shop itself, not by a person). An order already paid is left as it is.
func (s *Service) MarkPaid(ctx context.Context, tx *store.Tx, o Order, note string) error {
	if o.IsPaid {
		return nil
	}
	q := s.q.WithTx(tx)
	if err := q.MarkOrderPaid(ctx, o.ID); err != nil {
		return err
	}
	if err := q.InsertStatusHistory(ctx, orderdb.InsertStatusHistoryParams{OrderID: o.ID, Status: string(o.Status), Note: note}); err != nil {
		return err
	}
	if o.Status == Cancelled { // its units went back on the shelf; the money goes back (package payment)
		return nil
	}
	return s.catalog.SellUnits(ctx, tx, o.ID, nil, "paid online")
}

// StatusOf returns the status of the user's order id; someone else's order is not found.
func (s *Service) StatusOf(ctx context.Context, userID, id int64) (Status, error) {
	row, err := s.q.GetUserOrder(ctx, orderdb.GetUserOrderParams{ID: id, UserID: userID})
	if err != nil {
		return "", store.NotFound(err, ErrNotFound)
	}
	return Status(row.Status), nil
}
