// Package cart holds shopping carts: a signed-in user's, or a guest's identified by a random token, merged into
// the user's cart when the guest signs in.
package cart

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/store/db"
	"github.com/mekhaishuby/furstore/internal/token"
)

// MaxQuantity is the most of one product a cart may hold; stock usually limits it long before.
const MaxQuantity = 1000

// Owner says whose cart: a user's, or else a guest's by token (both may be empty: nobody's cart yet).
type Owner struct {
	UserID     int64
	GuestToken string
}

// Line is one product in a cart, with the product as it is now: a price rise or a withdrawal shows at once.
type Line struct {
	ID        int64
	Product   catalog.Summary
	Quantity  int32
	Stock     int32
	Available bool // the product is still sold
	LineTotal money.Amount
}

// Cart is a cart's lines and totals. Totals count every line, so they always equal the sum of line totals.
type Cart struct {
	Lines         []Line
	TotalQuantity int64
	TotalPrice    money.Amount
}

// Service runs carts.
type Service struct {
	pool *pgxpool.Pool
	q    *db.Queries
	log  *slog.Logger
}

// NewService returns the cart service.
func NewService(pool *pgxpool.Pool, log *slog.Logger) *Service {
	return &Service{pool: pool, q: db.New(pool), log: log}
}

var (
	errProductNotFound = apperr.New(apperr.NotFound, "product_not_found", "no such product")
	errNotInCart       = apperr.New(apperr.NotFound, "not_in_cart", "this product is not in the cart")
)

// Get returns the owner's cart; an owner without one has an empty cart.
func (s *Service) Get(ctx context.Context, o Owner) (Cart, error) {
	if o.UserID != 0 {
		rows, err := s.q.ListUserCartLines(ctx, &o.UserID)
		if err != nil {
			return Cart{}, fmt.Errorf("load cart: %w", err)
		}
		lines := make([]db.ListCartLinesRow, len(rows))
		for i, r := range rows {
			lines[i] = db.ListCartLinesRow(r)
		}
		return cartOf(lines), nil
	}
	id, ok, err := s.find(ctx, s.q, o)
	if err != nil || !ok {
		return Cart{Lines: []Line{}}, err
	}
	return s.load(ctx, id)
}

// Add puts quantity more of a product into the owner's cart. A guest without a cart gets one: newToken is then
// its token, which the client must send back from now on.
func (s *Service) Add(ctx context.Context, o Owner, productID int64, quantity int) (c Cart, newToken string, err error) {
	if err := checkQuantity(quantity); err != nil {
		return Cart{}, "", err
	}
	var cartID int64
	add := func(q *db.Queries) error {
		var err error
		if cartID, newToken, err = s.ensure(ctx, q, o); err != nil {
			return err
		}
		_, err = q.AddCartItem(ctx, db.AddCartItemParams{CartID: cartID, ProductID: productID, Quantity: int32(quantity), MaxQuantity: MaxQuantity})
		if errors.Is(err, pgx.ErrNoRows) {
			return whyNotAdded(ctx, q, cartID, productID, int32(quantity))
		}
		return err
	}
	if o.UserID != 0 {
		// A user's cart is never deleted under us: one statement does it, no transaction needed.
		err = add(s.q)
	} else {
		// A guest's may be merged into an account at this moment: ensure locks it for the transaction.
		err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
			q := s.q.WithTx(tx)
			if err := add(q); err != nil {
				return err
			}
			return q.TouchCart(ctx, cartID)
		})
	}
	if err != nil {
		return Cart{}, "", err
	}
	c, err = s.load(ctx, cartID)
	return c, newToken, err
}

// whyNotAdded explains why AddCartItem added nothing: no such product on sale, too many, or not enough stock.
func whyNotAdded(ctx context.Context, q *db.Queries, cartID, productID int64, quantity int32) error {
	have, err := q.GetCartQuantity(ctx, db.GetCartQuantityParams{CartID: cartID, ProductID: productID})
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return err
	}
	p, err := q.GetProductStock(ctx, productID)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && !p.IsActive) {
		return errProductNotFound
	}
	if err != nil {
		return err
	}
	if have+quantity > MaxQuantity {
		return apperr.Field("invalid_quantity", "quantity", fmt.Sprintf("at most %d of one product", MaxQuantity))
	}
	return insufficient(productID, p.Name, have+quantity, p.Stock)
}

func insufficient(productID int64, name string, requested, stock int32) error {
	return &apperr.Error{Kind: apperr.Conflict, Code: "insufficient_stock",
		Message: fmt.Sprintf("«%s»: only %d in stock", name, stock),
		Fields:  map[string]string{"quantity": fmt.Sprintf("only %d in stock", stock)},
		Details: []Shortage{{ProductID: productID, Name: name, Requested: requested, Available: stock}}}
}

// Set makes a product's quantity in the owner's cart exactly quantity, adding the product if it is not there.
func (s *Service) Set(ctx context.Context, o Owner, productID int64, quantity int) (c Cart, newToken string, err error) {
	if err := checkQuantity(quantity); err != nil {
		return Cart{}, "", err
	}
	var cartID int64
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		q := s.q.WithTx(tx)
		var err error
		if cartID, newToken, err = s.ensure(ctx, q, o); err != nil {
			return err // ensure has locked a guest's cart; a user's is never deleted under us
		}
		return setQuantity(ctx, q, cartID, productID, int32(quantity))
	})
	if err != nil {
		return Cart{}, "", err
	}
	c, err = s.load(ctx, cartID)
	return c, newToken, err
}

