package apptest

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/mekhaishuby/furstore/internal/yookassa/yookassatest"
)

// OnlineOrder is a checkout body for an order the customer pays online, by pickup.
const OnlineOrder = `{"phone_number":"+7 985 550-88-53","requires_delivery":false,"payment_on_get":false}`

// Payment is an order's payment as the API answers it.
type Payment struct {
	PaymentID          *string `json:"payment_id"`
	Status             string  `json:"status"`
	Paid               bool    `json:"paid"`
	Amount             string  `json:"amount"`
	ConfirmationURL    *string `json:"confirmation_url"`
	CancellationReason string  `json:"cancellation_reason"`
}

// Refund is a refund as the API answers it.
type Refund struct {
	ID       int64   `json:"id"`
	RefundID *string `json:"refund_id"`
	Status   string  `json:"status"`
	Amount   string  `json:"amount"`
	Reason   string  `json:"reason"`
}

// StartPaying starts the store as Start does, with online payment on: a fake ЮKassa of the test's own, started
// here in place of opt.YooKassa, is behind it and at hand as s.YooKassa.
func StartPaying(t testing.TB, opt Options) *Server {
	t.Helper()
	opt.YooKassa = yookassatest.Start(t)
	return Start(t, opt)
}

// PlaceOnline puts slug × quantity … in the customer's cart and orders it for online payment.
func (s *Server) PlaceOnline(auth []string, items ...any) Order {
	s.t.Helper()
	return s.Place(auth, OnlineOrder, items...)
}

// Pay starts the online payment of an order (POST /api/orders/{id}/payment) and fails unless the status is
// want; the payment is read only from a 2xx answer.
func (s *Server) Pay(want int, orderID int64, auth []string) (Payment, Response) {
	s.t.Helper()
	var p Payment
	res := s.expect(want, &p, "POST", fmt.Sprintf("/api/orders/%d/payment", orderID), "", auth...)
	return p, res
}

// PayOnline pays an order end to end: starts its payment, has the fake ЮKassa take the money and delivers the
// payment.succeeded notification. It returns the payment as it was started.
func (s *Server) PayOnline(orderID int64, auth []string) Payment {
	s.t.Helper()
	p, _ := s.Pay(http.StatusCreated, orderID, auth)
	if err := s.YooKassa.Pay(*p.PaymentID); err != nil {
		s.t.Fatal(err)
	}
	s.Notify("payment.succeeded", *p.PaymentID)
	return p
}

// Notify sends the webhook ЮKassa would send about one of its objects (a payment or a refund) as the fake now
// has it, and returns what the store made of it.
func (s *Server) Notify(event, id string) string {
	s.t.Helper()
	object, ok := s.YooKassa.Object(id)
	if !ok {
		s.t.Fatalf("the fake has no object %s", id)
	}
	return s.Webhook(http.StatusOK, fmt.Sprintf(`{"type":"notification","event":%q,"object":%s}`, event, object))
}

// Webhook posts a notification body to the ЮKassa webhook and fails unless the status is want; it returns the
// answer's status field, or its error code.
func (s *Server) Webhook(want int, body string, header ...string) string {
	s.t.Helper()
	res := s.Do("POST", "/api/payments/yookassa/webhook", body, header...)
	if res.Status != want {
		s.t.Fatalf("webhook %.120s → %d %s; want %d", body, res.Status, res.Body, want)
	}
	var out struct {
		Status string `json:"status"`
		Error  struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	res.JSON(s.t, &out)
	return out.Status + out.Error.Code
}

// Refund asks, as staff, for a refund of an order and fails unless the status is want; the refund is read only
// from a 2xx answer.
func (s *Server) Refund(want int, orderID int64, body string, auth []string) (Refund, Response) {
	s.t.Helper()
	var r Refund
	res := s.expect(want, &r, "POST", fmt.Sprintf("/api/admin/orders/%d/refund", orderID), body, auth...)
	return r, res
}
