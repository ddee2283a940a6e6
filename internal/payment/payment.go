// Package payment takes the money for orders through ЮKassa and gives it back. Every call that could move
// money is written down first: an attempt and its idempotence key are committed before ЮKassa is asked, so a
// crash, a timeout or a double click re-sends the same key and can never charge twice. Our state moves only on
// what ЮKassa's API itself says (a notification is a hint to go and ask), only forward, and a background job
// asks about anything left open, so a lost notification still ends in the right state.
package payment

import (
	"context"
	"crypto/rand"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/order"
	"github.com/mekhaishuby/furstore/internal/payment/internal/paymentdb"
	"github.com/mekhaishuby/furstore/internal/store"
	"github.com/mekhaishuby/furstore/internal/yookassa"
)

// Config is how the shop takes payments.
type Config struct {
	// ReturnURL is where ЮKassa sends the payer back; {order_id} is replaced by the order's number, else
	// ?order_id=N is added.
	ReturnURL     string
	Receipts      bool             // send 54-ФЗ receipts with payments and refunds
	VATCode       yookassa.VATCode // vat_code of every receipt item
	TaxSystemCode int              // 0: not sent
	// RecheckAfter is how long a payment or refund may stay open before the reconciliation job asks ЮKassa.
	RecheckAfter time.Duration
	PublicURL    string // the store's address, for links in mail
}

// Service takes payments for orders and refunds them.
type Service struct {
	pool   *pgxpool.Pool
	q      *paymentdb.Queries
	claims *paymentdb.Queries // planned per call (store.CustomPlans): the reconciliation job's batches
	orders *order.Service
	api    *yookassa.Client // nil: online payment is not configured
	cfg    Config
	events Events
	log    *slog.Logger
}

// Events hears, once committed, how payments and refunds ended and what ЮKassa's notifications led to
// (metrics.Events counts them for the operator). A payment or refund is settled once in the whole cluster: its
// row moves to a final status under its lock, so only the server that moved it tells.
type Events interface {
	PaymentSettled(status string)
	RefundSettled(status string)
	NotificationHandled(outcome string)
}

// NewService returns the payment service for orders. With api nil, online payment answers 503 and nothing else
// happens. It tells orders that it refunds what was paid for an order being cancelled.
func NewService(pool *pgxpool.Pool, orders *order.Service, api *yookassa.Client, cfg Config, events Events, log *slog.Logger) *Service {
	if cfg.RecheckAfter <= 0 {
		cfg.RecheckAfter = 5 * time.Minute
	}
	s := &Service{pool: pool, q: paymentdb.New(pool), claims: paymentdb.New(store.CustomPlans{Querier: pool}), orders: orders, api: api, cfg: cfg, events: events, log: log}
	orders.SetPayments(s)
	return s
}

// Status is where a payment or refund is. The first is ours; the others are ЮKassa's.
const (
	StatusNew               = "new" // written down, ЮKassa's answer not known yet
	StatusPending           = string(yookassa.StatusPending)
	StatusWaitingForCapture = string(yookassa.StatusWaitingForCapture)
	StatusSucceeded         = string(yookassa.StatusSucceeded)
	StatusCanceled          = string(yookassa.StatusCanceled)
)

// rank orders the statuses along the only direction they move: a state never goes back, so a late or repeated
// notification changes nothing.
func rank(status string) int {
	switch status {
	case StatusNew:
		return 0
	case StatusPending:
		return 1
	case StatusWaitingForCapture:
		return 2
	case StatusSucceeded, StatusCanceled:
		return 3
	}
	return -1
}

// Payment is one attempt to pay for an order.
type Payment struct {
	ID              int64
	OrderID         int64
	YooKassaID      string // empty until ЮKassa answered
	Status          string
	Amount          money.Amount
	ConfirmationURL string // where the payer pays, while the payment is pending
	CancelParty     string
	CancelReason    string
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

func paymentOf(p paymentdb.Payment) Payment {
	out := Payment{ID: p.ID, OrderID: p.OrderID, Status: p.Status, Amount: money.Amount(p.Amount),
		ConfirmationURL: p.ConfirmationUrl, CancelParty: p.CancelParty, CancelReason: p.CancelReason,
		CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
	if p.YookassaID != nil {
		out.YooKassaID = *p.YookassaID
	}
	return out
}

// Refund is money given back from a succeeded payment.
type Refund struct {
	ID           int64
	PaymentID    int64
	OrderID      int64
	YooKassaID   string
	Status       string
	Amount       money.Amount
	Reason       string
	CancelReason string
	CreatedBy    *int64 // nil: the shop itself, for an order cancelled after it was paid
	CreatedAt    time.Time
	ReturnUnits  []int64 // the fur units it took back (staff named them); empty: money only
}

func refundOf(r paymentdb.Refund) Refund {
	out := Refund{ID: r.ID, PaymentID: r.PaymentID, OrderID: r.OrderID, Status: r.Status, Amount: money.Amount(r.Amount),
		Reason: r.Reason, CancelReason: r.CancelReason, CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt, ReturnUnits: r.ReturnedUnits}
	if r.YookassaID != nil {
		out.YooKassaID = *r.YookassaID
	}
	return out
}

// newKey returns a fresh idempotence key: 26 random base32 characters (ЮKassa takes up to 64).
func newKey() string { return rand.Text() }

func (s *Service) returnURL(orderID int64) string {
	id := strconv.FormatInt(orderID, 10)
	if strings.Contains(s.cfg.ReturnURL, "{order_id}") {
		return strings.ReplaceAll(s.cfg.ReturnURL, "{order_id}", id)
	}
	sep := "?"
	if strings.Contains(s.cfg.ReturnURL, "?") {
		sep = "&"
	}
	return s.cfg.ReturnURL + sep + "order_id=" + id
}

var (
	errDisabled  = apperr.New(apperr.Unavailable, "payments_unavailable", "online payment is not available; choose payment on receipt")
	errNoPayment = apperr.New(apperr.NotFound, "no_payment", "the order has no online payment yet")
)

// unavailable is the answer while ЮKassa cannot be reached: the attempt stays written down and the next try
// re-sends it with the same key.
func unavailable() error {
	return &apperr.Error{Kind: apperr.Unavailable, Code: "payment_provider_unavailable",
		Message: "the payment service does not answer; please try again in a minute", RetryAfter: 30 * time.Second}
}

// detach keeps ctx's values but not its cancellation, for work that must finish once money may have moved:
// a client that hangs up must not leave a payment ЮKassa made unrecorded.
func detach(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), d)
}
