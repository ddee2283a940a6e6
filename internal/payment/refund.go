package payment

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/audit"
	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/order"
	"github.com/mekhaishuby/furstore/internal/payment/internal/paymentdb"
	"github.com/mekhaishuby/furstore/internal/store"
	"github.com/mekhaishuby/furstore/internal/text"
	"github.com/mekhaishuby/furstore/internal/yookassa"
)

// maxReasonLen bounds a refund's reason; ЮKassa takes 250 characters of description.
const maxReasonLen = 250

// Refund gives back amount (nil: all that is left) of the order's payment, for reason, on behalf of staff
// member by (recorded in the audit log). Never more than was paid in all: refunds under way count as given back. The refund is written down
// before ЮKassa is asked; if ЮKassa does not answer, it stays "new" and the reconciliation job sends it.
func (s *Service) Refund(ctx context.Context, orderID int64, amount *money.Amount, reason string, by account.User) (Refund, error) {
	reason = strings.TrimSpace(reason)
	var v apperr.Validation
	switch n := utf8.RuneCountInString(reason); {
	case n == 0:
		v.Add("required", "reason", "is required")
	case n > maxReasonLen || text.Line(reason) != nil:
		v.Add("invalid_value", "reason", fmt.Sprintf("must be text of at most %d characters", maxReasonLen))
	}
	if amount != nil && *amount <= 0 {
		v.Add("invalid_value", "amount", "must be more than 0.00")
	}
	if err := v.Err(); err != nil {
		return Refund{}, err
	}
	var row paymentdb.Refund
	err := store.InTx(ctx, s.pool, func(tx *store.Tx) error {
		q := s.q.WithTx(tx)
		o, err := s.orders.Lock(ctx, tx, orderID)
		if err != nil {
			return err
		}
		if s.api == nil {
			return errDisabled
		}
		if row, err = s.queueRefund(ctx, q, o.ID, amount, reason, &by.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, by, audit.Entry{Action: "order.refund", ObjectType: "order", ObjectID: orderID,
			After: map[string]any{"refund_id": row.ID, "amount": money.Amount(row.Amount), "reason": reason}})
	})
	if err != nil {
		return Refund{}, err
	}
	return s.sendRefund(ctx, row, true)
}

// RefundCancelled writes down, inside tx (which already holds o's row lock: the caller takes it first, and it
// is not taken again here), a refund of everything paid for order o that is being cancelled, sent once tx has
// committed. Attempts whose confirmation URL nobody got are closed; a pending payment the payer completes
// later is refunded when its success arrives.
func (s *Service) RefundCancelled(ctx context.Context, tx *store.Tx, o order.Order, reason string) error {
	q := s.q.WithTx(tx)
	if err := q.CloseNewPayments(ctx, o.ID); err != nil {
		return err
	}
	if !o.IsPaid {
		return nil
	}
	if s.api == nil {
		return errDisabled
	}
	r, err := s.queueRefund(ctx, q, o.ID, nil, reason, nil)
	var nothingLeft *apperr.Error
	if errors.As(err, &nothingLeft) && nothingLeft.Code == "nothing_to_refund" {
		return nil // staff already gave it all back
	}
	if err != nil {
		return err
	}
	tx.AfterCommit(func(ctx context.Context) {
		if _, err := s.sendRefund(ctx, r, true); err != nil {
			s.log.Warn("refund of a cancelled order not sent yet; the reconciliation job will", "refund", r.ID, "err", err)
		}
	})
	return nil
}

