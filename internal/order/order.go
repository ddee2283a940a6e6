// Package order turns carts into orders: stock taken atomically and never oversold, prices fixed at the moment
// of the order, a status that only moves forward along a defined graph, and a history of every change. It owns
// the orders, their lines and their history: the customer's and the staff's views are two renderings of its one
// model, and whoever else changes an order (a payment arriving) does it through this package's functions.
package order

import (
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/cart"
	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/order/internal/orderdb"
	"github.com/mekhaishuby/furstore/internal/store"
)

// Order is an order: what the customer sees of it and, for staff, who the customer is and who changed what.
type Order struct {
	ID               int64
	UserID           int64
	Customer         account.Person // filled where staff see the order, and under Lock
	CreatedAt        time.Time
	Phone            string
	RequiresDelivery bool
	Address          string
	PaymentOnGet     bool
	IsPaid           bool
	Status           Status
	Total            money.Amount
	TrackingNumber   *string // the carrier's, given when it was shipped
	Items            []Item
	History          []Change
}

// Item is an order line: the product as it was at the moment of the order. Its id, name and price stay as they
// were even if the product later changes or leaves the catalog.
type Item struct {
	ID        int64
	ProductID int64
	VariantID int64
	SKU       string
	Size      *string
	Height    *string
	Color     *string
	Name      string
	Slug      string
	Image     string // the product's main picture then, a path under the media folder; "" when none
	Price     money.Amount
	Quantity  int32
	Returned  int32    // pieces sent back after hand-over and counted by the line (goods without a КИЗ)
	MarkedFur bool     // a natural-fur garment: each piece is a unit with a КИЗ
	FurCodes  []string // the КИЗ of the line's units that have one (filled where staff see the order, and under Lock)
	// Units are the fur units the line holds, bought or sent back, oldest first (filled with FurCodes).
	Units []catalog.OrderUnit
}

// Change is one step of an order's status history.
type Change struct {
	Status  Status
	At      time.Time
	By      *int64 // the account that made it: the customer, or a staff member; nil for the shop itself
	ByEmail string // filled where staff see it; empty once that account is gone
	Note    string
}

// Payments is what cancelling an order needs of online payment; the payment package provides it (it imports
// this one, so the need is declared here).
type Payments interface {
	// RefundCancelled runs inside tx, which holds o's row lock: it closes payment attempts nobody can pay any
	// more and, if o is paid, writes down a refund of what was paid, sent once tx has committed.
	RefundCancelled(ctx context.Context, tx *store.Tx, o Order, reason string) error
	// ReceiptFixed tells, inside tx under the order's row lock, whether a payment of the order is under way or
	// has succeeded: its receipt has named the order's units by their КИЗ, which may then not change.
	ReceiptFixed(ctx context.Context, tx *store.Tx, orderID int64) (bool, error)
}

// Service places and tracks orders.
type Service struct {
	pool      *pgxpool.Pool
	q         *orderdb.Queries
	filtered  *orderdb.Queries // planned afresh per call: the staff listing's best plan depends on its filters
	carts     *cart.Service
	catalog   *catalog.Service
	accounts  *account.Service
	payments  Payments
	events    Events
	log       *slog.Logger
	publicURL string
}

// Events hears what happened to orders once it is committed (metrics.Events counts it for the operator).
type Events interface {
	OrderPlaced(payOnReceipt bool, total money.Amount)
}

// NewService returns the order service. payments may be set later (SetPayments), since the payment service is
// built on this one. events hears of orders placed. publicURL is the store's web address, for links in mail.
func NewService(pool *pgxpool.Pool, carts *cart.Service, cat *catalog.Service, accounts *account.Service, events Events, log *slog.Logger, publicURL string) *Service {
	return &Service{pool: pool, q: orderdb.New(pool), filtered: orderdb.New(store.CustomPlans{Querier: pool}),
		carts: carts, catalog: cat, accounts: accounts, events: events, log: log, publicURL: publicURL}
}

// SetPayments wires the payment service in, once it exists: payment.NewService calls it.
func (s *Service) SetPayments(p Payments) { s.payments = p }

// ErrNotFound is the answer for an order that does not exist, or is not the caller's to see.
var ErrNotFound = apperr.New(apperr.NotFound, "order_not_found", "no such order")

func orderOf(o orderdb.Order) Order {
	return Order{
		ID: o.ID, UserID: o.UserID, Customer: account.Person{ID: o.UserID}, CreatedAt: o.CreatedAt, Phone: o.PhoneNumber,
		RequiresDelivery: o.RequiresDelivery, Address: o.DeliveryAddress, PaymentOnGet: o.PaymentOnGet, IsPaid: o.IsPaid,
		Status: Status(o.Status), Total: money.Amount(o.Total), TrackingNumber: o.TrackingNumber,
	}
}

// VariantsOrdered tells whether an order line names one of the variants (catalog.Orders).
func (s *Service) VariantsOrdered(ctx context.Context, tx *store.Tx, variantIDs []int64) (bool, error) {
	return s.q.WithTx(tx).VariantsOrdered(ctx, variantIDs)
}

// VariantsInOpenOrders tells whether an order neither handed over nor cancelled holds one of the variants
// (catalog.Orders).
func (s *Service) VariantsInOpenOrders(ctx context.Context, tx *store.Tx, variantIDs []int64) (bool, error) {
	return s.q.WithTx(tx).VariantsInOpenOrders(ctx, variantIDs)
}
