package order

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/cart"
	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/mail"
	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/phone"
	"github.com/mekhaishuby/furstore/internal/store/db"
)

// Limits on what a customer types into an order.
const (
	maxAddressLen        = 500
	maxIdempotencyKeyLen = 100
)

// Service places and tracks orders.
type Service struct {
	pool      *pgxpool.Pool
	q         *db.Queries
	carts     *cart.Service
	catalog   *catalog.Service
	refunds   Refunder
	log       *slog.Logger
	publicURL string
}

// Refunder gives back what was paid for an order that is being cancelled (the payment package does). It writes
// the refund down inside tx, which holds the order's row lock, and returns what sends it once tx committed.
type Refunder interface {
	RefundCancelled(ctx context.Context, tx pgx.Tx, orderID int64, reason string) (after func(context.Context), err error)
}

// NewService returns the order service. publicURL is the store's web address, for links in mail.
func NewService(pool *pgxpool.Pool, carts *cart.Service, cat *catalog.Service, refunds Refunder, log *slog.Logger, publicURL string) *Service {
	return &Service{pool: pool, q: db.New(pool), carts: carts, catalog: cat, refunds: refunds, log: log, publicURL: publicURL}
}

// PlaceInput is what the customer fills in at checkout. Whatever else the client sends (id, status, is_paid,
// user …) is the server's to decide and is ignored.
type PlaceInput struct {
	Phone            string
	RequiresDelivery bool
	Address          string
	PaymentOnGet     bool
	IdempotencyKey   string // the Idempotency-Key header; empty: none
}

// Place makes an order of everything in the user's cart, in one transaction: the order and its lines at
// today's prices, the stock taken, the cart emptied, the confirmation mail queued. If any line is short,
// nothing changes and the error names every short line and what is left. With an idempotency key that this
// user already used, the first order comes back (created is false) and nothing else happens.
func (s *Service) Place(ctx context.Context, u account.User, in PlaceInput) (o Order, created bool, err error) {
	in, err = clean(in)
	if err != nil {
		return Order{}, false, err
	}
	var placed Order
	var replay bool
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		placed, replay, err = s.place(ctx, tx, u, in)
		return err
	})
	if err != nil {
		return Order{}, false, err
	}
	if replay {
		// The same key again: a double submit, or a retry after a lost answer. Answer with the first order.
		o, err = s.Get(ctx, u.ID, placed.ID)
		return o, false, err
	}
	s.catalog.StockChanged(ctx)
	return placed, true, nil
}

// place does the work of Place inside tx. replay reports an order already placed with the same key (only its
// ID is set then).
func (s *Service) place(ctx context.Context, tx pgx.Tx, u account.User, in PlaceInput) (o Order, replay bool, err error) {
	q := s.q.WithTx(tx)
	var key *string
	if in.IdempotencyKey != "" {
		key = &in.IdempotencyKey
		// Requests with this key queue here; the first to get through places the order, the others find it.
		if err := q.LockIdempotencyKey(ctx, db.LockIdempotencyKeyParams{UserID: u.ID, IdempotencyKey: in.IdempotencyKey}); err != nil {
			return Order{}, false, err
		}
		id, err := q.GetOrderByKey(ctx, db.GetOrderByKeyParams{UserID: u.ID, IdempotencyKey: key})
		if err == nil {
			return Order{ID: id}, true, nil
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return Order{}, false, err
		}
	}
	items, err := s.carts.TakeForOrder(ctx, tx, u.ID) // sorted by product id
	if err != nil {
		return Order{}, false, err
	}
	ids := make([]int64, len(items))
	for i, it := range items {
		ids[i] = it.ProductID
	}
	// Locked in id order (see the query), so concurrent orders queue per product and never deadlock.
	products, err := q.LockProductsForOrder(ctx, ids)
	if err != nil {
		return Order{}, false, err
	}
	o = Order{UserID: u.ID, Phone: in.Phone, RequiresDelivery: in.RequiresDelivery, Address: in.Address,
		PaymentOnGet: in.PaymentOnGet, Status: Processing}
	var short []cart.Shortage
	params := db.InsertOrderParams{UserID: u.ID, PhoneNumber: in.Phone, RequiresDelivery: in.RequiresDelivery,
		DeliveryAddress: in.Address, PaymentOnGet: in.PaymentOnGet, IdempotencyKey: key}
	for _, it := range items {
		// Both lists are sorted by id; a product deleted since it was put in the cart is missing from products.
		j, found := slices.BinarySearchFunc(products, it.ProductID, func(p db.LockProductsForOrderRow, id int64) int { return cmp.Compare(p.ID, id) })
		if !found {
			short = append(short, cart.Shortage{ProductID: it.ProductID, Name: "?", Requested: it.Quantity})
			continue
		}
		p := products[j]
		available := p.Stock
		if !p.IsActive {
			available = 0
		}
		if it.Quantity > available {
			short = append(short, cart.Shortage{ProductID: p.ID, Name: p.Name, Requested: it.Quantity, Available: available})
			continue
		}
		params.ProductIds = append(params.ProductIds, p.ID)
		params.Names = append(params.Names, p.Name)
		params.Prices = append(params.Prices, p.Price)
		params.Quantities = append(params.Quantities, it.Quantity)
		o.Items = append(o.Items, Item{ProductID: p.ID, Name: p.Name, Price: money.Amount(p.Price), Quantity: it.Quantity})
		o.Total += money.Amount(p.Price) * money.Amount(it.Quantity)
	}
	if len(short) > 0 {
		return Order{}, false, shortageError(short)
	}
	if err := q.TakeStock(ctx, db.TakeStockParams{Ids: params.ProductIds, Quantities: params.Quantities}); err != nil {
		return Order{}, false, fmt.Errorf("take stock: %w", err)
	}
	params.Total = o.Total.Kopecks()
	row, err := q.InsertOrder(ctx, params)
	if err != nil {
		return Order{}, false, err
	}
	o.ID, o.CreatedAt = row.ID, row.CreatedAt
	o.History = []Change{{Status: Processing, At: row.CreatedAt}}
	return o, false, mail.Enqueue(ctx, tx, confirmationMail(u, o, s.publicURL))
}