// queueRefund writes a refund of the order's succeeded payment down, under the order's row lock held by q's
// transaction. amount nil: everything not yet given back.
func (s *Service) queueRefund(ctx context.Context, q *paymentdb.Queries, orderID int64, amount *money.Amount, reason string, by *int64) (paymentdb.Refund, error) {
	p, err := q.LockSucceededPayment(ctx, orderID)
	if errors.Is(err, pgx.ErrNoRows) {
		return paymentdb.Refund{}, apperr.New(apperr.Conflict, "not_paid", "the order has no online payment to refund")
	}
	if err != nil {
		return paymentdb.Refund{}, err
	}
	// One refund at a time: the next one's return receipt starts where the earlier ones ended, which is only
	// known once they are final.
	refunds, err := q.RefundTotals(ctx, p.ID)
	if err != nil {
		return paymentdb.Refund{}, err
	}
	if refunds.InFlight > 0 {
		return paymentdb.Refund{}, &apperr.Error{Kind: apperr.Conflict, Code: "refund_in_progress",
			Message: "another refund of this order is still in progress; try again once it is done", RetryAfter: time.Minute}
	}
	given := refunds.Given
	left := money.Amount(p.Amount - given)
	if left <= 0 {
		return paymentdb.Refund{}, apperr.New(apperr.Conflict, "nothing_to_refund", "everything paid for the order has been refunded")
	}
	want := left
	if amount != nil {
		want = *amount
	}
	if want > left {
		return paymentdb.Refund{}, &apperr.Error{Kind: apperr.Conflict, Code: "refund_exceeds_payment",
			Message: fmt.Sprintf("at most %s can be refunded: %s paid, %s already refunded", left, money.Amount(p.Amount), money.Amount(given)),
			Fields:  map[string]string{"amount": "must be at most " + left.String()}}
	}
	req := yookassa.RefundRequest{PaymentID: *p.YookassaID, Amount: yookassa.RUB(want),
		Description: truncate(reason, maxReasonLen), Metadata: map[string]string{"order_id": strconv.FormatInt(orderID, 10)}}
	if s.cfg.Receipts {
		var paid yookassa.PaymentRequest
		if err := json.Unmarshal(p.Request, &paid); err != nil {
			return paymentdb.Refund{}, fmt.Errorf("payment %d: stored request: %w", p.ID, err)
		}
		if paid.Receipt != nil {
			req.Receipt = refundReceipt(paid.Receipt, money.Amount(given), want)
		}
	}
	body, err := json.Marshal(req)
	if err != nil {
		return paymentdb.Refund{}, err
	}
	return q.InsertRefund(ctx, paymentdb.InsertRefundParams{PaymentID: p.ID, OrderID: orderID, IdempotenceKey: newKey(),
		Request: body, Amount: want.Kopecks(), Reason: reason, CreatedBy: by})
}

// sendRefund asks ЮKassa for the refund written down in row, with its key and the very bytes first prepared,
// and records the answer. ЮKassa refusing its first sending closes the refund (its amount can be refunded
// again). A later refusal closes nothing: an earlier sending may have been made after all (we only saw
// timeouts), and counting it as not given back could pay it out twice; it stays open, loudly logged, for
// staff to check in ЮKassa. No answer leaves it for the reconciliation job.
func (s *Service) sendRefund(ctx context.Context, row paymentdb.Refund, first bool) (Refund, error) {
	remote, err := s.api.CreateRefundJSON(ctx, row.IdempotenceKey, row.Request)
	ctx, cancel := detach(ctx, dbTimeout)
	defer cancel()
	var apiErr *yookassa.Error
	switch {
	case errors.As(err, &apiErr) && !apiErr.Retryable() && (!first || apiErr.Parameter == "Idempotence-Key"):
		s.log.Error("ЮKassa refused a refund it may already have made; it stays open: check it in ЮKassa's "+
			"Merchant Profile", "refund", row.ID, "order", row.OrderID, "err", err)
		return refundOf(row), nil
	case errors.As(err, &apiErr) && !apiErr.Retryable():
		s.log.Error("ЮKassa refused a refund", "refund", row.ID, "order", row.OrderID, "err", err)
		if err := s.q.CloseRefund(ctx, paymentdb.CloseRefundParams{ID: row.ID, CancelReason: "refused: " + apiErr.Code}); err != nil {
			return Refund{}, err
		}
		msg := "the payment service refused the refund"
		if apiErr.Description != "" {
			msg += ": " + apiErr.Description
		}
		return Refund{}, &apperr.Error{Kind: apperr.Unavailable, Code: "refund_refused", Message: msg}
	case err != nil:
		s.log.Warn("ЮKassa did not answer; the refund stays open and will be re-sent with the same key",
			"refund", row.ID, "order", row.OrderID, "err", err)
		return refundOf(row), nil // written down; the job finishes it
	}
	return s.applyRefund(ctx, row, remote)
}
