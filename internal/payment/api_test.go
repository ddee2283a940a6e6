package payment_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mekhaishuby/furstore/internal/apptest"
	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/yookassa/yookassatest"
)

func TestPaymentHappyPath(t *testing.T) {
	t.Parallel()
	s := apptest.StartPaying(t, apptest.Options{})
	anna := s.Customer("anna@mail.ru").Auth
	o := s.PlaceOnline(anna, "shuba-elena", 1, "palantin", 2)
	total := apptest.Amount(t, o.TotalPrice)

	p, _ := s.Pay(http.StatusCreated, o.ID, anna)
	if p.PaymentID == nil || p.Status != "pending" || p.Paid || apptest.Amount(t, p.Amount) != total || p.ConfirmationURL == nil {
		t.Fatalf("new payment = %+v; want pending for %s with a confirmation URL", p, total)
	}
	made := s.YooKassa.Payments()
	if len(made) != 1 {
		t.Fatalf("ЮKassa has %d payments; want 1", len(made))
	}
	y := made[0]
	number := strconv.FormatInt(o.ID, 10)
	if y.ID != *p.PaymentID || y.Amount != total || !y.Capture || y.Description != "Заказ №"+number ||
		y.Metadata["order_id"] != number || y.ReturnURL != apptest.Frontend+"/orders/"+number+"/paid" || y.IdempotenceKey == "" {
		t.Errorf("ЮKassa got %+v", y)
	}

	// Asking again while it is pending: the same payment, nothing new at ЮKassa.
	again, _ := s.Pay(http.StatusOK, o.ID, anna)
	if *again.PaymentID != *p.PaymentID || len(s.YooKassa.Payments()) != 1 {
		t.Errorf("second ask gave %v (ЮKassa has %d payments); want the same one", *again.PaymentID, len(s.YooKassa.Payments()))
	}

	if err := s.YooKassa.Pay(*p.PaymentID); err != nil {
		t.Fatal(err)
	}
	if got := s.Notify("payment.succeeded", *p.PaymentID); got != "applied" {
		t.Errorf("notification → %q; want applied", got)
	}
	paid := s.Order(o.ID, anna...)
	if !paid.IsPaid || len(paid.StatusHistory) != 2 {
		t.Errorf("after payment: is_paid %v, history %v; want paid with a history entry", paid.IsPaid, paid.Statuses())
	}
	cur := s.Do("GET", fmt.Sprintf("/api/orders/%d/payment", o.ID), "", anna...)
	var pb apptest.Payment
	cur.JSON(t, &pb)
	if cur.Status != 200 || pb.Status != "succeeded" || !pb.Paid || pb.ConfirmationURL != nil {
		t.Errorf("GET payment → %d %+v; want succeeded", cur.Status, pb)
	}

	// The same notification again, and a late pending one: nothing moves twice or back.
	s.Notify("payment.succeeded", *p.PaymentID)
	s.Notify("payment.waiting_for_capture", *p.PaymentID)
	if got := s.Order(o.ID, anna...); !got.IsPaid || len(got.StatusHistory) != 2 {
		t.Errorf("after duplicates: is_paid %v, history %v", got.IsPaid, got.Statuses())
	}
	if n := s.Scalar("SELECT count(*) FROM mail_outbox WHERE kind = 'order_paid' AND to_address = 'anna@mail.ru'"); n != 1 {
		t.Errorf("%d «paid» mails; want 1", n)
	}
	if _, res := s.Pay(http.StatusConflict, o.ID, anna); apptest.ErrorOf(t, res).Error.Code != "already_paid" {
		t.Errorf("paying a paid order → %s", res.Body)
	}
}

