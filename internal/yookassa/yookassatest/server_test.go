package yookassatest_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mekhaishuby/furstore/internal/yookassa/yookassatest"
)

// call sends a raw request to the fake and decodes its JSON answer.
func call(t *testing.T, s *yookassatest.Server, method, path, key, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth(s.ShopID, s.SecretKey)
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/json")
	}
	if key != "" {
		req.Header.Set("Idempotence-Key", key)
	}
	return do(t, req)
}

func do(t *testing.T, req *http.Request) (int, map[string]any) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatalf("%s %s: answer %d is not JSON: %s", req.Method, req.URL.Path, resp.StatusCode, data)
	}
	return resp.StatusCode, out
}

const validPayment = `{"amount":{"value":"16400.00","currency":"RUB"},"capture":true,
	"confirmation":{"type":"redirect","return_url":"https://shop.example/orders/42/paid"},
	"description":"Заказ №42","metadata":{"order_id":"42"}}`

// errorOf returns an error answer's status, code and parameter.
func errorOf(status int, body map[string]any) [3]any {
	return [3]any{status, body["code"], body["parameter"]}
}

func TestAuth(t *testing.T) {
	s := yookassatest.Start(t)
	for name, set := range map[string]func(*http.Request){
		"no auth":        func(*http.Request) {},
		"wrong password": func(r *http.Request) { r.SetBasicAuth(s.ShopID, "test_wrong") },
		"wrong shop":     func(r *http.Request) { r.SetBasicAuth("1", s.SecretKey) },
		"bearer":         func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+s.SecretKey) },
	} {
		t.Run(name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, s.URL+"/payments/x", nil)
			set(req)
			status, body := do(t, req)
			if diff := cmp.Diff([3]any{401, "invalid_credentials", nil}, errorOf(status, body)); diff != "" {
				t.Errorf("answer (-want +got):\n%s", diff)
			}
			if body["type"] != "error" || body["id"] == "" || body["description"] == "" {
				t.Errorf("error body = %v, want type, id and description", body)
			}
		})
	}
}

func TestIdempotence(t *testing.T) {
	s := yookassatest.Start(t)

	status, body := call(t, s, "POST", "/payments", "", validPayment)
	if diff := cmp.Diff([3]any{400, "invalid_request", "Idempotence-Key"}, errorOf(status, body)); diff != "" {
		t.Errorf("missing key (-want +got):\n%s", diff)
	}
	status, body = call(t, s, "POST", "/payments", strings.Repeat("k", 65), validPayment)
	if diff := cmp.Diff([3]any{400, "invalid_request", "Idempotence-Key"}, errorOf(status, body)); diff != "" {
		t.Errorf("65-character key (-want +got):\n%s", diff)
	}

	key := strings.Repeat("k", 64)
	status, first := call(t, s, "POST", "/payments", key, validPayment)
	if status != 200 {
		t.Fatalf("create: %d %v", status, first)
	}
	// The same data with other spacing and key order is the same request: the stored answer comes back.
	reordered := `{"metadata":{"order_id":"42"},"description":"Заказ №42","capture":true,
		"confirmation":{"return_url":"https://shop.example/orders/42/paid","type":"redirect"},
		"amount":{"currency":"RUB","value":"16400.00"}}`
	status, again := call(t, s, "POST", "/payments", key, reordered)
	if status != 200 || again["id"] != first["id"] {
		t.Errorf("replay: %d id %v, want 200 id %v", status, again["id"], first["id"])
	}
	status, body = call(t, s, "POST", "/payments", key, strings.Replace(validPayment, "16400.00", "16400.01", 1))
	if diff := cmp.Diff([3]any{400, "invalid_request", "Idempotence-Key"}, errorOf(status, body)); diff != "" {
		t.Errorf("same key, other body (-want +got):\n%s", diff)
	}
	if body["description"] != "Idempotence key duplicated" {
		t.Errorf("description = %q", body["description"])
	}
	// The same key on another endpoint is other data too.
	status, body = call(t, s, "POST", "/refunds", key, validPayment)
	if diff := cmp.Diff([3]any{400, "invalid_request", "Idempotence-Key"}, errorOf(status, body)); diff != "" {
		t.Errorf("same key, other path (-want +got):\n%s", diff)
	}
	// A new key makes a new payment.
	if status, second := call(t, s, "POST", "/payments", "other", validPayment); status != 200 || second["id"] == first["id"] {
		t.Errorf("new key: %d id %v, want a new payment", status, second["id"])
	}
	if got := len(s.Payments()); got != 2 {
		t.Errorf("payments = %d, want 2", got)
	}
}