func shortageError(short []cart.Shortage) error {
	fields := make(map[string]string, len(short))
	names := make([]string, len(short))
	for i, sh := range short {
		fields[fmt.Sprintf("items[%d]", sh.ProductID)] = fmt.Sprintf("«%s»: ordered %d, %d left", sh.Name, sh.Requested, sh.Available)
		names[i] = fmt.Sprintf("«%s» (%d left)", sh.Name, sh.Available)
	}
	return &apperr.Error{Kind: apperr.Conflict, Code: "insufficient_stock",
		Message: "not enough in stock: " + strings.Join(names, ", ") + "; nothing was ordered",
		Fields:  fields, Details: short}
}

// clean validates and normalises the checkout form, reporting every bad field at once.
func clean(in PlaceInput) (PlaceInput, error) {
	var v apperr.Validation
	if strings.TrimSpace(in.Phone) == "" {
		v.Add("required", "phone_number", "is required")
	} else if p, err := phone.Normalize(in.Phone); err != nil {
		v.Add("invalid_phone", "phone_number", err.Error())
	} else {
		in.Phone = p
	}
	in.Address = strings.TrimSpace(in.Address)
	switch {
	case utf8.RuneCountInString(in.Address) > maxAddressLen:
		v.Add("invalid_value", "delivery_address", fmt.Sprintf("must be at most %d characters", maxAddressLen))
	case !utf8.ValidString(in.Address) || strings.ContainsRune(in.Address, 0):
		v.Add("invalid_value", "delivery_address", "must be plain text")
	case in.RequiresDelivery && in.Address == "":
		v.Add("required", "delivery_address", "is required for delivery")
	}
	if len(in.IdempotencyKey) > maxIdempotencyKeyLen || strings.ContainsFunc(in.IdempotencyKey, func(r rune) bool { return r < 0x21 || r > 0x7e }) {
		v.Add("invalid_value", "Idempotency-Key", "must be at most 100 visible ASCII characters")
	}
	return in, v.Err()
}

// Get returns one of the user's orders with its lines and history. Someone else's order is not found.
func (s *Service) Get(ctx context.Context, userID, id int64) (Order, error) {
	row, err := s.q.GetUserOrder(ctx, db.GetUserOrderParams{ID: id, UserID: userID})
	if errors.Is(err, pgx.ErrNoRows) {
		return Order{}, errNotFound
	}
	if err != nil {
		return Order{}, fmt.Errorf("get order: %w", err)
	}
	orders := []Order{orderOf(row)}
	if err := s.fill(ctx, orders); err != nil {
		return Order{}, err
	}
	return orders[0], nil
}

var errNotFound = apperr.New(apperr.NotFound, "order_not_found", "no such order")

// List returns a page of the user's orders, newest first, and how many there are.
func (s *Service) List(ctx context.Context, userID int64, page, pageSize int) ([]Order, int64, error) {
	count, err := s.q.CountUserOrders(ctx, userID)
	if err != nil {
		return nil, 0, err
	}
	rows, err := s.q.ListUserOrders(ctx, db.ListUserOrdersParams{UserID: userID, PageSize: int32(pageSize), Skip: int32((page - 1) * pageSize)})
	if err != nil {
		return nil, 0, err
	}
	orders := make([]Order, len(rows))
	for i, r := range rows {
		orders[i] = orderOf(r)
	}
	return orders, count, s.fill(ctx, orders)
}

// fill loads the lines and history of orders in two queries, whatever their number.
func (s *Service) fill(ctx context.Context, orders []Order) error {
	if len(orders) == 0 {
		return nil
	}
	ids := make([]int64, len(orders))
	at := make(map[int64]*Order, len(orders))
	for i := range orders {
		ids[i] = orders[i].ID
		at[orders[i].ID] = &orders[i]
	}
	items, err := s.q.ListOrderItems(ctx, ids)
	if err != nil {
		return err
	}
	for _, it := range items {
		var pid int64
		if it.ProductID != nil {
			pid = *it.ProductID
		}
		o := at[it.OrderID]
		o.Items = append(o.Items, Item{ProductID: pid, Name: it.Name, Price: money.Amount(it.Price), Quantity: it.Quantity})
	}
	history, err := s.q.ListStatusHistory(ctx, ids)
	if err != nil {
		return err
	}
	for _, h := range history {
		o := at[h.OrderID]
		o.History = append(o.History, Change{Status: Status(h.Status), At: h.ChangedAt})
	}
	return nil
}