func TestPaymentRetriesNeverChargeTwice(t *testing.T) {
	t.Parallel()
	s := apptest.StartPaying(t, apptest.Options{})
	anna := s.Customer("anna@mail.ru").Auth

	// ЮKassa makes the payment but our client sees a 500: the client's retry with the same key gets it.
	o := s.PlaceOnline(anna, "zhaket-vera", 1)
	s.YooKassa.FailNext(1, yookassatest.Fault{AfterProcessing: true})
	p, _ := s.Pay(http.StatusCreated, o.ID, anna)
	if made := s.YooKassa.Payments(); len(made) != 1 || made[0].ID != *p.PaymentID {
		t.Fatalf("after a 500 and a retry ЮKassa has %d payments; want the one we show", len(made))
	}

	// ЮKassa stays down through every retry: 503, the attempt stays written down, and the customer's next
	// try sends the very same request with the same key.
	o2 := s.PlaceOnline(anna, "zhaket-olga", 1)
	before := len(s.YooKassa.Requests())
	s.YooKassa.FailNext(4, yookassatest.Fault{AfterProcessing: true})
	_, res := s.Pay(http.StatusServiceUnavailable, o2.ID, anna)
	if e := apptest.ErrorOf(t, res); e.Error.Code != "payment_provider_unavailable" || res.Header.Get("Retry-After") == "" {
		t.Errorf("ЮKassa down → %s (Retry-After %q)", res.Body, res.Header.Get("Retry-After"))
	}
	p2, _ := s.Pay(http.StatusCreated, o2.ID, anna)
	var keys []string
	for _, r := range s.YooKassa.Requests()[before:] {
		if r.Method == "POST" && strings.HasSuffix(r.Path, "/payments") {
			keys = append(keys, r.IdempotenceKey)
		}
	}
	if len(keys) != 5 || len(slices.Compact(slices.Clone(keys))) != 1 {
		t.Errorf("idempotence keys sent: %q; want 5 tries with one key", keys)
	}
	n := 0
	for _, y := range s.YooKassa.Payments() {
		if y.Metadata["order_id"] == strconv.FormatInt(o2.ID, 10) {
			n++
			if y.ID != *p2.PaymentID {
				t.Errorf("ЮKassa's payment %s is not the one shown, %s", y.ID, *p2.PaymentID)
			}
		}
	}
	if n != 1 {
		t.Errorf("order %d has %d payments at ЮKassa; want 1", o2.ID, n)
	}
}

func TestPaymentForgedAndUnknownNotifications(t *testing.T) {
	t.Parallel()
	s := apptest.StartPaying(t, apptest.Options{})
	anna := s.Customer("anna@mail.ru").Auth
	o := s.PlaceOnline(anna, "zhaket-vera", 1)
	p, _ := s.Pay(http.StatusCreated, o.ID, anna)

	// The body claims success; ЮKassa's API says pending. Nothing changes.
	forged := fmt.Sprintf(`{"type":"notification","event":"payment.succeeded","object":{"id":%q,"status":"succeeded","paid":true,"amount":{"value":%q,"currency":"RUB"},"metadata":{"order_id":"%d"}}}`,
		*p.PaymentID, o.TotalPrice, o.ID)
	s.Webhook(http.StatusOK, forged)
	if s.Order(o.ID, anna...).IsPaid {
		t.Fatal("a forged payment.succeeded marked the order paid")
	}
	// Unknown ids and events are acknowledged and ignored, so ЮKassa stops re-sending.
	if got := s.Webhook(http.StatusOK, `{"type":"notification","event":"payment.succeeded","object":{"id":"2ea1c3f4-000f-5000-8000-000000000000"}}`); got != "ignored" {
		t.Errorf("unknown payment → %q", got)
	}
	if got := s.Webhook(http.StatusOK, fmt.Sprintf(`{"type":"notification","event":"deal.closed","object":{"id":%q}}`, *p.PaymentID)); got != "ignored" {
		t.Errorf("unknown event → %q", got)
	}
	for _, body := range []string{``, `{`, `[]`, `{"type":"notification"}`, `{"type":"notification","event":"payment.succeeded","object":{"id":"../../me"}}`,
		`{"type":"notification","event":"payment.succeeded","object":{"id":42}}`, `{"type":"wat","event":"payment.succeeded","object":{"id":"x"}}`} {
		res := s.Do("POST", "/api/payments/yookassa/webhook", body, "Content-Type", "application/json")
		if res.Status != http.StatusBadRequest {
			t.Errorf("webhook %q → %d %s; want 400", body, res.Status, res.Body)
		}
	}
	if s.Order(o.ID, anna...).IsPaid {
		t.Error("bad notifications marked the order paid")
	}
	// ЮKassa's API down while verifying: 503 so ЮKassa re-sends; nothing changes.
	if err := s.YooKassa.Pay(*p.PaymentID); err != nil {
		t.Fatal(err)
	}
	s.YooKassa.FailNext(4, yookassatest.Fault{})
	object, _ := s.YooKassa.Object(*p.PaymentID)
	s.Webhook(http.StatusServiceUnavailable, fmt.Sprintf(`{"type":"notification","event":"payment.succeeded","object":%s}`, object))
	if s.Order(o.ID, anna...).IsPaid {
		t.Error("marked paid without ЮKassa's word")
	}
	s.Notify("payment.succeeded", *p.PaymentID)
	if !s.Order(o.ID, anna...).IsPaid {
		t.Error("the re-sent notification did not mark the order paid")
	}
}