func TestContentType(t *testing.T) {
	s := yookassatest.Start(t)
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/payments", strings.NewReader(validPayment))
	req.SetBasicAuth(s.ShopID, s.SecretKey)
	req.Header.Set("Idempotence-Key", "k")
	req.Header.Set("Content-Type", "text/plain")
	if status, _ := do(t, req); status != http.StatusUnsupportedMediaType {
		t.Errorf("status = %d, want 415", status)
	}
}

func TestPaymentValidation(t *testing.T) {
	const (
		fur    = `{"description":"Шуба норковая","quantity":1,"amount":{"value":"150000.00","currency":"RUB"},"vat_code":11,"payment_mode":"full_prepayment","payment_subject":"non_marked","measure":"piece","mark_code_info":{"fur":"RU-430302-AAA7582720"}}`
		gloves = `{"description":"Перчатки","quantity":2,"amount":{"value":"3000.50","currency":"RUB"},"vat_code":11,"payment_mode":"full_prepayment","payment_subject":"commodity","measure":"piece"}`
	)
	withReceipt := func(items, customer string) string {
		return `{"amount":{"value":"156001.00","currency":"RUB"},"capture":true,
			"confirmation":{"type":"redirect","return_url":"https://shop.example/r"},
			"receipt":{"customer":` + customer + `,"items":[` + items + `]}}`
	}
	email := `{"email":"buyer@example.com"}`
	tests := []struct {
		name, body, param string
	}{
		{"three decimals", strings.Replace(validPayment, "16400.00", "16400.001", 1), "amount.value"},
		{"one decimal", strings.Replace(validPayment, "16400.00", "16400.5", 1), "amount.value"},
		{"number", strings.Replace(validPayment, `"16400.00"`, `16400.00`, 1), "amount.value"},
		{"zero", strings.Replace(validPayment, "16400.00", "0.00", 1), "amount.value"},
		{"negative", strings.Replace(validPayment, "16400.00", "-1.00", 1), "amount.value"},
		{"no amount", `{"capture":true,"confirmation":{"type":"redirect","return_url":"https://a.b/"}}`, "amount"},
		{"dollars", strings.Replace(validPayment, "RUB", "USD", 1), "amount.currency"},
		{"capture as string", strings.Replace(validPayment, `"capture":true`, `"capture":"true"`, 1), "capture"},
		{"no confirmation", `{"amount":{"value":"1.00","currency":"RUB"},"capture":true}`, "confirmation"},
		{"embedded", strings.Replace(validPayment, `"redirect"`, `"embedded"`, 1), "confirmation.type"},
		{"relative return_url", strings.Replace(validPayment, "https://shop.example", "", 1), "confirmation.return_url"},
		{"long description", strings.Replace(validPayment, "Заказ №42", strings.Repeat("ш", 129), 1), "description"},
		{"numeric metadata", strings.Replace(validPayment, `"42"}`, `42}`, 1), "metadata"},
		{"long metadata key", strings.Replace(validPayment, `"order_id"`, `"`+strings.Repeat("k", 33)+`"`, 1), "metadata"},
		{"not JSON", `{"amount":`, ""},
		{"receipt without customer", withReceipt(fur+","+gloves, `{}`), "receipt.customer"},
		{"receipt phone with plus", withReceipt(fur+","+gloves, `{"phone":"+79001234567"}`), "receipt.customer.phone"},
		{"receipt without items", withReceipt("", email), "receipt.items"},
		{"receipt sum short by a kopeck", withReceipt(fur+","+strings.Replace(gloves, "3000.50", "3000.49", 1), email), "receipt.items.amount"},
		{"receipt item amount with three decimals", withReceipt(fur+","+strings.Replace(gloves, "3000.50", "3000.500", 1), email), "receipt.items.amount.value"},
		{"unknown payment_subject", withReceipt(fur+","+strings.Replace(gloves, "commodity", "goods", 1), email), "receipt.items.payment_subject"},
		{"unknown measure", withReceipt(fur+","+strings.Replace(gloves, `"piece"`, `"pcs"`, 1), email), "receipt.items.measure"},
		{"vat_code 13", withReceipt(fur+","+strings.Replace(gloves, `"vat_code":11`, `"vat_code":13`, 1), email), "receipt.items.vat_code"},
		{"long item description", withReceipt(fur+","+strings.Replace(gloves, "Перчатки", strings.Repeat("п", 129), 1), email), "receipt.items.description"},
		{"malformed KiZ", withReceipt(strings.Replace(fur, "RU-430302-AAA7582720", "RU430302AAA7582720", 1)+","+gloves, email), "receipt.items.mark_code_info.fur"},
		{"empty mark_code_info", withReceipt(strings.Replace(fur, `{"fur":"RU-430302-AAA7582720"}`, `{}`, 1)+","+gloves, email), "receipt.items.mark_code_info"},
		{"two coats under one KiZ", withReceipt(strings.Replace(strings.Replace(fur, `"quantity":1`, `"quantity":2`, 1), "150000.00", "75000.00", 1)+","+gloves, email), "receipt.items.quantity"},
		{"mark_mode 1", withReceipt(strings.Replace(fur, `"measure"`, `"mark_mode":"1","measure"`, 1)+","+gloves, email), "receipt.items.mark_mode"},
		{"planned_status 7", withReceipt(strings.Replace(fur, `"measure"`, `"planned_status":7,"measure"`, 1)+","+gloves, email), "receipt.items.planned_status"},
		{"planned_status as string", withReceipt(strings.Replace(fur, `"measure"`, `"planned_status":"1","measure"`, 1)+","+gloves, email), "receipt.items.planned_status"},
	}
	s := yookassatest.Start(t)
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := call(t, s, "POST", "/payments", "key-"+string(rune('a'+i)), tt.body)
			var param any
			if tt.param != "" {
				param = tt.param
			}
			if diff := cmp.Diff([3]any{400, "invalid_request", param}, errorOf(status, body)); diff != "" {
				t.Errorf("answer (-want +got):\n%s\nbody: %v", diff, body)
			}
		})
	}
	if got := len(s.Payments()); got != 0 {
		t.Errorf("payments = %d, want none", got)
	}

	t.Run("valid receipt and a 128-character description", func(t *testing.T) {
		body := strings.Replace(withReceipt(fur+","+gloves, email), `"capture":true`, `"capture":true,"description":"`+strings.Repeat("ш", 128)+`"`, 1)
		status, p := call(t, s, "POST", "/payments", "valid", body)
		if status != 200 {
			t.Fatalf("status %d: %v", status, p)
		}
		if p["receipt_registration"] != "pending" {
			t.Errorf("receipt_registration = %v, want pending", p["receipt_registration"])
		}
		stored, _ := s.Payment(p["id"].(string))
		var receipt struct {
			Items []struct {
				MarkCodeInfo map[string]string `json:"mark_code_info"`
			} `json:"items"`
		}
		if err := json.Unmarshal(stored.Receipt, &receipt); err != nil || len(receipt.Items) != 2 ||
			receipt.Items[0].MarkCodeInfo["fur"] != "RU-430302-AAA7582720" {
			t.Errorf("stored receipt = %s (%v)", stored.Receipt, err)
		}
	})
}

