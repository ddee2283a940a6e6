package yookassatest

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"time"

	"github.com/mekhaishuby/furstore/internal/money"
)

// Payment statuses.
const (
	StatusPending           = "pending"
	StatusWaitingForCapture = "waiting_for_capture"
	StatusSucceeded         = "succeeded"
	StatusCanceled          = "canceled"
)

// feePermille is the fake's ЮKassa fee, 3.5 %, taken from income_amount.
const feePermille = 35

// Payment is the fake's record of a payment, as a test inspects it.
type Payment struct {
	ID                  string
	Status              string
	Paid                bool
	Amount              money.Amount // the captured amount, once captured
	Capture             bool
	Description         string
	ReturnURL           string
	Metadata            map[string]string
	Receipt             json.RawMessage // as sent; nil without a receipt
	ReceiptRegistration string
	RefundedAmount      money.Amount
	CancellationParty   string
	CancellationReason  string
	CreatedAt           time.Time
	CapturedAt          time.Time
	ExpiresAt           time.Time
	IdempotenceKey      string // the key it was created with
}

// refundable is what can still be refunded.
func (p *Payment) refundable() money.Amount {
	if p.Status != StatusSucceeded {
		return 0
	}
	return p.Amount - p.RefundedAmount
}

type paymentJSON struct {
	ID           string      `json:"id"`
	Status       string      `json:"status"`
	Paid         bool        `json:"paid"`
	Amount       amountJSON  `json:"amount"`
	IncomeAmount *amountJSON `json:"income_amount,omitempty"`
	Description  string      `json:"description,omitempty"`
	Recipient    struct {
		AccountID string `json:"account_id"`
		GatewayID string `json:"gateway_id"`
	} `json:"recipient"`
	Confirmation *struct {
		Type            string `json:"type"`
		ReturnURL       string `json:"return_url"`
		ConfirmationURL string `json:"confirmation_url"`
	} `json:"confirmation,omitempty"`
	CreatedAt           string            `json:"created_at"`
	CapturedAt          string            `json:"captured_at,omitempty"`
	ExpiresAt           string            `json:"expires_at,omitempty"`
	Test                bool              `json:"test"`
	RefundedAmount      *amountJSON       `json:"refunded_amount,omitempty"`
	Refundable          bool              `json:"refundable"`
	ReceiptRegistration string            `json:"receipt_registration,omitempty"`
	Metadata            map[string]string `json:"metadata"`
	CancellationDetails *cancellationJSON `json:"cancellation_details,omitempty"`
}

type cancellationJSON struct {
	Party  string `json:"party"`
	Reason string `json:"reason"`
}

// paymentObject renders the payment as the API answers with it.
func (s *Server) paymentObject(p *Payment) paymentJSON {
	o := paymentJSON{
		ID:                  p.ID,
		Status:              p.Status,
		Paid:                p.Paid,
		Amount:              rub(p.Amount),
		Description:         p.Description,
		CreatedAt:           timeJSON(p.CreatedAt),
		CapturedAt:          timeJSON(p.CapturedAt),
		ExpiresAt:           timeJSON(p.ExpiresAt),
		Test:                true,
		Refundable:          p.refundable() > 0,
		ReceiptRegistration: p.ReceiptRegistration,
		Metadata:            maps.Clone(p.Metadata),
	}
	if o.Metadata == nil {
		o.Metadata = map[string]string{} // ЮKassa returns {} when empty
	}
	o.Recipient.AccountID, o.Recipient.GatewayID = s.ShopID, "1000001"
	if p.Status == StatusPending {
		o.Confirmation = &struct {
			Type            string `json:"type"`
			ReturnURL       string `json:"return_url"`
			ConfirmationURL string `json:"confirmation_url"`
		}{"redirect", p.ReturnURL, "https://yoomoney.ru/checkout/payments/v2/contract?orderId=" + p.ID}
	}
	if p.Status == StatusSucceeded {
		o.IncomeAmount = rubPtr(p.Amount - (p.Amount*feePermille+500)/1000)
	}
	if p.RefundedAmount > 0 {
		o.RefundedAmount = rubPtr(p.RefundedAmount)
	}
	if p.Status == StatusCanceled {
		o.CancellationDetails = &cancellationJSON{p.CancellationParty, p.CancellationReason}
	}
	return o
}

