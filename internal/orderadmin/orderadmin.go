// Package orderadmin lets staff follow and move orders through the back office, record the КИЗ of fur
// garments, and export orders and products as CSV for the accountant.
package orderadmin

import (
	"log/slog"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/order"
	"github.com/mekhaishuby/furstore/internal/payment"
	"github.com/mekhaishuby/furstore/internal/store"
	"github.com/mekhaishuby/furstore/internal/store/db"
)

// Service does the work behind the handlers.
type Service struct {
	pool      *pgxpool.Pool
	q         *db.Queries
	filtered  *db.Queries // planned afresh per call: the listing's best plan depends on which filters are set
	catalog   *catalog.Service
	payments  *payment.Service
	log       *slog.Logger
	publicURL string
}

// NewService returns the service. publicURL is the store's web address, for links in mail.
func NewService(pool *pgxpool.Pool, cat *catalog.Service, payments *payment.Service, log *slog.Logger, publicURL string) *Service {
	return &Service{pool: pool, q: db.New(pool), filtered: db.New(store.CustomPlans{DBTX: pool}), catalog: cat,
		payments: payments, log: log, publicURL: publicURL}
}

// Order is an order as staff see it: the customer's view plus who the customer is, the line ids and КИЗ codes,
// and who made each status change.
type Order struct {
	ID               int64
	CreatedAt        time.Time
	Customer         Customer
	Phone            string
	RequiresDelivery bool
	Address          string
	PaymentOnGet     bool
	IsPaid           bool
	Status           order.Status
	Total            money.Amount
	Items            []Item
	History          []Change
}

// Customer is the account that placed an order.
type Customer struct {
	ID        int64
	Email     string
	FirstName string
	LastName  string
}

// Name is the customer's name as they gave it, first name first.
func (c Customer) Name() string { return strings.TrimSpace(c.FirstName + " " + c.LastName) }

// Item is an order line.
type Item struct {
	ID        int64
	ProductID int64 // 0: the product has left the catalog
	Name      string
	Price     money.Amount
	Quantity  int32
	FurCodes  []string // the КИЗ of the line's first len(FurCodes) units
	MarkedFur bool     // the product is a natural-fur garment that carries a КИЗ
}

// Change is one step of an order's status history.
type Change struct {
	Status  order.Status
	At      time.Time
	By      *int64 // the account that made it: the customer, or a staff member; nil for the shop itself
	ByEmail string // empty once that account is gone
	Note    string
}

// Detail is an order with its payments and refunds, oldest first.
type Detail struct {
	Order
	Payments []payment.Payment
	Refunds  []payment.Refund
}

var errNotFound = apperr.New(apperr.NotFound, "order_not_found", "no such order")

func orderOf(o db.Order, email, firstName, lastName string) Order {
	return Order{
		ID: o.ID, CreatedAt: o.CreatedAt, Customer: Customer{ID: o.UserID, Email: email, FirstName: firstName, LastName: lastName},
		Phone: o.PhoneNumber, RequiresDelivery: o.RequiresDelivery, Address: o.DeliveryAddress, PaymentOnGet: o.PaymentOnGet,
		IsPaid: o.IsPaid, Status: order.Status(o.Status), Total: money.Amount(o.Total),
	}
}