func TestRequireReceipts(t *testing.T) {
	s := yookassatest.Start(t)
	s.RequireReceipts(true)
	status, body := call(t, s, "POST", "/payments", "k", validPayment)
	if diff := cmp.Diff([3]any{400, "invalid_request", "receipt"}, errorOf(status, body)); diff != "" {
		t.Errorf("answer (-want +got):\n%s", diff)
	}
	if body["description"] != "Receipt is missing or illegal" {
		t.Errorf("description = %q", body["description"])
	}
}

func TestPaymentObjectAndLifeCycle(t *testing.T) {
	s := yookassatest.Start(t)
	_, p := call(t, s, "POST", "/payments", "k1", validPayment)
	id := p["id"].(string)
	conf, _ := p["confirmation"].(map[string]any)
	if p["status"] != "pending" || p["paid"] != false || p["test"] != true || conf["type"] != "redirect" ||
		!strings.HasPrefix(conf["confirmation_url"].(string), "https://") {
		t.Errorf("new payment = %v", p)
	}
	if _, err := time.Parse("2006-01-02T15:04:05.000Z", p["created_at"].(string)); err != nil {
		t.Errorf("created_at: %v", err)
	}
	if diff := cmp.Diff(map[string]any{"order_id": "42"}, p["metadata"]); diff != "" {
		t.Errorf("metadata (-want +got):\n%s", diff)
	}

	if err := s.SetStatus(id, "succeeded"); err != nil {
		t.Fatal(err)
	}
	_, p = call(t, s, "GET", "/payments/"+id, "", "")
	if p["status"] != "succeeded" || p["paid"] != true || p["refundable"] != true || p["confirmation"] != nil ||
		p["captured_at"] == nil {
		t.Errorf("succeeded payment = %v", p)
	}
	if income := p["income_amount"].(map[string]any); income["value"] != "15826.00" {
		t.Errorf("income_amount = %v, want 16400.00 less 3.5 %%", income)
	}
	if err := s.SetStatus(id, "canceled"); err == nil {
		t.Error("a succeeded payment was canceled")
	}
	if err := s.SetStatus("nope", "succeeded"); err == nil {
		t.Error("SetStatus of an unknown payment did not fail")
	}

	status, body := call(t, s, "GET", "/payments/nope", "", "")
	if diff := cmp.Diff([3]any{404, "not_found", nil}, errorOf(status, body)); diff != "" {
		t.Errorf("unknown payment (-want +got):\n%s", diff)
	}

	t.Run("two stages", func(t *testing.T) {
		_, p := call(t, s, "POST", "/payments", "k2", strings.Replace(validPayment, `"capture":true`, `"capture":false`, 1))
		id := p["id"].(string)
		status, body := call(t, s, "POST", "/payments/"+id+"/capture", "k3", `{}`)
		if status != 400 {
			t.Errorf("capture of a pending payment: %d %v", status, body)
		}
		if err := s.Pay(id); err != nil {
			t.Fatal(err)
		}
		_, p = call(t, s, "GET", "/payments/"+id, "", "")
		if p["status"] != "waiting_for_capture" || p["paid"] != true || p["expires_at"] == nil {
			t.Errorf("held payment = %v", p)
		}
		status, body = call(t, s, "POST", "/payments/"+id+"/capture", "k4", `{"amount":{"value":"16400.01","currency":"RUB"}}`)
		if diff := cmp.Diff([3]any{400, "invalid_request", "amount.value"}, errorOf(status, body)); diff != "" {
			t.Errorf("capture of too much (-want +got):\n%s", diff)
		}
		_, p = call(t, s, "POST", "/payments/"+id+"/capture", "k5", `{"amount":{"value":"16000.00","currency":"RUB"}}`)
		if p["status"] != "succeeded" || p["amount"].(map[string]any)["value"] != "16000.00" {
			t.Errorf("captured payment = %v", p)
		}
	})

	t.Run("cancel", func(t *testing.T) {
		_, p := call(t, s, "POST", "/payments", "k6", strings.Replace(validPayment, `"capture":true`, `"capture":false`, 1))
		id := p["id"].(string)
		if err := s.Pay(id); err != nil {
			t.Fatal(err)
		}
		_, p = call(t, s, "POST", "/payments/"+id+"/cancel", "k7", `{}`)
		want := map[string]any{"party": "merchant", "reason": "canceled_by_merchant"}
		if diff := cmp.Diff(want, p["cancellation_details"]); p["status"] != "canceled" || diff != "" {
			t.Errorf("canceled payment = %v", p)
		}
	})

	t.Run("expired", func(t *testing.T) {
		_, p := call(t, s, "POST", "/payments", "k8", validPayment)
		id := p["id"].(string)
		if err := s.SetStatus(id, "canceled"); err != nil {
			t.Fatal(err)
		}
		_, p = call(t, s, "GET", "/payments/"+id, "", "")
		want := map[string]any{"party": "yoo_money", "reason": "expired_on_confirmation"}
		if diff := cmp.Diff(want, p["cancellation_details"]); diff != "" {
			t.Errorf("cancellation_details (-want +got):\n%s", diff)
		}
	})
}