func TestPaymentWebhookSourceCheck(t *testing.T) {
	t.Parallel()
	s := apptest.StartPaying(t, apptest.Options{WebhookNets: []netip.Prefix{netip.MustParsePrefix("185.71.76.0/27")}})
	body := `{"type":"notification","event":"payment.succeeded","object":{"id":"2ea1c3f4-000f-5000-8000-000000000000"}}`
	// The test client is on loopback, outside ЮKassa's nets; X-Forwarded-For from an untrusted peer is not believed.
	if got := s.Webhook(http.StatusForbidden, body); got != "forbidden_source" {
		t.Errorf("from loopback → %q", got)
	}
	if got := s.Webhook(http.StatusForbidden, body, "X-Forwarded-For", "185.71.76.10"); got != "forbidden_source" {
		t.Errorf("with a forged X-Forwarded-For → %q", got)
	}

	// Behind our own proxy (loopback here), its X-Forwarded-For names the sender: ЮKassa's address passes,
	// another is refused, and a client-supplied first hop does not help.
	p := apptest.StartPaying(t, apptest.Options{WebhookNets: []netip.Prefix{netip.MustParsePrefix("185.71.76.0/27")},
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("::1/128")}})
	if got := p.Webhook(http.StatusOK, body, "X-Forwarded-For", "185.71.76.10"); got != "ignored" {
		t.Errorf("from ЮKassa through our proxy → %q; want ignored (an unknown payment)", got)
	}
	if got := p.Webhook(http.StatusForbidden, body, "X-Forwarded-For", "8.8.8.8"); got != "forbidden_source" {
		t.Errorf("from elsewhere through our proxy → %q", got)
	}
	if got := p.Webhook(http.StatusForbidden, body, "X-Forwarded-For", "185.71.76.10, 8.8.8.8"); got != "forbidden_source" {
		t.Errorf("a forged first hop through our proxy → %q", got)
	}
}

func TestPaymentCancelledThenPaidAgain(t *testing.T) {
	t.Parallel()
	s := apptest.StartPaying(t, apptest.Options{})
	anna := s.Customer("anna@mail.ru").Auth
	o := s.PlaceOnline(anna, "zhaket-vera", 2)
	first, _ := s.Pay(http.StatusCreated, o.ID, anna)
	if err := s.YooKassa.Cancel(*first.PaymentID, "payment_network", "insufficient_funds"); err != nil {
		t.Fatal(err)
	}
	s.Notify("payment.canceled", *first.PaymentID)
	cur := s.Do("GET", fmt.Sprintf("/api/orders/%d/payment", o.ID), "", anna...)
	var pb apptest.Payment
	cur.JSON(t, &pb)
	if pb.Status != "canceled" || pb.CancellationReason != "insufficient_funds" || s.Order(o.ID, anna...).IsPaid {
		t.Fatalf("after a decline: %+v", pb)
	}
	second, _ := s.Pay(http.StatusCreated, o.ID, anna)
	made := s.YooKassa.Payments()
	if *second.PaymentID == *first.PaymentID || len(made) != 2 || made[0].IdempotenceKey == made[1].IdempotenceKey {
		t.Fatalf("a new attempt after a decline must be a new payment with a new key: %+v", made)
	}
	if err := s.YooKassa.Pay(*second.PaymentID); err != nil {
		t.Fatal(err)
	}
	s.Notify("payment.succeeded", *second.PaymentID)
	s.Notify("payment.canceled", *first.PaymentID) // late and repeated: changes nothing
	if !s.Order(o.ID, anna...).IsPaid {
		t.Error("order not paid after the second payment")
	}
}

