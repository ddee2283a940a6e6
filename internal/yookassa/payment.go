package yookassa

import (
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// Status is the state of a payment or a refund, and of a receipt's registration.
type Status string

// Statuses. A payment goes pending → (waiting_for_capture →) succeeded or canceled; a refund pending →
// succeeded or canceled.
const (
	StatusPending           Status = "pending"
	StatusWaitingForCapture Status = "waiting_for_capture"
	StatusSucceeded         Status = "succeeded"
	StatusCanceled          Status = "canceled"
)

// Final reports whether the status can no longer change.
func (s Status) Final() bool { return s == StatusSucceeded || s == StatusCanceled }

// ConfirmationRedirect is the confirmation type of a web shop: the payer is sent to ConfirmationURL and comes
// back to ReturnURL.
const ConfirmationRedirect = "redirect"

// Confirmation is how the payer confirms a payment. In a request set Type and ReturnURL (see Redirect); the
// answer adds ConfirmationURL, the page to send the payer to.
type Confirmation struct {
	Type            string `json:"type"`
	ReturnURL       string `json:"return_url,omitempty"` // at most 2048 characters
	ConfirmationURL string `json:"confirmation_url,omitempty"`
	Locale          string `json:"locale,omitempty"` // ru_RU or en_US
}

// Redirect returns a redirect confirmation that brings the payer back to returnURL.
func Redirect(returnURL string) *Confirmation {
	return &Confirmation{Type: ConfirmationRedirect, ReturnURL: returnURL}
}

// PaymentRequest creates a payment. Capture is always sent: false (ЮKassa's default) holds the money until
// CapturePayment.
type PaymentRequest struct {
	Amount       Amount            `json:"amount"`
	Capture      bool              `json:"capture"`
	Confirmation *Confirmation     `json:"confirmation,omitempty"`
	Description  string            `json:"description,omitempty"` // at most 128 characters
	Metadata     map[string]string `json:"metadata,omitempty"`    // ≤ 16 keys, key ≤ 32, value ≤ 512 characters
	Receipt      *Receipt          `json:"receipt,omitempty"`
}

// CaptureRequest confirms a held payment. A nil Amount captures it all; a smaller one captures part (then send
// a Receipt for the final basket).
type CaptureRequest struct {
	Amount  *Amount  `json:"amount,omitempty"`
	Receipt *Receipt `json:"receipt,omitempty"`
}

// Payment is ЮKassa's payment object. Optional parts are nil or zero when ЮKassa leaves them out.
type Payment struct {
	ID                  string               `json:"id"`
	Status              Status               `json:"status"`
	Paid                bool                 `json:"paid"`
	Amount              Amount               `json:"amount"`
	IncomeAmount        *Amount              `json:"income_amount,omitempty"` // the amount less ЮKassa's fee
	Description         string               `json:"description,omitempty"`
	Confirmation        *Confirmation        `json:"confirmation,omitempty"` // only while the payer has to act
	CreatedAt           time.Time            `json:"created_at"`
	CapturedAt          *time.Time           `json:"captured_at,omitempty"`
	ExpiresAt           *time.Time           `json:"expires_at,omitempty"` // capture or cancel before it
	Test                bool                 `json:"test"`
	RefundedAmount      *Amount              `json:"refunded_amount,omitempty"`
	Refundable          bool                 `json:"refundable"`
	Metadata            map[string]string    `json:"metadata,omitempty"`
	CancellationDetails *CancellationDetails `json:"cancellation_details,omitempty"`
	ReceiptRegistration Status               `json:"receipt_registration,omitempty"`
}

// ConfirmationURL returns the page to send the payer to, or "" when there is none.
func (p *Payment) ConfirmationURL() string {
	if p.Confirmation == nil {
		return ""
	}
	return p.Confirmation.ConfirmationURL
}

// CancellationDetails says who canceled a payment or refund, and why.
type CancellationDetails struct {
	Party  string `json:"party"`
	Reason string `json:"reason"`
}

// Cancellation parties.
const (
	PartyMerchant       = "merchant"
	PartyYooMoney       = "yoo_money"
	PartyPaymentNetwork = "payment_network"
)

// Common cancellation reasons; ЮKassa knows many more (insufficient_funds, card_expired, …).
const (
	ReasonExpiredOnConfirmation = "expired_on_confirmation" // the payer did not pay in time
	ReasonExpiredOnCapture      = "expired_on_capture"      // the shop did not capture in time
	ReasonCanceledByMerchant    = "canceled_by_merchant"
)

// CreatePayment creates a payment. key is the caller's idempotence key for this payment attempt: sending the
// same key and request again returns the same payment instead of a second one.
func (c *Client) CreatePayment(ctx context.Context, key string, req PaymentRequest) (*Payment, error) {
	var p Payment
	if err := c.do(ctx, http.MethodPost, "/payments", key, req, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// CreatePaymentJSON sends a payment request prepared earlier (a marshalled PaymentRequest) byte for byte: a
// re-send under the same idempotence key must be the very same request, even after a deploy changed the types.
func (c *Client) CreatePaymentJSON(ctx context.Context, key string, req json.RawMessage) (*Payment, error) {
	var p Payment
	if err := c.do(ctx, http.MethodPost, "/payments", key, req, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// GetPayment returns the current state of a payment.
func (c *Client) GetPayment(ctx context.Context, id string) (*Payment, error) {
	path, err := objectPath("payments", id)
	if err != nil {
		return nil, err
	}
	var p Payment
	if err := c.do(ctx, http.MethodGet, path, "", nil, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// CapturePayment confirms a payment held in waiting_for_capture; it becomes succeeded.
func (c *Client) CapturePayment(ctx context.Context, key, id string, req CaptureRequest) (*Payment, error) {
	path, err := objectPath("payments", id, "capture")
	if err != nil {
		return nil, err
	}
	var p Payment
	if err := c.do(ctx, http.MethodPost, path, key, req, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// CancelPayment releases a payment held in waiting_for_capture; it becomes canceled by the merchant.
func (c *Client) CancelPayment(ctx context.Context, key, id string) (*Payment, error) {
	path, err := objectPath("payments", id, "cancel")
	if err != nil {
		return nil, err
	}
	var p Payment
	if err := c.do(ctx, http.MethodPost, path, key, struct{}{}, &p); err != nil {
		return nil, err
	}
	return &p, nil
}