func TestRefunds(t *testing.T) {
	s := yookassatest.Start(t)
	_, p := call(t, s, "POST", "/payments", "pay", validPayment)
	id := p["id"].(string)
	refund := func(key, value string) (int, map[string]any) {
		return call(t, s, "POST", "/refunds", key, `{"payment_id":"`+id+`","amount":{"value":"`+value+`","currency":"RUB"},"description":"Возврат"}`)
	}
	status, body := refund("r0", "100.00")
	if diff := cmp.Diff([3]any{400, "invalid_request", "payment_id"}, errorOf(status, body)); diff != "" {
		t.Errorf("refund of a pending payment (-want +got):\n%s", diff)
	}
	if err := s.SetStatus(id, "succeeded"); err != nil {
		t.Fatal(err)
	}
	if status, r := refund("r1", "16000.00"); status != 200 || r["status"] != "succeeded" || r["payment_id"] != id {
		t.Errorf("partial refund: %d %v", status, r)
	}
	status, body = refund("r2", "400.01")
	if diff := cmp.Diff([3]any{400, "invalid_request", "amount.value"}, errorOf(status, body)); diff != "" {
		t.Errorf("over-refund (-want +got):\n%s", diff)
	}
	status, r := refund("r3", "400.00")
	if status != 200 {
		t.Fatalf("final refund: %d %v", status, r)
	}
	_, p = call(t, s, "GET", "/payments/"+id, "", "")
	if p["refundable"] != false || p["refunded_amount"].(map[string]any)["value"] != "16400.00" || p["status"] != "succeeded" {
		t.Errorf("fully refunded payment = %v", p)
	}
	if _, got := call(t, s, "GET", "/refunds/"+r["id"].(string), "", ""); got["id"] != r["id"] {
		t.Errorf("GET refund = %v", got)
	}
	if len(s.Refunds()) != 2 {
		t.Errorf("refunds = %v, want 2", s.Refunds())
	}
	status, body = call(t, s, "POST", "/refunds", "r4", `{"payment_id":"nope","amount":{"value":"1.00","currency":"RUB"}}`)
	if diff := cmp.Diff([3]any{400, "invalid_request", "payment_id"}, errorOf(status, body)); diff != "" {
		t.Errorf("refund of an unknown payment (-want +got):\n%s", diff)
	}
}

