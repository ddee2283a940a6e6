package payment

import (
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/order"
	"github.com/mekhaishuby/furstore/internal/web"
)

// Handlers serve payments over HTTP.
type Handlers struct {
	svc *Service
	// trusted are the networks ЮKassa's notifications may come from; nil with anySource.
	trusted   []netip.Prefix
	anySource bool
}

// NewHandlers returns the payment handlers. Notifications are taken only from trusted (the client address as
// web.ClientAddr found it), or from anywhere with anySource.
func NewHandlers(svc *Service, trusted []netip.Prefix, anySource bool) *Handlers {
	return &Handlers{svc: svc, trusted: trusted, anySource: anySource}
}

// PaymentJSON is a payment as the customer and the back office see it.
type PaymentJSON struct {
	PaymentID          *string      `json:"payment_id"` // ЮKassa's id; null until ЮKassa answered
	Status             string       `json:"status"`
	Paid               bool         `json:"paid"`
	Amount             money.Amount `json:"amount"`
	ConfirmationURL    *string      `json:"confirmation_url"` // where to send the payer, while pending
	CancellationReason string       `json:"cancellation_reason,omitempty"`
	CreatedAt          time.Time    `json:"created_at"`
}

// NewPaymentJSON renders p.
func NewPaymentJSON(p Payment) PaymentJSON {
	out := PaymentJSON{Status: p.Status, Paid: p.Status == StatusSucceeded, Amount: p.Amount,
		CancellationReason: p.CancelReason, CreatedAt: p.CreatedAt.UTC()}
	if p.YooKassaID != "" {
		out.PaymentID = &p.YooKassaID
	}
	if p.Status == StatusNew {
		out.Status = StatusPending // ours alone; to the customer it is simply not finished
	}
	if p.ConfirmationURL != "" && p.Status == StatusPending {
		out.ConfirmationURL = &p.ConfirmationURL
	}
	return out
}

// Start serves POST /api/orders/{id}/payment: 201 with a new payment to send the payer to, 200 with the one
// already under way.
func (h *Handlers) Start(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id", order.ErrNotFound)
	if err != nil {
		return err
	}
	u, _ := account.UserFrom(r.Context())
	p, created, err := h.svc.Start(r.Context(), u.ID, id)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	web.WriteJSON(w, status, NewPaymentJSON(p))
	return nil
}

// Current serves GET /api/orders/{id}/payment.
func (h *Handlers) Current(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id", order.ErrNotFound)
	if err != nil {
		return err
	}
	u, _ := account.UserFrom(r.Context())
	p, err := h.svc.Current(r.Context(), u.ID, id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, NewPaymentJSON(p))
	return nil
}

// Webhook serves POST /api/payments/yookassa/webhook. It answers 200 for what it acted on and for what it
// deliberately ignores (so ЮKassa stops re-sending), 4xx for what is not a notification or not from ЮKassa,
// and 503 when acting needs a retry (ЮKassa's API or our database did not answer).
func (h *Handlers) Webhook(w http.ResponseWriter, r *http.Request) error {
	if ip := web.ClientIP(r); !h.anySource && !web.InPrefixes(ip, h.trusted) {
		h.svc.events.NotificationHandled("forbidden")
		return apperr.New(apperr.Forbidden, "forbidden_source", "notifications are accepted only from ЮKassa's addresses")
	}
	var n Notification
	if err := web.DecodeJSON(w, r, &n); err != nil {
		h.svc.events.NotificationHandled("invalid")
		return err
	}
	if n.Type != "notification" || n.Event == "" || !validObjectID(n.Object.ID) {
		h.svc.events.NotificationHandled("invalid")
		return apperr.New(apperr.Invalid, "invalid_notification",
			`want {"type":"notification","event":"…","object":{"id":"…"}}`)
	}
	outcome, err := h.svc.Notify(r.Context(), n)
	if err != nil {
		h.svc.events.NotificationHandled("retry")
		h.svc.log.Warn("notification not handled; ЮKassa will re-send it", "event", n.Event, "yookassa_id", n.Object.ID, "err", err)
		return &apperr.Error{Kind: apperr.Unavailable, Code: "try_again", Message: "the notification could not be handled now",
			RetryAfter: 10 * time.Second}
	}
	h.svc.events.NotificationHandled(string(outcome))
	web.WriteJSON(w, http.StatusOK, map[string]string{"status": string(outcome)})
	return nil
}

// RefundJSON is a refund as the back office shows it.
type RefundJSON struct {
	ID                 int64        `json:"id"`
	RefundID           *string      `json:"refund_id"` // ЮKassa's id
	OrderID            int64        `json:"order_id"`
	Status             string       `json:"status"`
	Amount             money.Amount `json:"amount"`
	Reason             string       `json:"reason"`
	CancellationReason string       `json:"cancellation_reason,omitempty"`
	CreatedBy          *int64       `json:"created_by"`
	CreatedAt          time.Time    `json:"created_at"`
	ReturnUnits        []int64      `json:"return_units"` // the fur units it took back; [] for money only
}

// NewRefundJSON renders rf.
func NewRefundJSON(rf Refund) RefundJSON {
	out := RefundJSON{ID: rf.ID, OrderID: rf.OrderID, Status: rf.Status, Amount: rf.Amount, Reason: rf.Reason,
		CancellationReason: rf.CancelReason, CreatedBy: rf.CreatedBy, CreatedAt: rf.CreatedAt.UTC(), ReturnUnits: rf.ReturnUnits}
	if out.ReturnUnits == nil {
		out.ReturnUnits = []int64{}
	}
	if rf.YooKassaID != "" {
		out.RefundID = &rf.YooKassaID
	}
	if rf.Status == StatusNew {
		out.Status = StatusPending
	}
	return out
}

// Refund serves POST /api/admin/orders/{id}/refund {"amount"?, "reason", "return_units"?, "return_lines"?}
// (staff): 201 with the refund.
func (h *Handlers) Refund(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id", order.ErrNotFound)
	if err != nil {
		return err
	}
	var in struct {
		Amount      *money.Amount    `json:"amount"`
		Reason      string           `json:"reason"`
		ReturnUnits []int64          `json:"return_units"`
		ReturnLines []LineReturnJSON `json:"return_lines"`
	}
	if err := web.DecodeJSONStrict(w, r, &in); err != nil {
		return err
	}
	u, _ := account.UserFrom(r.Context())
	rf, err := h.svc.Refund(r.Context(), id, RefundInput{Amount: in.Amount, Reason: in.Reason, ReturnUnits: in.ReturnUnits,
		ReturnLines: LineReturns(in.ReturnLines)}, u)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, NewRefundJSON(rf))
	return nil
}

// LineReturnJSON is pieces of an order line that came back, as a request names them.
type LineReturnJSON struct {
	LineID   int64 `json:"line_id"`
	Quantity int32 `json:"quantity"`
}

// LineReturns converts them.
func LineReturns(in []LineReturnJSON) []order.LineReturn {
	if in == nil {
		return nil
	}
	out := make([]order.LineReturn, len(in))
	for i, l := range in {
		out[i] = order.LineReturn{LineID: l.LineID, Quantity: l.Quantity}
	}
	return out
}

// validObjectID accepts ЮKassa's ids (UUID-like: letters, digits, hyphens and underscores), so nothing else
// reaches our queries or the API's paths.
func validObjectID(id string) bool {
	return id != "" && len(id) <= 64 && !strings.ContainsFunc(id, func(c rune) bool {
		return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')
	})
}
