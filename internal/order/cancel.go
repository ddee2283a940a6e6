package order

import (
	"context"
	"fmt"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/order/internal/orderdb"
	"github.com/mekhaishuby/furstore/internal/store"
)

// Cancel cancels the user's own order while it is still «В обработке»; its stock goes back on sale and what was
// paid online goes back to the payer.
func (s *Service) Cancel(ctx context.Context, userID, id int64) (Order, error) {
	err := store.InTx(ctx, s.pool, func(tx *store.Tx) error {
		row, err := s.q.WithTx(tx).LockUserOrder(ctx, orderdb.LockUserOrderParams{ID: id, UserID: userID})
		if err != nil {
			return store.NotFound(err, ErrNotFound)
		}
		o := orderOf(row)
		if o.Status != Processing {
			return apperr.New(apperr.Conflict, "not_cancellable",
				fmt.Sprintf("the order is «%s»; only an order «%s» can be cancelled by the customer", o.Status.Label(), Processing.Label()))
		}
		return s.cancel(ctx, tx, o, cancellation{By: userID, Note: "cancelled by the customer", Reason: "the customer cancelled the order"})
	})
	if err != nil {
		return Order{}, err
	}
	return s.Get(ctx, userID, id)
}

// cancellation says who cancels an order and why.
type cancellation struct {
	By     int64  // the account that cancels: the customer, or a staff member
	Note   string // the note of the history entry; may be empty
	Reason string // why the money goes back, for the refund
}

// cancel cancels o inside tx, which already holds o's row lock: the order's row first, then its products in
// id order (the catalog locks them), then its payments (the payment package), as every path does, so that no
// two paths deadlock. The status, its history entry, the stock given back and the refund of what was paid
// online are written down in tx; once tx has committed, the catalog announces the stock back on sale and the
// refund is sent (each owner registered that itself). ЮKassa is never called inside tx.
func (s *Service) cancel(ctx context.Context, tx *store.Tx, o Order, c cancellation) error {
	q := s.q.WithTx(tx)
	if err := q.SetOrderStatus(ctx, orderdb.SetOrderStatusParams{ID: o.ID, Status: string(Cancelled)}); err != nil {
		return err
	}
	if err := q.InsertStatusHistory(ctx, orderdb.InsertStatusHistoryParams{OrderID: o.ID, Status: string(Cancelled), ChangedBy: &c.By, Note: c.Note}); err != nil {
		return err
	}
	rows, err := q.OrderQuantities(ctx, o.ID)
	if err != nil {
		return err
	}
	lines := make([]catalog.Line, len(rows))
	for i, r := range rows {
		lines[i] = catalog.Line{VariantID: r.VariantID, Quantity: r.Quantity}
	}
	if err := s.catalog.ReturnStock(ctx, tx, lines); err != nil {
		return err
	}
	if err := s.catalog.ReleaseUnits(ctx, tx, o.ID, "the order was cancelled"); err != nil {
		return err
	}
	// A paid order sold its units; cancelled before it left the shop, they go back on the shelf too.
	if err := s.catalog.ReleaseSoldUnits(ctx, tx, o.ID, "the paid order was cancelled"); err != nil {
		return err
	}
	return s.payments.RefundCancelled(ctx, tx, o, c.Reason)
}