func TestFaults(t *testing.T) {
	s := yookassatest.Start(t)

	s.FailNext(1, yookassatest.Fault{})
	status, body := call(t, s, "POST", "/payments", "a", validPayment)
	if diff := cmp.Diff([3]any{500, "internal_server_error", nil}, errorOf(status, body)); diff != "" {
		t.Errorf("500 (-want +got):\n%s", diff)
	}
	if len(s.Payments()) != 0 {
		t.Error("a plain 500 made a payment")
	}

	s.FailNext(1, yookassatest.Fault{AfterProcessing: true})
	if status, _ := call(t, s, "POST", "/payments", "b", validPayment); status != 500 {
		t.Errorf("processed-but-500: status %d", status)
	}
	if len(s.Payments()) != 1 {
		t.Fatal("processed-but-500 made no payment")
	}
	if _, p := call(t, s, "POST", "/payments", "b", validPayment); p["id"] != s.Payments()[0].ID {
		t.Errorf("retry after processed-but-500 got %v, want the stored payment", p["id"])
	}

	s.FailNext(1, yookassatest.Fault{Status: 429, RetryAfter: "2"})
	req, _ := http.NewRequest(http.MethodGet, s.URL+"/payments/x", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "2" {
		t.Errorf("429: %d Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}

	s.FailNext(1, yookassatest.Fault{Status: 502, Body: "<html>Bad Gateway</html>"})
	resp, err = http.DefaultClient.Do(req.Clone(context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 502 || string(data) != "<html>Bad Gateway</html>" {
		t.Errorf("raw 502: %d %s", resp.StatusCode, data)
	}

	s.FailNext(1, yookassatest.Fault{Hang: true})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := http.DefaultClient.Do(req.Clone(ctx)); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("hang: err = %v, want a timeout", err)
	}

	if got := len(s.Requests()); got != 6 {
		t.Errorf("requests = %d, want 6", got)
	}
}

// TestCloseReleasesHangs checks that a hanging request does not keep Close waiting.
func TestCloseReleasesHangs(t *testing.T) {
	s := yookassatest.Start(t)
	s.FailNext(1, yookassatest.Fault{Hang: true})
	done := make(chan error, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodGet, s.URL+"/payments/x", nil)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	for len(s.Requests()) == 0 {
		time.Sleep(time.Millisecond)
	}
	s.Close()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the hanging request was not released by Close")
	}
}