// Remove takes a product out of the owner's cart.
func (s *Service) Remove(ctx context.Context, o Owner, productID int64) (Cart, error) {
	id, ok, err := s.find(ctx, s.q, o)
	if err != nil {
		return Cart{}, err
	}
	if !ok {
		return Cart{}, errNotInCart
	}
	n, err := s.q.DeleteCartItem(ctx, db.DeleteCartItemParams{CartID: id, ProductID: productID})
	if err != nil {
		return Cart{}, err
	}
	if n == 0 {
		return Cart{}, errNotInCart
	}
	if err := s.q.TouchCart(ctx, id); err != nil { // a guest cart in use is not forgotten
		return Cart{}, err
	}
	return s.load(ctx, id)
}

// Merge moves a guest's cart into the user's when the guest signs in: quantities add up, capped by stock, and
// the guest cart is gone. An unknown token merges nothing.
func (s *Service) Merge(ctx context.Context, userID int64, guestToken string) error {
	if guestToken == "" {
		return nil
	}
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		q := s.q.WithTx(tx)
		guest, err := q.GetGuestCartID(ctx, token.Hash(guestToken))
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		// The user's cart first (the upsert locks it), then the guest's: the only order anyone takes these two in.
		mine, err := q.CreateUserCart(ctx, &userID)
		if err != nil {
			return err
		}
		if _, err := q.LockCart(ctx, guest); errors.Is(err, pgx.ErrNoRows) {
			return nil // a concurrent sign-in with the same token merged it meanwhile (a double click)
		} else if err != nil {
			return err
		}
		if err := q.MergeCartItems(ctx, db.MergeCartItemsParams{IntoCartID: mine, FromCartID: guest, MaxQuantity: MaxQuantity}); err != nil {
			return fmt.Errorf("merge carts: %w", err)
		}
		return q.DeleteCart(ctx, guest)
	})
}

// find returns the owner's cart id, if the owner has a cart.
func (s *Service) find(ctx context.Context, q *db.Queries, o Owner) (int64, bool, error) {
	var id int64
	var err error
	switch {
	case o.UserID != 0:
		id, err = q.GetUserCartID(ctx, &o.UserID)
	case o.GuestToken != "":
		id, err = q.GetGuestCartID(ctx, token.Hash(o.GuestToken))
	default:
		return 0, false, nil
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, false, nil
	}
	return id, err == nil, err
}

// ensure returns the owner's cart id, creating the cart if needed; for a new guest cart, also its token.
func (s *Service) ensure(ctx context.Context, q *db.Queries, o Owner) (int64, string, error) {
	if o.UserID != 0 {
		id, err := q.GetUserCartID(ctx, &o.UserID)
		if errors.Is(err, pgx.ErrNoRows) {
			id, err = q.CreateUserCart(ctx, &o.UserID) // the first time only
		}
		return id, "", err
	}
	if id, ok, err := s.find(ctx, q, o); err != nil {
		return 0, "", err
	} else if ok {
		// Lock it now: a sign-in may be merging (and deleting) this guest cart at this very moment.
		_, err := q.LockCart(ctx, id)
		if !errors.Is(err, pgx.ErrNoRows) {
			return id, "", err
		}
		// Merged into an account, or forgotten, meanwhile: the guest starts a new cart.
	}
	tok, hash := token.New()
	id, err := q.CreateGuestCart(ctx, hash)
	return id, tok, err
}

// setQuantity stores a quantity after checking the product is sold and in stock.
func setQuantity(ctx context.Context, q *db.Queries, cartID, productID int64, quantity int32) error {
	p, err := q.GetProductStock(ctx, productID)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && !p.IsActive) {
		return errProductNotFound
	}
	if err != nil {
		return err
	}
	if quantity > p.Stock {
		return insufficient(productID, p.Name, quantity, p.Stock)
	}
	if err := q.UpsertCartItem(ctx, db.UpsertCartItemParams{CartID: cartID, ProductID: productID, Quantity: quantity}); err != nil {
		return err
	}
	return q.TouchCart(ctx, cartID)
}

// Shortage is a product a cart or an order asks more of than there is.
type Shortage struct {
	ProductID int64  `json:"product_id"`
	Name      string `json:"name"`
	Requested int32  `json:"requested"`
	Available int32  `json:"available"`
}

func checkQuantity(n int) error {
	if n < 1 || n > MaxQuantity {
		return apperr.Field("invalid_quantity", "quantity", fmt.Sprintf("must be a whole number from 1 to %d", MaxQuantity))
	}
	return nil
}

// load reads a cart with its products' current state.
func (s *Service) load(ctx context.Context, cartID int64) (Cart, error) {
	rows, err := s.q.ListCartLines(ctx, cartID)
	if err != nil {
		return Cart{}, fmt.Errorf("load cart: %w", err)
	}
	return cartOf(rows), nil
}

// cartOf makes a cart of its lines as the database returned them.
func cartOf(rows []db.ListCartLinesRow) Cart {
	c := Cart{Lines: make([]Line, len(rows))}
	for i, r := range rows {
		l := Line{
			ID: r.ID, Quantity: r.Quantity, Stock: r.Stock, Available: r.IsActive,
			LineTotal: money.Amount(r.Price) * money.Amount(r.Quantity),
			Product: catalog.Summary{ID: r.ProductID, Slug: r.Slug, Name: r.Name, Price: money.Amount(r.Price),
				OldPrice: money.FromPtr(r.OldPrice), Image: r.Image, InStock: r.Stock > 0,
				Category: catalog.CategoryRef{ID: r.CategoryID, Slug: r.CategorySlug, Name: r.CategoryName}},
		}
		c.Lines[i] = l
		c.TotalQuantity += int64(r.Quantity)
		c.TotalPrice += l.LineTotal
	}
	return c
}
