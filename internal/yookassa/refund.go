package yookassa

import (
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// RefundRequest returns money of a succeeded payment, in full or in part; several partial refunds may add up
// to the payment's amount. With 54-ФЗ receipts on, send the return receipt too.
type RefundRequest struct {
	PaymentID   string            `json:"payment_id"`
	Amount      Amount            `json:"amount"`
	Description string            `json:"description,omitempty"`
	Receipt     *Receipt          `json:"receipt,omitempty"`
	Metadata    map[string]string `json:"metadata,omitempty"`
}

// Refund is ЮKassa's refund object.
type Refund struct {
	ID                  string               `json:"id"`
	PaymentID           string               `json:"payment_id"`
	Status              Status               `json:"status"`
	CreatedAt           time.Time            `json:"created_at"`
	Amount              Amount               `json:"amount"`
	Description         string               `json:"description,omitempty"`
	ReceiptRegistration Status               `json:"receipt_registration,omitempty"`
	CancellationDetails *CancellationDetails `json:"cancellation_details,omitempty"`
	Metadata            map[string]string    `json:"metadata,omitempty"`
}

// CreateRefund creates a refund. key is the caller's idempotence key for this refund.
func (c *Client) CreateRefund(ctx context.Context, key string, req RefundRequest) (*Refund, error) {
	var r Refund
	if err := c.do(ctx, http.MethodPost, "/refunds", key, req, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// CreateRefundJSON sends a refund request prepared earlier (a marshalled RefundRequest) byte for byte, like
// CreatePaymentJSON.
func (c *Client) CreateRefundJSON(ctx context.Context, key string, req json.RawMessage) (*Refund, error) {
	var r Refund
	if err := c.do(ctx, http.MethodPost, "/refunds", key, req, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// GetRefund returns the current state of a refund.
func (c *Client) GetRefund(ctx context.Context, id string) (*Refund, error) {
	path, err := objectPath("refunds", id)
	if err != nil {
		return nil, err
	}
	var r Refund
	if err := c.do(ctx, http.MethodGet, path, "", nil, &r); err != nil {
		return nil, err
	}
	return &r, nil
}
