package payment

import (
	"context"
	"time"

	"github.com/mekhaishuby/furstore/internal/payment/internal/paymentdb"
)

// reconcileBatch is how many open payments (and refunds) one pass takes.
const reconcileBatch = 20

// RunReconciler asks ЮKassa about every payment and refund left open longer than Config.RecheckAfter, until
// ctx ends: a notification that never came, an answer lost to a timeout, or a crash between the call and its
// record all end in the right state. Several servers may run it at once; each row goes to one of them.
func (s *Service) RunReconciler(ctx context.Context) {
	if s.api == nil {
		return
	}
	every := min(max(s.cfg.RecheckAfter/5, time.Second), time.Minute)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		for {
			n, err := s.Reconcile(ctx)
			if err != nil && ctx.Err() == nil {
				s.log.Warn("payment reconciliation", "err", err)
			}
			if n < reconcileBatch || ctx.Err() != nil {
				break // drained; a full batch means more may be waiting
			}
		}
	}
}

// Reconcile makes one pass: it leases a batch of stale open payments and refunds (SKIP LOCKED, committed at
// once) and brings each up to date through the API. It returns how many rows it took.
func (s *Service) Reconcile(ctx context.Context) (int, error) {
	stale := s.cfg.RecheckAfter.Seconds()
	payments, err := s.claims.ClaimStalePayments(ctx, paymentdb.ClaimStalePaymentsParams{StaleSeconds: stale, Batch: reconcileBatch})
	if err != nil {
		return 0, err
	}
	for _, p := range payments {
		if _, err := s.sync(ctx, p); err != nil {
			s.log.Warn("could not bring a payment up to date", "payment", p.ID, "order", p.OrderID, "err", err)
		}
	}
	refunds, err := s.claims.ClaimStaleRefunds(ctx, paymentdb.ClaimStaleRefundsParams{StaleSeconds: stale, Batch: reconcileBatch})
	if err != nil {
		return len(payments), err
	}
	for _, r := range refunds {
		if _, err := s.syncRefund(ctx, r); err != nil {
			s.log.Warn("could not bring a refund up to date", "refund", r.ID, "order", r.OrderID, "err", err)
		}
	}
	return max(len(payments), len(refunds)), nil
}