func (s *Server) createPayment(r *http.Request, in map[string]any) (any, *apiError) {
	amount, aerr := parseAmount(in["amount"], "amount")
	if aerr != nil {
		return nil, aerr
	}
	capture := false // ЮKassa's default: a two-stage payment
	if v, ok := in["capture"]; ok {
		if capture, ok = v.(bool); !ok {
			return nil, invalid("capture", "capture must be true or false")
		}
	}
	// Without a saved payment method or a token the payer has to confirm, so the fake demands a confirmation.
	conf, ok := in["confirmation"].(map[string]any)
	if !ok {
		return nil, invalid("confirmation", "Specify the confirmation: {\"type\":\"redirect\",\"return_url\":…}")
	}
	if t, _ := conf["type"].(string); t != "redirect" {
		return nil, invalid("confirmation.type", "The fake supports only the redirect confirmation")
	}
	returnURL, aerr := parseReturnURL(conf)
	if aerr != nil {
		return nil, aerr
	}
	description, aerr := optString(in, "description", 128)
	if aerr != nil {
		return nil, aerr
	}
	metadata, aerr := parseMetadata(in["metadata"])
	if aerr != nil {
		return nil, aerr
	}
	receipt, aerr := s.receipt(in, amount)
	if aerr != nil {
		return nil, aerr
	}
	p := &Payment{
		ID:             s.newID("000f"),
		Status:         StatusPending,
		Amount:         amount,
		Capture:        capture,
		Description:    description,
		ReturnURL:      returnURL,
		Metadata:       metadata,
		Receipt:        receipt,
		CreatedAt:      now(),
		IdempotenceKey: r.Header.Get("Idempotence-Key"),
	}
	if receipt != nil {
		p.ReceiptRegistration = StatusPending
	}
	s.payments[p.ID] = p
	s.paymentIDs = append(s.paymentIDs, p.ID)
	return s.paymentObject(p), nil
}

// receipt checks the request's optional receipt against amount and returns it as sent.
func (s *Server) receipt(in map[string]any, amount money.Amount) (json.RawMessage, *apiError) {
	v, ok := in["receipt"]
	if !ok || v == nil {
		if s.receiptsRequired {
			return nil, invalid("receipt", "Receipt is missing or illegal")
		}
		return nil, nil
	}
	if aerr := validateReceipt(v, amount); aerr != nil {
		return nil, aerr
	}
	raw, _ := json.Marshal(v)
	return raw, nil
}

func (s *Server) getPayment(r *http.Request, _ map[string]any) (any, *apiError) {
	p, ok := s.payments[r.PathValue("id")]
	if !ok {
		return nil, notFound("Payment not found")
	}
	return s.paymentObject(p), nil
}

func (s *Server) capturePayment(r *http.Request, in map[string]any) (any, *apiError) {
	p, ok := s.payments[r.PathValue("id")]
	if !ok {
		return nil, notFound("Payment not found")
	}
	if p.Status != StatusWaitingForCapture {
		return nil, invalid("", "Only a payment in waiting_for_capture can be captured; this one is "+p.Status)
	}
	amount := p.Amount
	if v, ok := in["amount"]; ok {
		a, aerr := parseAmount(v, "amount")
		if aerr != nil {
			return nil, aerr
		}
		if a > p.Amount {
			return nil, invalid("amount.value", "The capture amount exceeds the payment amount")
		}
		amount = a
	}
	if v, ok := in["receipt"]; ok && v != nil {
		if aerr := validateReceipt(v, amount); aerr != nil {
			return nil, aerr
		}
	}
	p.Amount = amount
	succeed(p)
	return s.paymentObject(p), nil
}

func (s *Server) cancelPayment(r *http.Request, _ map[string]any) (any, *apiError) {
	p, ok := s.payments[r.PathValue("id")]
	if !ok {
		return nil, notFound("Payment not found")
	}
	if p.Status != StatusWaitingForCapture {
		return nil, invalid("", "Only a payment in waiting_for_capture can be canceled; this one is "+p.Status)
	}
	cancel(p, "merchant", "canceled_by_merchant")
	return s.paymentObject(p), nil
}

