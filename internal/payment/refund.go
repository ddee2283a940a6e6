package payment

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/audit"
	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/order"
	"github.com/mekhaishuby/furstore/internal/payment/internal/paymentdb"
	"github.com/mekhaishuby/furstore/internal/store"
	"github.com/mekhaishuby/furstore/internal/yookassa"
)

// maxReturnUnits bounds the fur units one refund takes back: more than any order holds.
const maxReturnUnits = 1000

// RefundInput is a refund staff ask for.
type RefundInput struct {
	// Amount is what to give back; nil: all that is left of the payment, or with ReturnUnits, what is left of
	// those units' price.
	Amount *money.Amount
	Reason string
	// ReturnUnits are the fur units the customer sent back after the order was handed over; they become
	// returned, and the return receipt names exactly them. Empty: money only, nothing comes back.
	ReturnUnits []int64
	// ReturnLines are pieces of lines of goods without a КИЗ that came back; the return receipt takes back as
	// many pieces of each line.
	ReturnLines []order.LineReturn
}

// Refund gives back money of the order's payment, for in.Reason, on behalf of staff member by (recorded in the
// audit log), and with in.ReturnUnits takes those units back (they wait in returned for inspection, and the
// order's history records the return). Never more than was paid in all: refunds under way count as given back.
// The refund is written down before ЮKassa is asked; if ЮKassa does not answer, it stays "new" and the
// reconciliation job sends it.
func (s *Service) Refund(ctx context.Context, orderID int64, in RefundInput, by account.User) (Refund, error) {
	var v apperr.Validation
	reason := order.CheckReason(&v, in.Reason)
	if in.Amount != nil && *in.Amount <= 0 {
		v.Add("invalid_value", "amount", "must be more than 0.00")
	}
	checkReturnUnits(&v, in.ReturnUnits)
	if in.ReturnLines != nil && len(in.ReturnLines) == 0 { // as return_units: [] says nothing came back
		v.Add("required", "return_lines", "must name at least one line; leave it out for a refund of money only")
	}
	order.CheckReturn(&v, order.Return{Lines: in.ReturnLines}, "return_units", "return_lines")
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
		ret := order.Return{Units: in.ReturnUnits, Lines: in.ReturnLines}
		back := !ret.Empty()
		if back {
			if err := o.CanReturn(); err != nil {
				return err
			}
		}
		ask := refundAsk{amount: in.Amount, reason: reason, by: &by.ID, units: in.ReturnUnits, lines: in.ReturnLines}
		if row, err = s.queueRefund(ctx, q, o, ask); err != nil {
			return err
		}
		after := map[string]any{"refund_id": row.ID, "amount": money.Amount(row.Amount), "reason": reason}
		if back {
			// The units are the catalog's and the history the order's: the order package moves both, under the
			// order's lock this transaction holds (after the payment's, as a payment applied sells them).
			note := order.ReturnNote(o, ret, fmt.Sprintf("refund %d of %s: %s", row.ID, money.Amount(row.Amount), row.Reason))
			refunds, err := q.PaymentRefunds(ctx, row.PaymentID)
			if err != nil {
				return err
			}
			counted := order.Return{Units: ret.Units, Lines: countedBack(o, ret.Lines, refunds)}
			if err := s.orders.RecordReturn(ctx, tx, o, counted, by.ID, note); err != nil {
				return apperr.RenameFields(err, "lines", "return_lines") // the order's name for them, a return's
			}
			if len(in.ReturnUnits) > 0 {
				after["return_units"] = in.ReturnUnits
			}
			if len(in.ReturnLines) > 0 {
				after["return_lines"] = in.ReturnLines
			}
		}
		return audit.Record(ctx, tx, by, audit.Entry{Action: "order.refund", ObjectType: "order", ObjectID: orderID, After: after})
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
	r, err := s.queueRefund(ctx, q, o, refundAsk{reason: reason, all: true})
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

// ReceiptFixed tells whether a payment of order orderID is under way or has succeeded, inside tx (which holds
// the order's row lock): its receipt named the order's units, so their КИЗ may not change any more.
func (s *Service) ReceiptFixed(ctx context.Context, tx *store.Tx, orderID int64) (bool, error) {
	return s.q.WithTx(tx).HasLivePayment(ctx, orderID)
}

// refundAsk is what a refund is to give back and take back.
type refundAsk struct {
	amount *money.Amount // nil: everything not yet given back, or with units, what is left of their price
	reason string
	by     *int64             // the staff member; nil: the shop itself
	units  []int64            // fur units that came back after hand-over (checked by the caller to be a handed-over order)
	lines  []order.LineReturn // pieces of lines without a КИЗ that came back, likewise
	all    bool               // everything comes back: the order was cancelled after it was paid, before it left the shop
}

// queueRefund writes a refund of o's succeeded payment down, under the order's row lock held by q's
// transaction, and with the payment's receipt, its return receipt: money only given back front to back over
// what the payment's receipt sold, the named units' pieces taken back, or with ask.all every piece.
func (s *Service) queueRefund(ctx context.Context, q *paymentdb.Queries, o order.Order, ask refundAsk) (paymentdb.Refund, error) {
	p, err := q.LockSucceededPayment(ctx, o.ID)
	if errors.Is(err, pgx.ErrNoRows) {
		return paymentdb.Refund{}, apperr.New(apperr.Conflict, "not_paid", "the order has no online payment to refund")
	}
	if err != nil {
		return paymentdb.Refund{}, err
	}
	refunds, err := q.PaymentRefunds(ctx, p.ID)
	if err != nil {
		return paymentdb.Refund{}, err
	}
	var given money.Amount
	for _, r := range refunds {
		switch r.Status {
		case StatusNew, StatusPending:
			// One refund at a time: the next one's return receipt starts where the earlier ones ended, which
			// is only known once they are final.
			return paymentdb.Refund{}, &apperr.Error{Kind: apperr.Conflict, Code: "refund_in_progress",
				Message: "another refund of this order is still in progress; try again once it is done", RetryAfter: time.Minute}
		case StatusSucceeded:
			given += money.Amount(r.Amount)
		}
	}
	left := money.Amount(p.Amount) - given
	if left <= 0 {
		return paymentdb.Refund{}, apperr.New(apperr.Conflict, "nothing_to_refund", "everything paid for the order has been refunded")
	}
	var paid yookassa.PaymentRequest
	if err := json.Unmarshal(p.Request, &paid); err != nil {
		return paymentdb.Refund{}, fmt.Errorf("payment %d: stored request: %w", p.ID, err)
	}
	sold := paid.Receipt
	if sold == nil { // paid without a receipt: the ledger is laid out from the order's lines, as one would be
		sold = s.paymentReceipt("", "", linesOf(o.Items))
	}
	l := newLedger(sold)
	l.replay(refunds)

	var shares []share
	var pieces []int32
	want := left
	switch {
	case len(ask.units) > 0 || len(ask.lines) > 0:
		if shares, want, err = takeUnits(l, o, ask, refunds); err != nil {
			return paymentdb.Refund{}, err
		}
		for _, sh := range shares {
			if sh.back {
				pieces = append(pieces, int32(sh.piece))
			}
		}
	case ask.all:
		var idx []int
		for i, pc := range l.pieces {
			if !pc.returned {
				idx = append(idx, i)
			}
		}
		shares = l.take(idx, want, nil)
		pieces = int32s(idx)
	default:
		if ask.amount != nil {
			want = *ask.amount
		}
		if want > left {
			return paymentdb.Refund{}, &apperr.Error{Kind: apperr.Conflict, Code: "refund_exceeds_payment",
				Message: fmt.Sprintf("at most %s can be refunded: %s paid, %s already refunded", left, money.Amount(p.Amount), given),
				Fields:  map[string]string{"amount": "must be at most " + left.String()}}
		}
		if o.Status != order.Delivered {
			if most := l.moneyKeepingUnits(); want > most {
				return paymentdb.Refund{}, &apperr.Error{Kind: apperr.Conflict, Code: "fur_unit_not_handed_over",
					Message: fmt.Sprintf("at most %s can be refunded now: more would give back the whole price of a fur unit the shop "+
						"has not handed over, whose sale only a return receipt with its КИЗ undoes; cancel the order (its refund "+
						"takes the units back), or take them back with return_units once it is handed over", most),
					Fields: map[string]string{"amount": "must be at most " + most.String()}}
			}
		}
		shares = l.money(want)
	}
	req := yookassa.RefundRequest{PaymentID: *p.YookassaID, Amount: yookassa.RUB(want),
		Description: truncate(ask.reason, order.MaxReasonLen), Metadata: map[string]string{"order_id": strconv.FormatInt(o.ID, 10)}}
	if s.cfg.Receipts && paid.Receipt != nil {
		req.Receipt = l.receipt(paid.Receipt, shares)
	}
	body, err := json.Marshal(req)
	if err != nil {
		return paymentdb.Refund{}, err
	}
	return q.InsertRefund(ctx, paymentdb.InsertRefundParams{PaymentID: p.ID, OrderID: o.ID, IdempotenceKey: newKey(),
		Request: body, Amount: want.Kopecks(), Reason: ask.reason, CreatedBy: ask.by, ReturnedPieces: pieces,
		ReturnedUnits: ask.units})
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
