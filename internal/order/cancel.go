package order

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/store/db"
)

// Cancel cancels the user's own order while it is still «В обработке»; its stock goes back on sale and what was
// paid online goes back to the payer.
func (s *Service) Cancel(ctx context.Context, userID, id int64) (Order, error) {
	var after func(context.Context)
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		o, err := s.q.WithTx(tx).LockUserOrder(ctx, db.LockUserOrderParams{ID: id, UserID: userID})
		if errors.Is(err, pgx.ErrNoRows) {
			return errNotFound
		}
		if err != nil {
			return err
		}
		if Status(o.Status) != Processing {
			return apperr.New(apperr.Conflict, "not_cancellable",
				fmt.Sprintf("the order is «%s»; only an order «%s» can be cancelled by the customer", Status(o.Status).Label(), Processing.Label()))
		}
		after, err = CancelTx(ctx, tx, s.catalog, s.refunds, id,
			Cancellation{By: userID, Note: "cancelled by the customer", Reason: "the customer cancelled the order"})
		return err
	})
	if err != nil {
		return Order{}, err
	}
	after(ctx)
	return s.Get(ctx, userID, id)
}

// Cancellation says who cancels an order and why.
type Cancellation struct {
	By     int64  // the account that cancels: the customer, or a staff member
	Note   string // the note of the history entry; may be empty
	Reason string // why the money goes back, for the refund
}

// CancelTx cancels order id inside tx, the caller's transaction, which must already hold the order's row lock:
// the order's row first, then its products in id order (taken here), then its payments, as every path does,
// so that no two paths deadlock. The status, its history entry, the stock given back and the refund of what
// was paid online are written down in tx. after must run once tx committed: it puts the stock back on sale
// first, whatever ЮKassa then takes to answer, and sends the refund; ЮKassa is never called inside tx.
func CancelTx(ctx context.Context, tx pgx.Tx, cat *catalog.Service, refunds Refunder, id int64, c Cancellation) (after func(context.Context), err error) {
	q := db.New(tx)
	if err := q.SetOrderStatus(ctx, db.SetOrderStatusParams{ID: id, Status: string(Cancelled)}); err != nil {
		return nil, err
	}
	if err := q.InsertStatusHistory(ctx, db.InsertStatusHistoryParams{OrderID: id, Status: string(Cancelled), ChangedBy: &c.By, Note: c.Note}); err != nil {
		return nil, err
	}
	if err := q.LockOrderProducts(ctx, id); err != nil {
		return nil, err
	}
	if err := q.ReturnStock(ctx, id); err != nil {
		return nil, err
	}
	refund, err := refunds.RefundCancelled(ctx, tx, id, c.Reason)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) {
		cat.StockChanged(ctx)
		refund(ctx)
	}, nil
}
