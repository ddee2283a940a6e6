package yookassa_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/yookassa"
)

func TestAmountMarshal(t *testing.T) {
	tests := []struct {
		in   yookassa.Amount
		want string
	}{
		{yookassa.RUB(1640000), `{"value":"16400.00","currency":"RUB"}`},
		{yookassa.RUB(1234567), `{"value":"12345.67","currency":"RUB"}`},
		{yookassa.RUB(5), `{"value":"0.05","currency":"RUB"}`},
		{yookassa.RUB(money.Max), `{"value":"1000000000.00","currency":"RUB"}`},
	}
	for _, tt := range tests {
		got, err := json.Marshal(tt.in)
		if err != nil || string(got) != tt.want {
			t.Errorf("Marshal(%v) = %s, %v; want %s", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []yookassa.Amount{yookassa.RUB(-1), {Value: 100}} {
		if got, err := json.Marshal(bad); err == nil {
			t.Errorf("Marshal(%#v) = %s, want an error", bad, got)
		}
	}
}

func TestAmountUnmarshal(t *testing.T) {
	tests := []struct {
		in      string
		want    yookassa.Amount
		wantErr bool
	}{
		{in: `{"value":"12345.67","currency":"RUB"}`, want: yookassa.RUB(1234567)},
		{in: `{"currency":"RUB","value":"0.01"}`, want: yookassa.RUB(1)},
		{in: `{"value":"100","currency":"RUB"}`, want: yookassa.RUB(10000)},
		{in: `{"value":"100.5","currency":"RUB"}`, want: yookassa.RUB(10050)},
		{in: `{"value":"1.00","currency":"USD"}`, want: yookassa.Amount{Value: 100, Currency: "USD"}},
		{in: `{"value":"1.005","currency":"RUB"}`, wantErr: true},
		{in: `{"value":"12345.678","currency":"RUB"}`, wantErr: true},
		{in: `{"value":12345.67,"currency":"RUB"}`, wantErr: true},
		{in: `{"value":"-1.00","currency":"RUB"}`, wantErr: true},
		{in: `{"value":"1e3","currency":"RUB"}`, wantErr: true},
		{in: `{"value":"1,00","currency":"RUB"}`, wantErr: true},
		{in: `{"value":"","currency":"RUB"}`, wantErr: true},
		{in: `{"currency":"RUB"}`, wantErr: true},
		{in: `"16400.00"`, wantErr: true},
	}
	for _, tt := range tests {
		var got yookassa.Amount
		err := json.Unmarshal([]byte(tt.in), &got)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("Unmarshal(%s) = %v, %v; want %v, error %t", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestQuantity(t *testing.T) {
	for q, want := range map[yookassa.Quantity]string{yookassa.Pieces(2): `2`, "1.5": `1.5`, "0.001": `0.001`} {
		if got, err := json.Marshal(q); err != nil || string(got) != want {
			t.Errorf("Marshal(%q) = %s, %v; want %s", q, got, err, want)
		}
	}
	for _, bad := range []yookassa.Quantity{"", "-1", "1e2", "1,5", "two"} {
		if got, err := json.Marshal(bad); err == nil {
			t.Errorf("Marshal(%q) = %s, want an error", bad, got)
		}
	}
	for in, want := range map[string]yookassa.Quantity{`1`: "1", `2.50`: "2.50", `"3"`: "3"} {
		var got yookassa.Quantity
		if err := json.Unmarshal([]byte(in), &got); err != nil || got != want {
			t.Errorf("Unmarshal(%s) = %q, %v; want %q", in, got, err, want)
		}
	}
	var q yookassa.Quantity
	if err := json.Unmarshal([]byte(`-1`), &q); err == nil {
		t.Error("Unmarshal(-1) did not fail")
	}
}

// TestPaymentDecode reads a payment object with every field the client knows, plus some it ignores.
func TestPaymentDecode(t *testing.T) {
	const in = `{
	  "id": "22e12f66-000f-5000-8000-18db351245c7",
	  "status": "canceled",
	  "paid": false,
	  "amount": {"value": "16400.00", "currency": "RUB"},
	  "income_amount": {"value": "15826.00", "currency": "RUB"},
	  "description": "Заказ №42",
	  "recipient": {"account_id": "100500", "gateway_id": "1000001"},
	  "payment_method": {"type": "bank_card", "id": "22e12f66-000f-5000-8000-18db351245c7", "saved": false},
	  "confirmation": {"type": "redirect", "return_url": "https://shop.example/r", "confirmation_url": "https://yoomoney.ru/c"},
	  "created_at": "2018-07-18T10:51:18.139Z",
	  "captured_at": "2018-07-18T10:52:00.000Z",
	  "expires_at": "2018-07-25T10:52:00.000Z",
	  "test": true,
	  "refunded_amount": {"value": "0.01", "currency": "RUB"},
	  "refundable": true,
	  "receipt_registration": "succeeded",
	  "metadata": {"order_id": "42"},
	  "cancellation_details": {"party": "payment_network", "reason": "insufficient_funds"},
	  "authorization_details": {"rrn": "1", "auth_code": "2", "three_d_secure": {"applied": false}}
	}`
	var got yookassa.Payment
	if err := json.Unmarshal([]byte(in), &got); err != nil {
		t.Fatal(err)
	}
	at := func(s string) *time.Time {
		tm, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return &tm
	}
	income, refunded := yookassa.RUB(1582600), yookassa.RUB(1)
	want := yookassa.Payment{
		ID:           "22e12f66-000f-5000-8000-18db351245c7",
		Status:       yookassa.StatusCanceled,
		Amount:       yookassa.RUB(1640000),
		IncomeAmount: &income,
		Description:  "Заказ №42",
		Confirmation: &yookassa.Confirmation{Type: "redirect", ReturnURL: "https://shop.example/r",
			ConfirmationURL: "https://yoomoney.ru/c"},
		CreatedAt:           *at("2018-07-18T10:51:18.139Z"),
		CapturedAt:          at("2018-07-18T10:52:00Z"),
		ExpiresAt:           at("2018-07-25T10:52:00Z"),
		Test:                true,
		RefundedAmount:      &refunded,
		Refundable:          true,
		Metadata:            map[string]string{"order_id": "42"},
		CancellationDetails: &yookassa.CancellationDetails{Party: "payment_network", Reason: "insufficient_funds"},
		ReceiptRegistration: yookassa.StatusSucceeded,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("payment (-want +got):\n%s", diff)
	}
	if got.ConfirmationURL() != "https://yoomoney.ru/c" {
		t.Errorf("ConfirmationURL() = %q", got.ConfirmationURL())
	}

	var bad yookassa.Payment
	if err := json.Unmarshal([]byte(`{"id":"x","amount":{"value":"1.001","currency":"RUB"}}`), &bad); err == nil {
		t.Error("a payment with a three-decimal amount was accepted")
	}
}

func TestStatusFinal(t *testing.T) {
	for s, want := range map[yookassa.Status]bool{
		yookassa.StatusPending: false, yookassa.StatusWaitingForCapture: false,
		yookassa.StatusSucceeded: true, yookassa.StatusCanceled: true,
	} {
		if got := s.Final(); got != want {
			t.Errorf("%s.Final() = %t, want %t", s, got, want)
		}
	}
}