func TestPaymentLostNotificationReconciled(t *testing.T) {
	t.Parallel()
	s := apptest.StartPaying(t, apptest.Options{Recheck: time.Millisecond})
	anna := s.Customer("anna@mail.ru").Auth
	o := s.PlaceOnline(anna, "zhaket-vera", 1)
	p, _ := s.Pay(http.StatusCreated, o.ID, anna)
	if err := s.YooKassa.Pay(*p.PaymentID); err != nil {
		t.Fatal(err)
	}
	// No notification ever comes. The job asks ЮKassa.
	time.Sleep(5 * time.Millisecond)
	if _, err := s.App.Payments.Reconcile(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !s.Order(o.ID, anna...).IsPaid {
		t.Fatal("reconciliation did not mark the paid order paid")
	}

	// An attempt whose creation ЮKassa never confirmed is sent again by the job with its key.
	o2 := s.PlaceOnline(anna, "zhaket-olga", 1)
	s.YooKassa.FailNext(4, yookassatest.Fault{AfterProcessing: true})
	s.Pay(http.StatusServiceUnavailable, o2.ID, anna)
	time.Sleep(5 * time.Millisecond)
	if _, err := s.App.Payments.Reconcile(context.Background()); err != nil {
		t.Fatal(err)
	}
	var yid *string
	if err := s.DB.QueryRow(context.Background(), "SELECT yookassa_id FROM payments WHERE order_id = $1", o2.ID).Scan(&yid); err != nil || yid == nil {
		t.Fatalf("the job did not learn the payment's id: %v", err)
	}
	if len(s.YooKassa.Payments()) != 2 {
		t.Errorf("ЮKassa has %d payments; want 2 (one per order)", len(s.YooKassa.Payments()))
	}
}

func TestRefunds(t *testing.T) {
	t.Parallel()
	s := apptest.StartPaying(t, apptest.Options{})
	anna := s.Customer("anna@mail.ru").Auth
	boss := s.Staff("boss@mekha.ru")
	o := s.PlaceOnline(anna, "zhaket-vera", 1, "palantin", 1) // 16 400.00 + 19 990.50 = 36 390.50
	total := apptest.Amount(t, o.TotalPrice)

	if _, res := s.Refund(http.StatusConflict, o.ID, `{"reason":"брак"}`, boss); apptest.ErrorOf(t, res).Error.Code != "not_paid" {
		t.Errorf("refund of an unpaid order → %s", res.Body)
	}
	s.PayOnline(o.ID, anna)

	if res := s.Do("POST", fmt.Sprintf("/api/admin/orders/%d/refund", o.ID), `{"reason":"брак"}`, anna...); res.Status != http.StatusForbidden {
		t.Errorf("customer refund → %d; want 403", res.Status)
	}
	if res := s.Do("POST", fmt.Sprintf("/api/admin/orders/%d/refund", o.ID), `{"reason":"брак"}`); res.Status != http.StatusUnauthorized {
		t.Errorf("anonymous refund → %d; want 401", res.Status)
	}
	for _, body := range []string{`{"amount":"0.00","reason":"x"}`, `{"amount":"-5.00","reason":"x"}`, `{"amount":"1.005","reason":"x"}`, `{"amount":"1000.00"}`, `{"reason":""}`, `{"reason":"брак\u0000"}`} {
		if _, res := s.Refund(http.StatusBadRequest, o.ID, body, boss); res.Status != 400 {
			t.Errorf("refund %s → %d", body, res.Status)
		}
	}

	part, _ := s.Refund(http.StatusCreated, o.ID, `{"amount":"1000.50","reason":"скидка за дефект"}`, boss)
	if part.Status != "succeeded" || part.Amount != "1000.50" || part.RefundID == nil {
		t.Errorf("partial refund = %+v", part)
	}
	over := fmt.Sprintf(`{"amount":%q,"reason":"ещё"}`, (total - 100050 + 1).String())
	if _, res := s.Refund(http.StatusConflict, o.ID, over, boss); apptest.ErrorOf(t, res).Error.Code != "refund_exceeds_payment" {
		t.Errorf("over-refund → %s", res.Body)
	}
	rest, _ := s.Refund(http.StatusCreated, o.ID, `{"reason":"возврат товара"}`, boss)
	if apptest.Amount(t, rest.Amount) != total-100050 {
		t.Errorf("the rest refunded %s; want %s", rest.Amount, total-100050)
	}
	if _, res := s.Refund(http.StatusConflict, o.ID, `{"reason":"ещё раз"}`, boss); apptest.ErrorOf(t, res).Error.Code != "nothing_to_refund" {
		t.Errorf("refund past the total → %s", res.Body)
	}
	var sum money.Amount
	for _, r := range s.YooKassa.Refunds() {
		sum += r.Amount
	}
	if sum != total {
		t.Errorf("ЮKassa refunded %s in all; want %s", sum, total)
	}
	s.Notify("refund.succeeded", *rest.RefundID) // a duplicate of what we already know
	if n := s.Scalar("SELECT count(*) FROM mail_outbox WHERE kind = 'order_refund'"); n != 2 {
		t.Errorf("%d refund mails; want 2", n)
	}
}

func TestCancellingAPaidOrderRefundsIt(t *testing.T) {
	t.Parallel()
	s := apptest.StartPaying(t, apptest.Options{})
	anna := s.Customer("anna@mail.ru").Auth
	o := s.PlaceOnline(anna, "zhaket-vera", 2)
	p := s.PayOnline(o.ID, anna)

	res := s.Do("POST", fmt.Sprintf("/api/orders/%d/cancel", o.ID), "", anna...)
	if res.Status != http.StatusOK {
		t.Fatalf("cancel → %d %s", res.Status, res.Body)
	}
	refunds := s.YooKassa.Refunds()
	if len(refunds) != 1 || refunds[0].Amount != apptest.Amount(t, o.TotalPrice) || refunds[0].PaymentID != *p.PaymentID {
		t.Fatalf("ЮKassa refunds after cancelling a paid order: %+v; want all of %s", refunds, o.TotalPrice)
	}
	if s.Stock("zhaket-vera") != 5 {
		t.Errorf("stock %d after cancel; want 5", s.Stock("zhaket-vera"))
	}

	// Paid after the order was cancelled (the payer had ЮKassa's page open): the money goes straight back.
	o2 := s.PlaceOnline(anna, "zhaket-olga", 1)
	p2, _ := s.Pay(http.StatusCreated, o2.ID, anna)
	s.Do("POST", fmt.Sprintf("/api/orders/%d/cancel", o2.ID), "", anna...)
	if err := s.YooKassa.Pay(*p2.PaymentID); err != nil {
		t.Fatal(err)
	}
	s.Notify("payment.succeeded", *p2.PaymentID)
	if refunds := s.YooKassa.Refunds(); len(refunds) != 2 || refunds[1].PaymentID != *p2.PaymentID || refunds[1].Amount != apptest.Amount(t, o2.TotalPrice) {
		t.Errorf("a payment for a cancelled order was not refunded: %+v", refunds)
	}
	if _, res := s.Pay(http.StatusConflict, o2.ID, anna); apptest.ErrorOf(t, res).Error.Code != "order_cancelled" {
		t.Errorf("paying a cancelled order → %s", res.Body)
	}
}

func TestPaymentRefusedOrders(t *testing.T) {
	t.Parallel()
	s := apptest.StartPaying(t, apptest.Options{})
	anna := s.Customer("anna@mail.ru").Auth
	boris := s.Customer("boris@mail.ru").Auth
	o := s.PlaceOnline(anna, "zhaket-vera", 1)
	if _, res := s.Pay(http.StatusNotFound, o.ID, boris); apptest.ErrorOf(t, res).Error.Code != "order_not_found" {
		t.Errorf("someone else's order → %s", res.Body)
	}
	if res := s.Do("GET", fmt.Sprintf("/api/orders/%d/payment", o.ID), "", boris...); res.Status != http.StatusNotFound {
		t.Errorf("someone else's payment → %d", res.Status)
	}
	if res := s.Do("GET", fmt.Sprintf("/api/orders/%d/payment", o.ID), "", anna...); apptest.ErrorOf(t, res).Error.Code != "no_payment" {
		t.Errorf("no payment yet → %s", res.Body)
	}
	for _, path := range []string{"/api/orders/abc/payment", "/api/orders/0/payment", "/api/orders/99999999/payment"} {
		if res := s.Do("POST", path, "", anna...); res.Status != http.StatusNotFound {
			t.Errorf("POST %s → %d", path, res.Status)
		}
	}
	if res := s.Do("POST", fmt.Sprintf("/api/orders/%d/payment", o.ID), ""); res.Status != http.StatusUnauthorized {
		t.Errorf("anonymous → %d", res.Status)
	}
	s.AddToCart("zhaket-olga", 1, anna...)
	onGet, _ := s.PlaceOrder(http.StatusCreated, apptest.SeedOrder, anna...) // the seed's: payment on receipt
	if _, res := s.Pay(http.StatusConflict, onGet.ID, anna); apptest.ErrorOf(t, res).Error.Code != "payment_on_receipt" {
		t.Errorf("pay-on-receipt order → %s", res.Body)
	}
	s.Do("POST", fmt.Sprintf("/api/orders/%d/cancel", o.ID), "", anna...)
	if _, res := s.Pay(http.StatusConflict, o.ID, anna); apptest.ErrorOf(t, res).Error.Code != "order_cancelled" {
		t.Errorf("cancelled order → %s", res.Body)
	}
	if len(s.YooKassa.Payments()) != 0 {
		t.Errorf("ЮKassa got %d payments for orders that cannot be paid", len(s.YooKassa.Payments()))
	}
}

func TestPaymentsOffWithoutCredentials(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	anna := s.Customer("anna@mail.ru").Auth
	s.AddToCart("zhaket-vera", 1, anna...)
	o, _ := s.PlaceOrder(http.StatusCreated, apptest.OnlineOrder, anna...)
	res := s.Do("POST", fmt.Sprintf("/api/orders/%d/payment", o.ID), "", anna...)
	if res.Status != http.StatusServiceUnavailable || apptest.ErrorOf(t, res).Error.Code != "payments_unavailable" {
		t.Errorf("without ЮKassa → %d %s", res.Status, res.Body)
	}
}

type receiptJSON struct {
	Customer struct {
		Email string `json:"email"`
	} `json:"customer"`
	Items []struct {
		Description    string `json:"description"`
		Quantity       json.Number
		Amount         struct{ Value, Currency string }
		VATCode        int    `json:"vat_code"`
		PaymentMode    string `json:"payment_mode"`
		PaymentSubject string `json:"payment_subject"`
		Measure        string `json:"measure"`
		MarkCodeInfo   *struct {
			Fur string `json:"fur"`
		} `json:"mark_code_info"`
		MarkMode      *string `json:"mark_mode"`
		PlannedStatus *int    `json:"planned_status"`
	} `json:"items"`
}

// describe renders a receipt's items as "description × quantity @ amount subject vat mode measure [КИЗ]
// [mark_mode] [planned_status]" and checks they add up.
func describe(t *testing.T, raw json.RawMessage, want money.Amount) []string {
	t.Helper()
	var r receiptJSON
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	if err := dec.Decode(&r); err != nil {
		t.Fatalf("receipt %s: %v", raw, err)
	}
	var out []string
	var sum money.Amount
	for _, it := range r.Items {
		q, _ := strconv.Atoi(it.Quantity.String())
		a := apptest.Amount(t, it.Amount.Value)
		sum += a * money.Amount(q)
		line := fmt.Sprintf("%s × %d @ %s %s vat%d %s %s", it.Description, q, it.Amount.Value, it.PaymentSubject, it.VATCode, it.PaymentMode, it.Measure)
		if it.MarkCodeInfo != nil {
			line += " КИЗ " + it.MarkCodeInfo.Fur
		}
		if it.MarkMode != nil {
			line += " mark_mode " + *it.MarkMode
		}
		if it.PlannedStatus != nil {
			line += fmt.Sprintf(" planned_status %d", *it.PlannedStatus)
		}
		out = append(out, line)
	}
	if sum != want {
		t.Errorf("receipt items add up to %s; want %s\n%s", sum, want, strings.Join(out, "\n"))
	}
	if r.Customer.Email != "anna@mail.ru" {
		t.Errorf("receipt customer %+v", r.Customer)
	}
	return out
}

func TestPaymentReceipts(t *testing.T) {
	t.Parallel()
	s := apptest.StartPaying(t, apptest.Options{Receipts: true})
	s.YooKassa.RequireReceipts(true)
	s.MarkFur("shuba-elena")
	anna := s.Customer("anna@mail.ru").Auth
	boss := s.Staff("boss@mekha.ru")
	o := s.PlaceOnline(anna, "shuba-elena", 2, "palantin", 3) // 2 × 185 000.00 + 3 × 19 990.50
	// The КИЗ of the first coat is known; the second's is not yet.
	if res := s.Do("PUT", fmt.Sprintf("/api/admin/orders/%d/fur-codes", o.ID),
		fmt.Sprintf(`{"product_id":%d,"codes":["RU-430302-AAA7582720"]}`, s.ID("shuba-elena")), boss...); res.Status != http.StatusOK {
		t.Fatalf("record the КИЗ → %d %s", res.Status, res.Body)
	}

	p, _ := s.Pay(http.StatusCreated, o.ID, anna)
	y, _ := s.YooKassa.Payment(*p.PaymentID)
	got := describe(t, y.Receipt, apptest.Amount(t, o.TotalPrice))
	want := []string{
		"Норковая шуба «Елена» × 1 @ 185000.00 non_marked vat11 full_prepayment piece КИЗ RU-430302-AAA7582720 mark_mode 0 planned_status 1",
		"Норковая шуба «Елена» × 1 @ 185000.00 non_marked vat11 full_prepayment piece mark_mode 0 planned_status 1",
		"Палантин из норки × 3 @ 19990.50 commodity vat11 full_prepayment piece",
	}
	if !slices.Equal(got, want) {
		t.Errorf("payment receipt:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if err := s.YooKassa.Pay(*p.PaymentID); err != nil {
		t.Fatal(err)
	}
	s.Notify("payment.succeeded", *p.PaymentID)
	handOver(t, s, o.ID, boss) // the buyer keeps the goods: a refund of money only may cover a coat's whole price

	// A partial refund of money only gives back the first pieces it covers; the next one carries on from there,
	// kopeck-exact. Nothing comes back, so no item names a КИЗ or a planned status.
	s.Refund(http.StatusCreated, o.ID, `{"amount":"185000.01","reason":"возврат шубы"}`, boss)
	s.Refund(http.StatusCreated, o.ID, `{"amount":"200000.00","reason":"возврат"}`, boss)
	rest, _ := s.Refund(http.StatusCreated, o.ID, `{"reason":"остальное"}`, boss)
	refunds := s.YooKassa.Refunds()
	if len(refunds) != 3 {
		t.Fatalf("%d refunds", len(refunds))
	}
	wantRefunds := [][]string{
		{"Норковая шуба «Елена» × 1 @ 185000.00 non_marked vat11 full_prepayment piece",
			"Норковая шуба «Елена» × 1 @ 0.01 non_marked vat11 full_prepayment piece"},
		{"Норковая шуба «Елена» × 1 @ 184999.99 non_marked vat11 full_prepayment piece",
			"Палантин из норки × 1 @ 15000.01 commodity vat11 full_prepayment piece"},
		{"Палантин из норки × 1 @ 4990.49 commodity vat11 full_prepayment piece",
			"Палантин из норки × 2 @ 19990.50 commodity vat11 full_prepayment piece"},
	}
	for i, r := range refunds {
		if got := describe(t, r.Receipt, r.Amount); !slices.Equal(got, wantRefunds[i]) {
			t.Errorf("refund %d receipt:\n%s\nwant:\n%s", i+1, strings.Join(got, "\n"), strings.Join(wantRefunds[i], "\n"))
		}
	}
	if apptest.Amount(t, rest.Amount) != apptest.Amount(t, o.TotalPrice)-38500001 {
		t.Errorf("last refund %s", rest.Amount)
	}
}

func TestPaymentDoubleClick(t *testing.T) {
	t.Parallel()
	s := apptest.StartPaying(t, apptest.Options{})
	anna := s.Customer("anna@mail.ru").Auth
	o := s.PlaceOnline(anna, "zhaket-vera", 1)
	const n = 6
	ids := make(chan string, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			res := s.Do("POST", fmt.Sprintf("/api/orders/%d/payment", o.ID), "", anna...)
			var p apptest.Payment
			res.JSON(t, &p)
			if (res.Status != http.StatusCreated && res.Status != http.StatusOK) || p.PaymentID == nil {
				t.Errorf("parallel pay → %d %s", res.Status, res.Body)
				ids <- ""
				return
			}
			ids <- *p.PaymentID
		})
	}
	wg.Wait()
	close(ids)
	seen := map[string]bool{}
	for id := range ids {
		seen[id] = true
	}
	if len(seen) != 1 || len(s.YooKassa.Payments()) != 1 {
		t.Errorf("%d parallel asks gave payments %v; ЮKassa has %d; want one", n, seen, len(s.YooKassa.Payments()))
	}
}

