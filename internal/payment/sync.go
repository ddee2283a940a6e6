package payment

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mekhaishuby/furstore/internal/order"
	"github.com/mekhaishuby/furstore/internal/payment/internal/paymentdb"
)

// freshFor is how recent our knowledge of an open payment must be for Current to show it without asking ЮKassa.
const freshFor = 10 * time.Second

// Current returns the latest payment of the user's order. A pending payment not checked for a while is first
// read from ЮKassa (briefly; if ЮKassa is slow, what we know is shown), so the payer who comes back from
// ЮKassa's page sees the outcome even before the notification arrives. It never creates anything at ЮKassa:
// attempts ЮKassa has not confirmed are left to Start and the reconciliation job.
func (s *Service) Current(ctx context.Context, userID, orderID int64) (Payment, error) {
	status, err := s.orders.StatusOf(ctx, userID, orderID)
	if err != nil {
		return Payment{}, err
	}
	row, err := s.q.LatestPayment(ctx, orderID)
	if errors.Is(err, pgx.ErrNoRows) {
		return Payment{}, errNoPayment
	}
	if err != nil {
		return Payment{}, err
	}
	p := paymentOf(row)
	if s.api != nil && row.YookassaID != nil && rank(p.Status) < rank(StatusSucceeded) && time.Since(row.CheckedAt) >= freshFor {
		ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		defer cancel()
		if fresh, err := s.refresh(ctx, row); err != nil {
			s.log.Warn("could not bring a payment up to date", "payment", p.ID, "err", err)
		} else {
			p = fresh
		}
	}
	if status == order.Cancelled {
		p.ConfirmationURL = "" // nobody should pay for a cancelled order (if they do, it goes straight back)
	}
	return p, nil
}

// sync brings an open payment up to date: one ЮKassa never answered about is sent again with its key (which
// also tells us its id), unless the key has expired; one with an id is read from the API.
func (s *Service) sync(ctx context.Context, row paymentdb.Payment) (Payment, error) {
	if row.YookassaID == nil {
		if time.Since(row.CreatedAt) > keyLifetime {
			return s.expire(ctx, row)
		}
		return s.send(ctx, row)
	}
	remote, err := s.api.GetPayment(ctx, *row.YookassaID)
	if err != nil {
		return Payment{}, err
	}
	return s.apply(ctx, row, remote) // checked_at: set by the job's lease, and by SetPaymentState on a change
}

// refresh is sync for Current, of a payment ЮKassa knows: it also records the check when nothing changes, so a
// payer watching the page makes us ask ЮKassa at most once every freshFor.
func (s *Service) refresh(ctx context.Context, row paymentdb.Payment) (Payment, error) {
	remote, err := s.api.GetPayment(ctx, *row.YookassaID)
	if err != nil {
		return Payment{}, err
	}
	if err := s.q.TouchPayment(ctx, row.ID); err != nil {
		return Payment{}, err
	}
	return s.apply(ctx, row, remote)
}

// expire closes an attempt ЮKassa never confirmed whose key ЮKassa has forgotten: re-sending it now could make
// a second payment, and since its confirmation URL never reached anyone, nobody can have paid it.
func (s *Service) expire(ctx context.Context, row paymentdb.Payment) (Payment, error) {
	if err := s.q.ClosePayment(ctx, paymentdb.ClosePaymentParams{ID: row.ID, CancelReason: "never_confirmed"}); err != nil {
		return Payment{}, err
	}
	row, err := s.q.GetPayment(ctx, row.ID)
	return paymentOf(row), err
}

// syncRefund does for a refund what sync does for a payment.
func (s *Service) syncRefund(ctx context.Context, row paymentdb.Refund) (Refund, error) {
	if row.YookassaID == nil {
		if time.Since(row.CreatedAt) > keyLifetime {
			// ЮKassa has forgotten the key: a re-send could give the money back twice. The refund stays open,
			// counted as given back (so nobody refunds it again by accident), for staff to check with ЮKassa.
			s.log.Error("a refund ЮKassa never answered about is older than its idempotence key; check it in ЮKassa's "+
				"Merchant Profile", "refund", row.ID, "order", row.OrderID)
			return refundOf(row), nil
		}
		return s.sendRefund(ctx, row, false)
	}
	remote, err := s.api.GetRefund(ctx, *row.YookassaID)
	if err != nil {
		return Refund{}, err
	}
	return s.applyRefund(ctx, row, remote)
}

// keyLifetime is how long ЮKassa remembers an idempotence key (24 h), less a margin.
const keyLifetime = 23 * time.Hour

// ForOrder returns every payment attempt and refund of an order, oldest first, for the back office.
func (s *Service) ForOrder(ctx context.Context, orderID int64) ([]Payment, []Refund, error) {
	prows, err := s.q.OrderPayments(ctx, orderID)
	if err != nil {
		return nil, nil, err
	}
	rrows, err := s.q.OrderRefunds(ctx, orderID)
	if err != nil {
		return nil, nil, err
	}
	payments := make([]Payment, len(prows))
	for i, p := range prows {
		payments[i] = paymentOf(p)
	}
	refunds := make([]Refund, len(rrows))
	for i, r := range rrows {
		refunds[i] = refundOf(r)
	}
	return payments, refunds, nil
}
