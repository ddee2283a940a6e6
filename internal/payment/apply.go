package payment

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/mekhaishuby/furstore/internal/mail"
	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/order"
	"github.com/mekhaishuby/furstore/internal/payment/internal/paymentdb"
	"github.com/mekhaishuby/furstore/internal/store"
	"github.com/mekhaishuby/furstore/internal/yookassa"
)

// dbTimeout bounds the bookkeeping after a call to ЮKassa, which runs even if the client has gone.
const dbTimeout = 10 * time.Second

// errMismatch is a payment or refund whose ЮKassa object does not match our record: never acted on.
var errMismatch = errors.New("the ЮKassa object does not match our record")

// apply moves the payment row (as read before; re-read here under its lock) to the state ЮKassa reports in
// remote (fetched from the API by us, never taken from a notification's body) after checking that remote is
// that payment: same id once known, same amount, same order. The state only moves forward. A success marks the
// order paid, writes its history and mails the customer; money that arrives for an order cancelled meanwhile
// goes straight back.
func (s *Service) apply(ctx context.Context, row paymentdb.Payment, remote *yookassa.Payment) (Payment, error) {
	var out paymentdb.Payment
	var refund *paymentdb.Refund
	err := store.InTx(ctx, s.pool, func(tx *store.Tx) error {
		q := s.q.WithTx(tx)
		refund = nil // a retried attempt starts afresh (store.InTx)
		// The order's row first, then the payment's: the same order as Start, Cancel and Refund. A payment's
		// order never changes, so the row the caller read names it.
		o, err := s.orders.Lock(ctx, tx, row.OrderID)
		if err != nil {
			return err
		}
		p, err := q.LockPayment(ctx, row.ID)
		if err != nil {
			return err
		}
		out = p
		if err := matches(p, remote); err != nil {
			s.log.Error("ЮKassa payment does not match ours; nothing changed", "payment", p.ID, "order", p.OrderID,
				"yookassa_id", remote.ID, "err", err)
			return errMismatch
		}
		status := string(remote.Status)
		if rank(status) <= rank(p.Status) {
			return nil // a repeat, or news older than what we know
		}
		params := paymentdb.SetPaymentStateParams{ID: p.ID, YookassaID: &remote.ID, Status: status, ConfirmationUrl: remote.ConfirmationURL()}
		if remote.CancellationDetails != nil {
			params.CancelParty, params.CancelReason = remote.CancellationDetails.Party, remote.CancellationDetails.Reason
		}
		if err := q.SetPaymentState(ctx, params); err != nil {
			return err
		}
		out.YookassaID, out.Status, out.ConfirmationUrl = params.YookassaID, params.Status, params.ConfirmationUrl
		out.CancelParty, out.CancelReason = params.CancelParty, params.CancelReason
		if yookassa.Status(status).Final() {
			tx.AfterCommit(func(context.Context) { s.events.PaymentSettled(status) })
		}
		if status != StatusSucceeded {
			return nil
		}
		if !o.IsPaid {
			if err := s.orders.MarkPaid(ctx, tx, o, "paid online, ЮKassa payment "+remote.ID); err != nil {
				return err
			}
			if err := mail.Enqueue(ctx, tx, paidMail(o, money.Amount(p.Amount), s.cfg.PublicURL)); err != nil {
				return err
			}
		}
		if o.Status == order.Cancelled {
			// The payer paid a payment that was already open when the order was cancelled: give it all back, and
			// with it every piece its receipt sold (they never left the shop).
			r, err := s.queueRefund(ctx, q, o, refundAsk{reason: "the order was cancelled before it was paid", all: true})
			if err != nil {
				return err
			}
			refund = &r
		}
		return nil
	})
	if err != nil {
		return Payment{}, err
	}
	if refund != nil {
		if _, err := s.sendRefund(ctx, *refund, true); err != nil {
			s.log.Warn("refund of a cancelled order not sent yet; the reconciliation job will", "refund", refund.ID, "err", err)
		}
	}
	return paymentOf(out), nil
}

// matches checks that remote is the payment we recorded.
func matches(p paymentdb.Payment, remote *yookassa.Payment) error {
	switch {
	case p.YookassaID != nil && *p.YookassaID != remote.ID:
		return fmt.Errorf("id %s, ours is %s", remote.ID, *p.YookassaID)
	case remote.Amount.Currency != yookassa.CurrencyRUB || remote.Amount.Value.Kopecks() != p.Amount:
		return fmt.Errorf("amount %s, ours is %s", remote.Amount, money.Amount(p.Amount))
	case remote.Metadata["order_id"] != strconv.FormatInt(p.OrderID, 10):
		return fmt.Errorf("metadata.order_id %q, ours is %d", remote.Metadata["order_id"], p.OrderID)
	case rank(string(remote.Status)) < 1:
		return fmt.Errorf("unknown status %q", remote.Status)
	}
	return nil
}

// applyRefund moves the refund row (as read before; re-read here under its lock) to the state ЮKassa reports
// in remote, after checking it is that refund of that payment for that amount; forward only. A succeeded refund
// is mailed to the customer.
func (s *Service) applyRefund(ctx context.Context, row paymentdb.Refund, remote *yookassa.Refund) (Refund, error) {
	var out paymentdb.Refund
	err := store.InTx(ctx, s.pool, func(tx *store.Tx) error {
		q := s.q.WithTx(tx)
		// The order's row first, then the refund's, as in apply.
		o, err := s.orders.Lock(ctx, tx, row.OrderID)
		if err != nil {
			return err
		}
		locked, err := q.LockRefund(ctx, row.ID)
		if err != nil {
			return err
		}
		r, paymentID := locked.Refund, locked.PaymentYookassaID
		out = r
		var bad error
		switch {
		case r.YookassaID != nil && *r.YookassaID != remote.ID:
			bad = fmt.Errorf("id %s, ours is %s", remote.ID, *r.YookassaID)
		case paymentID == nil || remote.PaymentID != *paymentID:
			bad = fmt.Errorf("payment %s is not ours", remote.PaymentID)
		case remote.Amount.Currency != yookassa.CurrencyRUB || remote.Amount.Value.Kopecks() != r.Amount:
			bad = fmt.Errorf("amount %s, ours is %s", remote.Amount, money.Amount(r.Amount))
		case remote.Status != yookassa.StatusPending && !remote.Status.Final():
			bad = fmt.Errorf("unknown status %q", remote.Status)
		}
		if bad != nil {
			s.log.Error("ЮKassa refund does not match ours; nothing changed", "refund", r.ID, "yookassa_id", remote.ID, "err", bad)
			return errMismatch
		}
		status := string(remote.Status)
		if rank(status) <= rank(r.Status) {
			return nil
		}
		params := paymentdb.SetRefundStateParams{ID: r.ID, YookassaID: &remote.ID, Status: status}
		if remote.CancellationDetails != nil {
			params.CancelReason = remote.CancellationDetails.Reason
		}
		if err := q.SetRefundState(ctx, params); err != nil {
			return err
		}
		out.YookassaID, out.Status, out.CancelReason = params.YookassaID, params.Status, params.CancelReason
		if remote.Status.Final() {
			tx.AfterCommit(func(context.Context) { s.events.RefundSettled(status) })
		}
		if status == StatusSucceeded {
			return mail.Enqueue(ctx, tx, refundMail(o, money.Amount(r.Amount), s.cfg.PublicURL))
		}
		return nil
	})
	if err != nil {
		return Refund{}, err
	}
	return refundOf(out), nil
}
