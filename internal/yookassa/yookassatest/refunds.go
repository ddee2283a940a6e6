package yookassatest

import (
	"encoding/json"
	"maps"
	"net/http"
	"time"

	"github.com/mekhaishuby/furstore/internal/money"
)

// Refund is the fake's record of a refund. The fake's refunds succeed at once, as card refunds in a test shop do.
type Refund struct {
	ID             string
	PaymentID      string
	Status         string
	Amount         money.Amount
	Description    string
	Metadata       map[string]string
	Receipt        json.RawMessage // as sent; nil without a receipt
	CreatedAt      time.Time
	IdempotenceKey string
}

type refundJSON struct {
	ID                  string            `json:"id"`
	PaymentID           string            `json:"payment_id"`
	Status              string            `json:"status"`
	CreatedAt           string            `json:"created_at"`
	Amount              amountJSON        `json:"amount"`
	Description         string            `json:"description,omitempty"`
	ReceiptRegistration string            `json:"receipt_registration,omitempty"`
	Metadata            map[string]string `json:"metadata,omitempty"`
}

func refundObject(r *Refund) refundJSON {
	o := refundJSON{
		ID:          r.ID,
		PaymentID:   r.PaymentID,
		Status:      r.Status,
		CreatedAt:   timeJSON(r.CreatedAt),
		Amount:      rub(r.Amount),
		Description: r.Description,
		Metadata:    maps.Clone(r.Metadata),
	}
	if r.Receipt != nil {
		o.ReceiptRegistration = StatusSucceeded
	}
	return o
}

func (s *Server) createRefund(r *http.Request, in map[string]any) (any, *apiError) {
	paymentID, _ := in["payment_id"].(string)
	if paymentID == "" {
		return nil, invalid("payment_id", "Specify payment_id")
	}
	p, ok := s.payments[paymentID]
	if !ok {
		return nil, invalid("payment_id", "Payment not found")
	}
	if p.Status != StatusSucceeded {
		return nil, invalid("payment_id", "Only a succeeded payment can be refunded; this one is "+p.Status)
	}
	amount, aerr := parseAmount(in["amount"], "amount")
	if aerr != nil {
		return nil, aerr
	}
	if amount > p.refundable() {
		return nil, invalid("amount.value", "The refund amount exceeds the amount available for refund ("+
			p.refundable().String()+")")
	}
	description, aerr := optString(in, "description", 250)
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
	ref := &Refund{
		ID:             s.newID("0015"),
		PaymentID:      paymentID,
		Status:         StatusSucceeded,
		Amount:         amount,
		Description:    description,
		Metadata:       metadata,
		Receipt:        receipt,
		CreatedAt:      now(),
		IdempotenceKey: r.Header.Get("Idempotence-Key"),
	}
	if len(ref.Metadata) == 0 {
		ref.Metadata = nil
	}
	p.RefundedAmount += amount
	s.refunds[ref.ID] = ref
	s.refundIDs = append(s.refundIDs, ref.ID)
	return refundObject(ref), nil
}

func (s *Server) getRefund(r *http.Request, _ map[string]any) (any, *apiError) {
	ref, ok := s.refunds[r.PathValue("id")]
	if !ok {
		return nil, notFound("Refund not found")
	}
	return refundObject(ref), nil
}

// Refunds returns copies of all refunds, oldest first.
func (s *Server) Refunds() []Refund {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Refund, 0, len(s.refundIDs))
	for _, id := range s.refundIDs {
		c := *s.refunds[id]
		c.Metadata = maps.Clone(c.Metadata)
		c.Receipt = append(json.RawMessage(nil), c.Receipt...)
		out = append(out, c)
	}
	return out
}
