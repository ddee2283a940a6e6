package yookassa_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/yookassa"
	"github.com/mekhaishuby/furstore/internal/yookassa/yookassatest"
)

// newClient returns a client of the fake with quick retries; edit adjusts the configuration.
func newClient(t *testing.T, s *yookassatest.Server, edit ...func(*yookassa.Config)) *yookassa.Client {
	t.Helper()
	cfg := yookassa.Config{
		ShopID:      s.ShopID,
		SecretKey:   s.SecretKey,
		BaseURL:     s.URL,
		Timeout:     2 * time.Second,
		MaxAttempts: 4,
		RetryBase:   time.Millisecond,
	}
	for _, e := range edit {
		e(&cfg)
	}
	return yookassa.New(cfg, nil)
}

func paymentRequest(amount money.Amount) yookassa.PaymentRequest {
	return yookassa.PaymentRequest{
		Amount:       yookassa.RUB(amount),
		Capture:      true,
		Confirmation: yookassa.Redirect("https://shop.example/orders/42/paid"),
		Description:  "Заказ №42",
		Metadata:     map[string]string{"order_id": "42"},
	}
}

// furReceipt is a receipt for a marked mink coat and two pairs of gloves: 15000.00 + 2 × 700.00 = 16400.00.
func furReceipt() *yookassa.Receipt {
	return &yookassa.Receipt{
		Customer: &yookassa.Customer{Email: "buyer@example.com"},
		Items: []yookassa.ReceiptItem{{
			Description:    "Шуба норковая",
			Quantity:       yookassa.Pieces(1),
			Amount:         yookassa.RUB(1500000),
			VATCode:        yookassa.VAT22,
			PaymentMode:    yookassa.PaymentModeFullPrepayment,
			PaymentSubject: yookassa.PaymentSubjectNonMarked,
			Measure:        yookassa.MeasurePiece,
			MarkCodeInfo:   &yookassa.MarkCodeInfo{Fur: "RU-430302-AAA7582720"},
			MarkMode:       yookassa.MarkModeDefault,
			PlannedStatus:  yookassa.PlannedPieceSold,
		}, {
			Description:    "Перчатки",
			Quantity:       yookassa.Pieces(2),
			Amount:         yookassa.RUB(70000),
			VATCode:        yookassa.VAT22,
			PaymentMode:    yookassa.PaymentModeFullPrepayment,
			PaymentSubject: yookassa.PaymentSubjectCommodity,
			Measure:        yookassa.MeasurePiece,
		}},
	}
}