func succeed(p *Payment) {
	p.Status, p.Paid, p.CapturedAt, p.ExpiresAt = StatusSucceeded, true, now(), time.Time{}
	if p.ReceiptRegistration == StatusPending {
		p.ReceiptRegistration = StatusSucceeded
	}
}

func cancel(p *Payment, party, reason string) {
	p.Status, p.Paid, p.ExpiresAt = StatusCanceled, false, time.Time{}
	p.CancellationParty, p.CancellationReason = party, reason
	if p.ReceiptRegistration == StatusPending {
		p.ReceiptRegistration = StatusCanceled
	}
}

// SetStatus moves a payment the way ЮKassa would: pending → waiting_for_capture (the payer paid a two-stage
// payment), pending or waiting_for_capture → succeeded, or → canceled (the payer did not pay in time, or the
// hold expired). A final payment cannot move.
func (s *Server) SetStatus(id, status string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.payments[id]
	if !ok {
		return fmt.Errorf("yookassatest: no payment %s", id)
	}
	if p.Status == status {
		return nil
	}
	if p.Status == StatusSucceeded || p.Status == StatusCanceled {
		return fmt.Errorf("yookassatest: payment %s is already %s", id, p.Status)
	}
	switch status {
	case StatusWaitingForCapture:
		if p.Status != StatusPending {
			return fmt.Errorf("yookassatest: payment %s is %s, not pending", id, p.Status)
		}
		p.Status, p.Paid, p.ExpiresAt = StatusWaitingForCapture, true, now().Add(7*24*time.Hour)
	case StatusSucceeded:
		succeed(p)
	case StatusCanceled:
		reason := "expired_on_confirmation"
		if p.Status == StatusWaitingForCapture {
			reason = "expired_on_capture"
		}
		cancel(p, "yoo_money", reason)
	default:
		return fmt.Errorf("yookassatest: cannot move payment %s to %q", id, status)
	}
	return nil
}

// Pay plays the payer paying: a one-stage payment succeeds, a two-stage one waits for capture.
func (s *Server) Pay(id string) error {
	s.mu.Lock()
	p, ok := s.payments[id]
	capture := ok && p.Capture
	s.mu.Unlock()
	if capture {
		return s.SetStatus(id, StatusSucceeded)
	}
	return s.SetStatus(id, StatusWaitingForCapture)
}

// Cancel cancels a pending or held payment with the given party and reason, e.g. "payment_network",
// "insufficient_funds".
func (s *Server) Cancel(id, party, reason string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.payments[id]
	if !ok {
		return fmt.Errorf("yookassatest: no payment %s", id)
	}
	if p.Status == StatusSucceeded || p.Status == StatusCanceled {
		return fmt.Errorf("yookassatest: payment %s is already %s", id, p.Status)
	}
	cancel(p, party, reason)
	return nil
}

// Payment returns a copy of the payment with the given id.
func (s *Server) Payment(id string) (Payment, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.payments[id]
	if !ok {
		return Payment{}, false
	}
	return copyPayment(p), true
}

// Payments returns copies of all payments, oldest first.
func (s *Server) Payments() []Payment {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Payment, 0, len(s.paymentIDs))
	for _, id := range s.paymentIDs {
		out = append(out, copyPayment(s.payments[id]))
	}
	return out
}

func copyPayment(p *Payment) Payment {
	c := *p
	c.Metadata = maps.Clone(p.Metadata)
	c.Receipt = append(json.RawMessage(nil), p.Receipt...)
	return c
}

// Object returns the payment or refund with the given id as the API would answer with it now: the "object"
// of a notification.
func (s *Server) Object(id string) (json.RawMessage, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var v any
	if p, ok := s.payments[id]; ok {
		v = s.paymentObject(p)
	} else if r, ok := s.refunds[id]; ok {
		v = refundObject(r)
	} else {
		return nil, false
	}
	data, err := json.Marshal(v)
	return data, err == nil
}