func TestCancelClosesAnUnconfirmedAttempt(t *testing.T) {
	t.Parallel()
	s := apptest.StartPaying(t, apptest.Options{Recheck: time.Millisecond})
	anna := s.Customer("anna@mail.ru").Auth
	o := s.PlaceOnline(anna, "zhaket-vera", 1)
	s.YooKassa.FailNext(4, yookassatest.Fault{}) // ЮKassa down: the attempt stays written down, unconfirmed
	s.Pay(http.StatusServiceUnavailable, o.ID, anna)
	if res := s.Do("POST", fmt.Sprintf("/api/orders/%d/cancel", o.ID), "", anna...); res.Status != http.StatusOK {
		t.Fatalf("cancel → %d %s", res.Status, res.Body)
	}
	time.Sleep(5 * time.Millisecond)
	if _, err := s.App.Payments.Reconcile(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := len(s.YooKassa.Payments()); n != 0 {
		t.Errorf("ЮKassa has %d payments for a cancelled order; the attempt must be closed, not re-sent", n)
	}
	res := s.Do("GET", fmt.Sprintf("/api/orders/%d/payment", o.ID), "", anna...)
	var p apptest.Payment
	res.JSON(t, &p)
	if p.Status != "canceled" || p.ConfirmationURL != nil {
		t.Errorf("payment of a cancelled order: %+v", p)
	}
}

func TestOneRefundAtATime(t *testing.T) {
	t.Parallel()
	s := apptest.StartPaying(t, apptest.Options{})
	anna := s.Customer("anna@mail.ru").Auth
	boss := s.Staff("boss@mekha.ru")
	o := s.PlaceOnline(anna, "zhaket-vera", 2)
	s.PayOnline(o.ID, anna)
	s.YooKassa.FailNext(4, yookassatest.Fault{}) // the refund is written down; ЮKassa does not answer
	first, _ := s.Refund(http.StatusCreated, o.ID, `{"amount":"100.00","reason":"скидка"}`, boss)
	if first.Status != "pending" || first.RefundID != nil {
		t.Errorf("refund ЮKassa has not confirmed: %+v", first)
	}
	if _, res := s.Refund(http.StatusConflict, o.ID, `{"amount":"100.00","reason":"ещё"}`, boss); apptest.ErrorOf(t, res).Error.Code != "refund_in_progress" {
		t.Errorf("second refund while one is in flight → %s", res.Body)
	}
	s.Exec("UPDATE refunds SET checked_at = now() - interval '1 hour'") // as if the job's 5 minutes had passed
	if _, err := s.App.Payments.Reconcile(context.Background()); err != nil {
		t.Fatal(err)
	}
	if refunds := s.YooKassa.Refunds(); len(refunds) != 1 || refunds[0].Amount != 10000 {
		t.Fatalf("after reconciliation ЮKassa has refunds %+v; want the one of 100.00", refunds)
	}
	s.Refund(http.StatusCreated, o.ID, `{"amount":"100.00","reason":"ещё"}`, boss)
}