func TestCreateThenGetPayment(t *testing.T) {
	s := yookassatest.Start(t)
	c := newClient(t, s)
	ctx := context.Background()

	p, err := c.CreatePayment(ctx, "order-42-attempt-1", paymentRequest(1640000))
	if err != nil {
		t.Fatal(err)
	}
	if p.ID == "" || p.Status != yookassa.StatusPending || p.Paid || !p.Test || p.Amount != yookassa.RUB(1640000) ||
		p.Description != "Заказ №42" || !strings.HasPrefix(p.ConfirmationURL(), "https://") ||
		p.CreatedAt.IsZero() || p.Metadata["order_id"] != "42" {
		t.Errorf("created payment = %+v", p)
	}
	got, err := c.GetPayment(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(p, got); diff != "" {
		t.Errorf("GET differs from the created payment (-created +got):\n%s", diff)
	}

	if err := s.SetStatus(p.ID, yookassatest.StatusSucceeded); err != nil {
		t.Fatal(err)
	}
	got, err = c.GetPayment(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != yookassa.StatusSucceeded || !got.Paid || !got.Refundable || got.CapturedAt == nil ||
		got.IncomeAmount == nil || got.Confirmation != nil {
		t.Errorf("succeeded payment = %+v", got)
	}

	stored := s.Payments()
	if len(stored) != 1 || stored[0].IdempotenceKey != "order-42-attempt-1" || !stored[0].Capture {
		t.Errorf("the fake holds %+v", stored)
	}
}

// TestAmountsExact sends kopecks through the whole round trip: request, the fake's ledger, answers, refunds.
func TestAmountsExact(t *testing.T) {
	s := yookassatest.Start(t)
	c := newClient(t, s)
	ctx := context.Background()

	p, err := c.CreatePayment(ctx, "k1", paymentRequest(1234567))
	if err != nil {
		t.Fatal(err)
	}
	if stored, _ := s.Payment(p.ID); stored.Amount != 1234567 || p.Amount != yookassa.RUB(1234567) {
		t.Errorf("sent 12345.67, the fake holds %s and answered %s", stored.Amount, p.Amount)
	}
	if err := s.SetStatus(p.ID, yookassatest.StatusSucceeded); err != nil {
		t.Fatal(err)
	}
	for i, v := range []money.Amount{1234566, 1} {
		r, err := c.CreateRefund(ctx, "refund-"+string(rune('a'+i)), yookassa.RefundRequest{PaymentID: p.ID, Amount: yookassa.RUB(v)})
		if err != nil {
			t.Fatal(err)
		}
		if r.Amount != yookassa.RUB(v) {
			t.Errorf("refund amount = %s, want %s", r.Amount, v)
		}
	}
	got, err := c.GetPayment(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.RefundedAmount == nil || *got.RefundedAmount != yookassa.RUB(1234567) || got.Refundable {
		t.Errorf("refunded %v, refundable %t; want 12345.67 and false", got.RefundedAmount, got.Refundable)
	}
}

func TestCaptureAndCancel(t *testing.T) {
	s := yookassatest.Start(t)
	c := newClient(t, s)
	ctx := context.Background()
	held := func(key string) *yookassa.Payment {
		t.Helper()
		req := paymentRequest(1640000)
		req.Capture = false
		p, err := c.CreatePayment(ctx, key, req)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Pay(p.ID); err != nil {
			t.Fatal(err)
		}
		return p
	}

	t.Run("partial capture", func(t *testing.T) {
		p := held("hold-1")
		got, err := c.GetPayment(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != yookassa.StatusWaitingForCapture || !got.Paid || got.ExpiresAt == nil {
			t.Errorf("held payment = %+v", got)
		}
		part := yookassa.RUB(1600000)
		got, err = c.CapturePayment(ctx, "capture-1", p.ID, yookassa.CaptureRequest{Amount: &part})
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != yookassa.StatusSucceeded || got.Amount != part || got.CapturedAt == nil || !got.Refundable {
			t.Errorf("captured payment = %+v", got)
		}
	})

	t.Run("full capture", func(t *testing.T) {
		p := held("hold-2")
		got, err := c.CapturePayment(ctx, "capture-2", p.ID, yookassa.CaptureRequest{})
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != yookassa.StatusSucceeded || got.Amount != yookassa.RUB(1640000) {
			t.Errorf("captured payment = %+v", got)
		}
	})

	t.Run("cancel", func(t *testing.T) {
		p := held("hold-3")
		got, err := c.CancelPayment(ctx, "cancel-3", p.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := &yookassa.CancellationDetails{Party: yookassa.PartyMerchant, Reason: yookassa.ReasonCanceledByMerchant}
		if diff := cmp.Diff(want, got.CancellationDetails); got.Status != yookassa.StatusCanceled || diff != "" {
			t.Errorf("canceled payment = %+v", got)
		}
	})

	t.Run("capture of a pending payment", func(t *testing.T) {
		p, err := c.CreatePayment(ctx, "pending-4", paymentRequest(100))
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.CapturePayment(ctx, "capture-4", p.ID, yookassa.CaptureRequest{})
		var apiErr *yookassa.Error
		if !errors.As(err, &apiErr) || apiErr.Status != 400 || apiErr.Code != "invalid_request" {
			t.Errorf("err = %v, want a 400 invalid_request", err)
		}
	})
}

func TestRefunds(t *testing.T) {
	s := yookassatest.Start(t)
	c := newClient(t, s)
	ctx := context.Background()
	p, err := c.CreatePayment(ctx, "pay", paymentRequest(1640000))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetStatus(p.ID, yookassatest.StatusSucceeded); err != nil {
		t.Fatal(err)
	}

	r, err := c.CreateRefund(ctx, "refund-1", yookassa.RefundRequest{
		PaymentID:   p.ID,
		Amount:      yookassa.RUB(1000000),
		Description: "Возврат по заказу №42",
		Metadata:    map[string]string{"order_id": "42"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if r.ID == "" || r.PaymentID != p.ID || r.Status != yookassa.StatusSucceeded || r.Amount != yookassa.RUB(1000000) ||
		r.Description != "Возврат по заказу №42" || r.Metadata["order_id"] != "42" || r.CreatedAt.IsZero() {
		t.Errorf("refund = %+v", r)
	}
	got, err := c.GetRefund(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(r, got); diff != "" {
		t.Errorf("GET refund (-created +got):\n%s", diff)
	}

	// 6400.00 are left: a kopeck more is refused, naming the amount.
	_, err = c.CreateRefund(ctx, "refund-2", yookassa.RefundRequest{PaymentID: p.ID, Amount: yookassa.RUB(640001)})
	var apiErr *yookassa.Error
	if !errors.As(err, &apiErr) || apiErr.Status != 400 || apiErr.Parameter != "amount.value" {
		t.Errorf("over-refund: err = %v, want 400 on amount.value", err)
	}
	if _, err := c.CreateRefund(ctx, "refund-3", yookassa.RefundRequest{PaymentID: p.ID, Amount: yookassa.RUB(640000)}); err != nil {
		t.Fatal(err)
	}
	got2, err := c.GetPayment(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got2.Refundable || got2.RefundedAmount == nil || *got2.RefundedAmount != yookassa.RUB(1640000) ||
		got2.Status != yookassa.StatusSucceeded {
		t.Errorf("fully refunded payment = %+v", got2)
	}
	if n := len(s.Refunds()); n != 2 {
		t.Errorf("refunds = %d, want 2", n)
	}
}

func TestReceipt(t *testing.T) {
	s := yookassatest.Start(t)
	s.RequireReceipts(true)
	c := newClient(t, s)
	ctx := context.Background()

	_, err := c.CreatePayment(ctx, "no-receipt", paymentRequest(1640000))
	var apiErr *yookassa.Error
	if !errors.As(err, &apiErr) || apiErr.Parameter != "receipt" || apiErr.Description != "Receipt is missing or illegal" {
		t.Errorf("payment without a receipt: err = %v", err)
	}

	req := paymentRequest(1640000)
	req.Receipt = furReceipt()
	p, err := c.CreatePayment(ctx, "with-receipt", req)
	if err != nil {
		t.Fatal(err)
	}
	if p.ReceiptRegistration != yookassa.StatusPending {
		t.Errorf("receipt_registration = %q, want pending", p.ReceiptRegistration)
	}
	stored, _ := s.Payment(p.ID)
	var got yookassa.Receipt
	if err := json.Unmarshal(stored.Receipt, &got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(furReceipt(), &got); diff != "" {
		t.Errorf("receipt the fake received (-sent +got):\n%s", diff)
	}
	// The coat's marking fields travel under ЮKassa's names, planned_status as a number; the gloves carry none.
	for field, n := range map[string]int{`"mark_mode":"0"`: 1, `"planned_status":1`: 1, `"mark_code_info"`: 1} {
		if got := strings.Count(string(stored.Receipt), field); got != n {
			t.Errorf("%s appears %d times in %s; want %d", field, got, stored.Receipt, n)
		}
	}

	// A kopeck off: the items no longer add up to the payment.
	req.Receipt.Items[1].Amount = yookassa.RUB(69999)
	_, err = c.CreatePayment(ctx, "off-by-a-kopeck", req)
	if !errors.As(err, &apiErr) || apiErr.Parameter != "receipt.items.amount" {
		t.Errorf("receipt off by a kopeck: err = %v", err)
	}
}

// TestWire checks each call's method, path, headers and exact body against a plain handler, and that the
// answer is decoded.
func TestWire(t *testing.T) {
	const payment = `{"id":"22e12f66-000f-5000-8000-18db351245c7","status":"pending","paid":false,
		"amount":{"value":"16400.00","currency":"RUB"},"created_at":"2018-07-18T10:51:18.139Z","test":true,
		"refundable":false,"metadata":{}}`
	const refund = `{"id":"216749f7-0016-50be-b000-078d43a63ae4","payment_id":"22e12f66-000f-5000-8000-18db351245c7",
		"status":"succeeded","created_at":"2018-07-18T10:51:18.139Z","amount":{"value":"100.00","currency":"RUB"}}`
	const id = "22e12f66-000f-5000-8000-18db351245c7"
	withReceipt := paymentRequest(1640000)
	withReceipt.Receipt = furReceipt()
	part := yookassa.RUB(10000)
	tests := []struct {
		name         string
		call         func(context.Context, *yookassa.Client) (any, error)
		method, path string
		key, body    string
		answer       string
	}{
		{
			name: "create payment",
			call: func(ctx context.Context, c *yookassa.Client) (any, error) {
				return c.CreatePayment(ctx, "order-42-attempt-1", withReceipt)
			},
			method: "POST", path: "/v3/payments", key: "order-42-attempt-1",
			body: `{"amount":{"value":"16400.00","currency":"RUB"},"capture":true,` +
				`"confirmation":{"type":"redirect","return_url":"https://shop.example/orders/42/paid"},` +
				`"description":"Заказ №42","metadata":{"order_id":"42"},"receipt":{"customer":{"email":"buyer@example.com"},"items":[` +
				`{"description":"Шуба норковая","quantity":1,"amount":{"value":"15000.00","currency":"RUB"},"vat_code":11,` +
				`"payment_mode":"full_prepayment","payment_subject":"non_marked","measure":"piece","mark_code_info":{"fur":"RU-430302-AAA7582720"},"mark_mode":"0","planned_status":1},` +
				`{"description":"Перчатки","quantity":2,"amount":{"value":"700.00","currency":"RUB"},"vat_code":11,` +
				`"payment_mode":"full_prepayment","payment_subject":"commodity","measure":"piece"}]}}`,
			answer: payment,
		},
		{
			name: "create payment, two stages, nothing optional",
			call: func(ctx context.Context, c *yookassa.Client) (any, error) {
				return c.CreatePayment(ctx, "k", yookassa.PaymentRequest{Amount: yookassa.RUB(1), Confirmation: yookassa.Redirect("https://s/")})
			},
			method: "POST", path: "/v3/payments", key: "k",
			body:   `{"amount":{"value":"0.01","currency":"RUB"},"capture":false,"confirmation":{"type":"redirect","return_url":"https://s/"}}`,
			answer: payment,
		},
		{
			name:   "get payment",
			call:   func(ctx context.Context, c *yookassa.Client) (any, error) { return c.GetPayment(ctx, id) },
			method: "GET", path: "/v3/payments/" + id,
			answer: payment,
		},
		{
			name: "capture all",
			call: func(ctx context.Context, c *yookassa.Client) (any, error) {
				return c.CapturePayment(ctx, "cap", id, yookassa.CaptureRequest{})
			},
			method: "POST", path: "/v3/payments/" + id + "/capture", key: "cap", body: `{}`,
			answer: payment,
		},
		{
			name: "capture part",
			call: func(ctx context.Context, c *yookassa.Client) (any, error) {
				return c.CapturePayment(ctx, "cap", id, yookassa.CaptureRequest{Amount: &part})
			},
			method: "POST", path: "/v3/payments/" + id + "/capture", key: "cap",
			body: `{"amount":{"value":"100.00","currency":"RUB"}}`, answer: payment,
		},
		{
			name:   "cancel",
			call:   func(ctx context.Context, c *yookassa.Client) (any, error) { return c.CancelPayment(ctx, "can", id) },
			method: "POST", path: "/v3/payments/" + id + "/cancel", key: "can", body: `{}`,
			answer: payment,
		},
		{
			name: "create refund",
			call: func(ctx context.Context, c *yookassa.Client) (any, error) {
				return c.CreateRefund(ctx, "ref", yookassa.RefundRequest{PaymentID: id, Amount: yookassa.RUB(10000), Description: "Возврат"})
			},
			method: "POST", path: "/v3/refunds", key: "ref",
			body:   `{"payment_id":"` + id + `","amount":{"value":"100.00","currency":"RUB"},"description":"Возврат"}`,
			answer: refund,
		},
		{
			name:   "get refund, id escaped",
			call:   func(ctx context.Context, c *yookassa.Client) (any, error) { return c.GetRefund(ctx, "a/b") },
			method: "GET", path: "/v3/refunds/a/b",
			answer: refund,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			type seen struct {
				method, path, rawPath, user, pass, key, contentType, accept, body string
				basic                                                             bool
			}
			got := make(chan seen, 1)
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				body, _ := io.ReadAll(r.Body)
				user, pass, ok := r.BasicAuth()
				got <- seen{r.Method, r.URL.Path, r.URL.RawPath, user, pass, r.Header.Get("Idempotence-Key"),
					r.Header.Get("Content-Type"), r.Header.Get("Accept"), string(body), ok}
				w.Header().Set("Content-Type", "application/json")
				io.WriteString(w, tt.answer)
			}))
			defer srv.Close()
			c := yookassa.New(yookassa.Config{ShopID: "100500", SecretKey: "test_key", BaseURL: srv.URL + "/v3/"}, nil)

			out, err := tt.call(context.Background(), c)
			if err != nil {
				t.Fatal(err)
			}
			var wantOut any
			switch out.(type) {
			case *yookassa.Payment:
				wantOut = new(yookassa.Payment)
			case *yookassa.Refund:
				wantOut = new(yookassa.Refund)
			}
			if err := json.Unmarshal([]byte(tt.answer), wantOut); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(wantOut, out); diff != "" {
				t.Errorf("decoded answer (-want +got):\n%s", diff)
			}

			r := <-got
			want := seen{method: tt.method, path: tt.path, user: "100500", pass: "test_key", basic: true, key: tt.key,
				accept: "application/json", body: tt.body}
			if tt.method == "POST" {
				want.contentType = "application/json"
			}
			if tt.name == "get refund, id escaped" {
				want.rawPath = "/v3/refunds/a%2Fb"
			}
			if diff := cmp.Diff(want, r, cmp.AllowUnexported(seen{})); diff != "" {
				t.Errorf("request (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLocalRefusals(t *testing.T) {
	s := yookassatest.Start(t)
	c := newClient(t, s)
	ctx := context.Background()
	req := paymentRequest(100)

	for _, key := range []string{"", strings.Repeat("k", 65), "with space", "ключ"} {
		if _, err := c.CreatePayment(ctx, key, req); !errors.Is(err, yookassa.ErrIdempotenceKey) {
			t.Errorf("CreatePayment with key %q: err = %v, want ErrIdempotenceKey", key, err)
		}
	}
	long := strings.Repeat("k", 65)
	if _, err := c.CapturePayment(ctx, long, "id", yookassa.CaptureRequest{}); !errors.Is(err, yookassa.ErrIdempotenceKey) {
		t.Errorf("CapturePayment: err = %v", err)
	}
	if _, err := c.CancelPayment(ctx, long, "id"); !errors.Is(err, yookassa.ErrIdempotenceKey) {
		t.Errorf("CancelPayment: err = %v", err)
	}
	if _, err := c.CreateRefund(ctx, long, yookassa.RefundRequest{PaymentID: "id", Amount: yookassa.RUB(1)}); !errors.Is(err, yookassa.ErrIdempotenceKey) {
		t.Errorf("CreateRefund: err = %v", err)
	}
	if _, err := c.GetPayment(ctx, ""); err == nil {
		t.Error("GetPayment with an empty id did not fail")
	}
	if _, err := c.GetRefund(ctx, " "); err == nil {
		t.Error("GetRefund with a blank id did not fail")
	}
	if _, err := c.CreatePayment(ctx, "neg", paymentRequest(-100)); err == nil {
		t.Error("a negative amount was sent")
	}
	if n := len(s.Requests()); n != 0 {
		t.Errorf("%d requests reached the server, want none", n)
	}
	if _, err := c.CreatePayment(ctx, strings.Repeat("k", 64), req); err != nil {
		t.Errorf("a 64-character key was refused: %v", err)
	}
}

// TestIdempotentReplays checks that the caller's own retry with the same key gets the same payment, and that
// the same key with other data is a typed 400 that is not retried.
func TestIdempotentReplays(t *testing.T) {
	s := yookassatest.Start(t)
	c := newClient(t, s)
	ctx := context.Background()

	first, err := c.CreatePayment(ctx, "order-7-attempt-1", paymentRequest(500000))
	if err != nil {
		t.Fatal(err)
	}
	again, err := c.CreatePayment(ctx, "order-7-attempt-1", paymentRequest(500000))
	if err != nil {
		t.Fatal(err)
	}
	if again.ID != first.ID || len(s.Payments()) != 1 {
		t.Errorf("same key twice made payments %s and %s", first.ID, again.ID)
	}

	before := len(s.Requests())
	_, err = c.CreatePayment(ctx, "order-7-attempt-1", paymentRequest(500001))
	var apiErr *yookassa.Error
	if !errors.As(err, &apiErr) || apiErr.Status != 400 || apiErr.Parameter != "Idempotence-Key" ||
		apiErr.Description != "Idempotence key duplicated" {
		t.Errorf("same key, other amount: err = %v", err)
	}
	if n := len(s.Requests()) - before; n != 1 {
		t.Errorf("the 400 was sent %d times, want once", n)
	}
}

// TestConcurrentUse runs several payments at once through faults; run with -race.
func TestConcurrentUse(t *testing.T) {
	s := yookassatest.Start(t)
	// More attempts than faults, so no payment can run out of attempts however the faults fall.
	c := newClient(t, s, func(cfg *yookassa.Config) { cfg.MaxAttempts = 6 })
	s.FailNext(3, yookassatest.Fault{})
	s.FailNext(2, yookassatest.Fault{AfterProcessing: true})
	var wg sync.WaitGroup
	errs := make(chan error, 10)
	for i := range 10 {
		wg.Go(func() {
			_, err := c.CreatePayment(context.Background(), "concurrent-"+string(rune('a'+i)), paymentRequest(money.Amount(100+i)))
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if n := len(s.Payments()); n != 10 {
		t.Errorf("payments = %d, want 10", n)
	}
}
