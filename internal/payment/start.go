package payment

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/order"
	"github.com/mekhaishuby/furstore/internal/payment/internal/paymentdb"
	"github.com/mekhaishuby/furstore/internal/store"
	"github.com/mekhaishuby/furstore/internal/yookassa"
)

// Start begins paying for the user's order, or returns the payment already under way: created reports a new
// ЮKassa payment. Only an unpaid, not cancelled order without payment on receipt can be paid. The attempt is
// committed before ЮKassa is called; if ЮKassa does not answer, the attempt stays open and the next Start (or
// the reconciliation job) sends the very same request with the same key.
func (s *Service) Start(ctx context.Context, userID, orderID int64) (p Payment, created bool, err error) {
	var row paymentdb.Payment
	err = store.InTx(ctx, s.pool, func(tx *store.Tx) error {
		q := s.q.WithTx(tx)
		o, err := s.orders.Lock(ctx, tx, orderID)
		if err == nil && o.UserID != userID {
			return order.ErrNotFound
		}
		if err != nil {
			return err
		}
		switch {
		case o.Status == order.Cancelled:
			return apperr.New(apperr.Conflict, "order_cancelled", "the order is cancelled and cannot be paid")
		case o.IsPaid:
			return apperr.New(apperr.Conflict, "already_paid", "the order is already paid")
		case o.PaymentOnGet:
			return apperr.New(apperr.Conflict, "payment_on_receipt", "the order is to be paid on receipt, not online")
		case s.api == nil:
			return errDisabled // checked after the order, so a wrong order still reads as one
		}
		row, err = q.GetOpenPayment(ctx, orderID)
		if err == nil && !(row.Status == StatusNew && time.Since(row.CreatedAt) > keyLifetime) {
			return nil // one is under way: show it, or re-send it if ЮKassa never answered
		}
		if err == nil {
			// ЮKassa never confirmed it and has forgotten its key: close it (nobody got its URL) and start anew.
			if err := q.ClosePayment(ctx, paymentdb.ClosePaymentParams{ID: row.ID, CancelReason: "never_confirmed"}); err != nil {
				return err
			}
		} else if !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		body, err := json.Marshal(s.paymentRequest(o))
		if err != nil {
			return err
		}
		row, err = q.InsertPayment(ctx, paymentdb.InsertPaymentParams{OrderID: orderID, IdempotenceKey: newKey(), Request: body, Amount: o.Total.Kopecks()})
		return err
	})
	if err != nil {
		return Payment{}, false, err
	}
	if row.Status != StatusNew {
		return paymentOf(row), false, nil
	}
	p, err = s.send(ctx, row)
	return p, err == nil, err
}

// paymentRequest is the payment ЮKassa is asked for: the order total, taken at once (capture), the payer sent
// back to the shop, and with receipts on, the 54-ФЗ receipt of the order's lines.
func (s *Service) paymentRequest(o order.Order) yookassa.PaymentRequest {
	number := strconv.FormatInt(o.ID, 10)
	req := yookassa.PaymentRequest{
		Amount:       yookassa.RUB(o.Total),
		Capture:      true,
		Confirmation: yookassa.Redirect(s.returnURL(o.ID)),
		Description:  "Заказ №" + number,
		Metadata:     map[string]string{"order_id": number},
	}
	if !s.cfg.Receipts {
		return req
	}
	req.Receipt = s.paymentReceipt(o.Customer.Email, o.Phone, linesOf(o.Items))
	return req
}

// send asks ЮKassa for the payment written down in row, with its own key and the very bytes first prepared,
// and records the answer.
func (s *Service) send(ctx context.Context, row paymentdb.Payment) (Payment, error) {
	remote, err := s.api.CreatePaymentJSON(ctx, row.IdempotenceKey, row.Request)
	// From here the payment may exist at ЮKassa: record what we learnt even if our client has gone.
	ctx, cancel := detach(ctx, dbTimeout)
	defer cancel()
	var apiErr *yookassa.Error
	switch {
	case errors.As(err, &apiErr) && !apiErr.Retryable():
		// ЮKassa refused the request itself; the same key would be refused again. Close the attempt so the
		// next one is a new request with a new key. Safe even if an earlier sending was made after all: its
		// confirmation URL never reached anyone, so it cannot be paid.
		s.log.Error("ЮKassa refused a payment", "payment", row.ID, "order", row.OrderID, "err", err)
		if err := s.q.ClosePayment(ctx, paymentdb.ClosePaymentParams{ID: row.ID, CancelReason: "refused: " + apiErr.Code}); err != nil {
			return Payment{}, err
		}
		return Payment{}, &apperr.Error{Kind: apperr.Unavailable, Code: "payment_refused",
			Message: "the payment service refused the payment; please choose payment on receipt or try later"}
	case err != nil:
		s.log.Warn("ЮKassa did not answer; the payment stays open and will be re-sent with the same key",
			"payment", row.ID, "order", row.OrderID, "err", err)
		return Payment{}, unavailable()
	}
	return s.apply(ctx, row, remote)
}
