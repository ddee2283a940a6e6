// Package cart holds shopping carts: a signed-in user's, or a guest's identified by a random token, merged into
// the user's cart when the guest signs in. A cart keeps product ids and quantities; what a line shows of its
// product, and whether it is sold and in stock, the catalog says.
package cart

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/cart/internal/cartdb"
	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/store"
	"github.com/mekhaishuby/furstore/internal/token"
)

// MaxQuantity is the most of one product a cart may hold; stock usually limits it long before.
const MaxQuantity = 1000

// Owner says whose cart: a user's, or else a guest's by token (both may be empty: nobody's cart yet).
type Owner struct {
	UserID     int64
	GuestToken string
}

// Line is one variant of a product in a cart, with the product as it is now: a price rise or a withdrawal shows
// at once.
type Line struct {
	ID        int64
	Product   catalog.Summary // with the variant's price
	Variant   catalog.VariantRef
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
	pool    *pgxpool.Pool
	q       *cartdb.Queries
	catalog *catalog.Service
	log     *slog.Logger
}

// NewService returns the cart service; cat tells what the products in carts are.
func NewService(pool *pgxpool.Pool, cat *catalog.Service, log *slog.Logger) *Service {
	return &Service{pool: pool, q: cartdb.New(pool), catalog: cat, log: log}
}

var errNotInCart = apperr.New(apperr.NotFound, "not_in_cart", "this product is not in the cart")

// Get returns the owner's cart; an owner without one has an empty cart.
func (s *Service) Get(ctx context.Context, o Owner) (Cart, error) {
	if o.UserID != 0 {
		rows, err := s.q.ListUserCartItems(ctx, &o.UserID)
		if err != nil {
			return Cart{}, fmt.Errorf("load cart: %w", err)
		}
		items := make([]cartdb.ListCartItemsRow, len(rows))
		for i, r := range rows {
			items[i] = cartdb.ListCartItemsRow(r)
		}
		return s.cartOf(ctx, items)
	}
	id, ok, err := s.find(ctx, s.q, o)
	if err != nil || !ok {
		return Cart{Lines: []Line{}}, err
	}
	return s.load(ctx, id)
}

// Add puts quantity more of a product into the owner's cart. A guest without a cart gets one: newToken is then
// its token, which the client must send back from now on.
func (s *Service) Add(ctx context.Context, o Owner, it Item, quantity int) (c Cart, newToken string, err error) {
	if err := checkQuantity(quantity); err != nil {
		return Cart{}, "", err
	}
	p, err := s.offer(ctx, it)
	if err != nil {
		return Cart{}, "", err
	}
	variantID := p.Variant.ID
	// The line may hold at most what the catalog has in stock, as the cart shows it.
	limit := min(p.Stock, MaxQuantity)
	if o.UserID != 0 {
		// A user's cart is never deleted under us: one statement adds and reads it, no transaction needed.
		items, err := s.addForUser(ctx, o.UserID, variantID, int32(quantity), limit, p)
		if err != nil {
			return Cart{}, "", err
		}
		c, err = s.cartOf(ctx, items, p)
		return c, "", err
	}
	// A guest's may be merged into an account at this moment: ensure locks it for the transaction.
	var cartID int64
	err = store.InTx(ctx, s.pool, func(tx *store.Tx) error {
		q := s.q.WithTx(tx)
		var err error
		if cartID, newToken, err = s.ensure(ctx, q, o); err != nil {
			return err
		}
		_, err = q.AddCartItem(ctx, cartdb.AddCartItemParams{CartID: cartID, VariantID: variantID, Quantity: int32(quantity),
			MaxQuantity: limit})
		if errors.Is(err, pgx.ErrNoRows) {
			return whyNotAdded(ctx, q, cartID, variantID, int32(quantity), p)
		}
		if err != nil {
			return productGone(err)
		}
		return q.TouchCart(ctx, cartID)
	})
	if err != nil {
		return Cart{}, "", err
	}
	c, err = s.load(ctx, cartID, p)
	return c, newToken, err
}

// addForUser adds to a user's cart (made on the first add) and returns its lines. When nothing was added the
// cart may not exist yet, or have been made by a concurrent first add that this statement could not see: the
// cart is made (or found: the upsert returns it either way) and the add runs once more before it is refused.
func (s *Service) addForUser(ctx context.Context, userID, variantID int64, quantity, limit int32, p catalog.Offer) ([]cartdb.ListCartItemsRow, error) {
	for first := true; ; first = false {
		rows, err := s.q.AddToUserCart(ctx, cartdb.AddToUserCartParams{UserID: &userID, VariantID: variantID,
			Quantity: quantity, MaxQuantity: limit})
		if err != nil {
			return nil, productGone(err)
		}
		if slices.ContainsFunc(rows, func(r cartdb.AddToUserCartRow) bool { return r.Added }) {
			items := make([]cartdb.ListCartItemsRow, len(rows))
			for i, r := range rows {
				items[i] = cartdb.ListCartItemsRow{ID: r.ID, VariantID: r.VariantID, Quantity: r.Quantity}
			}
			return items, nil
		}
		cartID, err := s.q.CreateUserCart(ctx, &userID)
		if err != nil {
			return nil, err
		}
		if first {
			continue
		}
		return nil, whyNotAdded(ctx, s.q, cartID, variantID, quantity, p)
	}
}

// Item names a cart line: its variant, or its product when that has one variant (a v1 client). Both may be
// given; then the variant must be of the product.
type Item struct {
	ProductID int64
	VariantID int64
}

// variant resolves it to a variant id.
func (s *Service) variant(ctx context.Context, it Item) (int64, error) {
	if it.VariantID != 0 && it.ProductID != 0 {
		p, err := s.catalog.Offer(ctx, it.VariantID)
		switch {
		case err == nil && p.ID != it.ProductID:
			return 0, mismatch(it)
		case err != nil && !errors.Is(err, catalog.ErrVariantNotFound):
			return 0, err
		}
	}
	if it.VariantID != 0 {
		return it.VariantID, nil
	}
	p, err := s.catalog.ProductOffer(ctx, it.ProductID)
	return p.Variant.ID, err
}

// offer returns what the catalog says of it now, read fresh: the stock it has decides how many the line may
// hold, and the cart shows that same offer. A variant not sold, or of a product not sold, is not found.
func (s *Service) offer(ctx context.Context, it Item) (catalog.Offer, error) {
	var p catalog.Offer
	var err error
	if it.VariantID == 0 {
		p, err = s.catalog.ProductOffer(ctx, it.ProductID)
	} else {
		p, err = s.catalog.Offer(ctx, it.VariantID)
	}
	if err != nil {
		return catalog.Offer{}, err
	}
	if it.ProductID != 0 && p.ID != it.ProductID {
		return catalog.Offer{}, mismatch(it)
	}
	if !p.Active {
		if it.VariantID != 0 {
			return catalog.Offer{}, catalog.ErrVariantNotFound
		}
		return catalog.Offer{}, catalog.ErrProductNotFound
	}
	return p, nil
}

func mismatch(it Item) error {
	return apperr.Field("variant_mismatch", "variant_id", fmt.Sprintf("variant %d is not of product %d", it.VariantID, it.ProductID))
}

// productGone turns the cart line's foreign key refusing a variant deleted a moment ago into not found.
func productGone(err error) error {
	if code, _ := store.SQLState(err); code == store.ForeignKeyViolation {
		return catalog.ErrVariantNotFound
	}
	return err
}

// whyNotAdded explains why an add added nothing: too many, or not enough stock.
func whyNotAdded(ctx context.Context, q *cartdb.Queries, cartID, variantID int64, quantity int32, p catalog.Offer) error {
	have, err := q.GetCartQuantity(ctx, cartdb.GetCartQuantityParams{CartID: cartID, VariantID: variantID})
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return err
	}
	if have+quantity > MaxQuantity {
		return apperr.Field("invalid_quantity", "quantity", fmt.Sprintf("at most %d of one product", MaxQuantity))
	}
	return insufficient(p, have+quantity)
}

func insufficient(p catalog.Offer, requested int32) error {
	return &apperr.Error{Kind: apperr.Conflict, Code: "insufficient_stock",
		Message: fmt.Sprintf("«%s»: only %d in stock", p.Name, p.Stock),
		Fields:  map[string]string{"quantity": fmt.Sprintf("only %d in stock", p.Stock)},
		Details: []catalog.Shortage{{ProductID: p.ID, VariantID: p.Variant.ID, Name: p.Name, Requested: requested, Available: p.Stock}}}
}

// Set makes a product's quantity in the owner's cart exactly quantity, adding the product if it is not there.
func (s *Service) Set(ctx context.Context, o Owner, it Item, quantity int) (c Cart, newToken string, err error) {
	if err := checkQuantity(quantity); err != nil {
		return Cart{}, "", err
	}
	p, err := s.offer(ctx, it)
	if err != nil {
		return Cart{}, "", err
	}
	variantID := p.Variant.ID
	if int32(quantity) > p.Stock {
		return Cart{}, "", insufficient(p, int32(quantity))
	}
	var cartID int64
	err = store.InTx(ctx, s.pool, func(tx *store.Tx) error {
		q := s.q.WithTx(tx)
		var err error
		if cartID, newToken, err = s.ensure(ctx, q, o); err != nil {
			return err // ensure has locked a guest's cart; a user's is never deleted under us
		}
		err = q.UpsertCartItem(ctx, cartdb.UpsertCartItemParams{CartID: cartID, VariantID: variantID, Quantity: int32(quantity)})
		if err != nil {
			return productGone(err)
		}
		return q.TouchCart(ctx, cartID)
	})
	if err != nil {
		return Cart{}, "", err
	}
	c, err = s.load(ctx, cartID, p)
	return c, newToken, err
}

// Remove takes a product out of the owner's cart.
func (s *Service) Remove(ctx context.Context, o Owner, it Item) (Cart, error) {
	variantID, err := s.variant(ctx, it)
	if err != nil {
		return Cart{}, err
	}
	id, ok, err := s.find(ctx, s.q, o)
	if err != nil {
		return Cart{}, err
	}
	if !ok {
		return Cart{}, errNotInCart
	}
	n, err := s.q.DeleteCartItem(ctx, cartdb.DeleteCartItemParams{CartID: id, VariantID: variantID})
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
	return store.InTx(ctx, s.pool, func(tx *store.Tx) error {
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
		items, err := q.ListCartItems(ctx, guest)
		if err != nil {
			return err
		}
		p := cartdb.MergeCartItemsParams{IntoCartID: mine}
		for _, it := range items {
			p.VariantIds = append(p.VariantIds, it.VariantID)
		}
		// Capped by the stock of the moment, read in this transaction; products no longer sold are left behind.
		av, err := s.catalog.Availability(ctx, tx, p.VariantIds)
		if err != nil {
			return err
		}
		for _, it := range items {
			var cap int32
			if a, ok := av[it.VariantID]; ok && a.Active {
				cap = min(a.Stock, MaxQuantity)
			}
			p.Quantities = append(p.Quantities, it.Quantity)
			p.Caps = append(p.Caps, cap)
		}
		if err := q.MergeCartItems(ctx, p); err != nil {
			return fmt.Errorf("merge carts: %w", productGone(err))
		}
		return q.DeleteCart(ctx, guest)
	})
}

// find returns the owner's cart id, if the owner has a cart.
func (s *Service) find(ctx context.Context, q *cartdb.Queries, o Owner) (int64, bool, error) {
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
func (s *Service) ensure(ctx context.Context, q *cartdb.Queries, o Owner) (int64, string, error) {
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

func checkQuantity(n int) error {
	if n < 1 || n > MaxQuantity {
		return apperr.Field("invalid_quantity", "quantity", fmt.Sprintf("must be a whole number from 1 to %d", MaxQuantity))
	}
	return nil
}

// load reads a cart with its products' current state; known are offers the caller already has.
func (s *Service) load(ctx context.Context, cartID int64, known ...catalog.Offer) (Cart, error) {
	items, err := s.q.ListCartItems(ctx, cartID)
	if err != nil {
		return Cart{}, fmt.Errorf("load cart: %w", err)
	}
	return s.cartOf(ctx, items, known...)
}

// cartOf makes a cart of its lines as stored, each showing its product as the catalog has it now (known: what
// the caller has just been told of some of them). A line whose product has just been deleted (its row goes
// with it a moment later) is left out.
func (s *Service) cartOf(ctx context.Context, items []cartdb.ListCartItemsRow, known ...catalog.Offer) (Cart, error) {
	c := Cart{Lines: make([]Line, 0, len(items))}
	offers := make(map[int64]catalog.Offer, len(items))
	for _, o := range known {
		offers[o.Variant.ID] = o
	}
	var ids []int64
	for _, it := range items {
		if _, ok := offers[it.VariantID]; !ok {
			ids = append(ids, it.VariantID)
		}
	}
	if len(ids) > 0 {
		read, err := s.catalog.Summaries(ctx, ids)
		if err != nil {
			return Cart{}, fmt.Errorf("cart products: %w", err)
		}
		maps.Copy(offers, read)
	}
	for _, it := range items {
		p, ok := offers[it.VariantID]
		if !ok {
			continue
		}
		l := Line{ID: it.ID, Product: p.Summary, Variant: p.Variant, Quantity: it.Quantity, Stock: p.Stock, Available: p.Active,
			LineTotal: p.Price * money.Amount(it.Quantity)}
		c.Lines = append(c.Lines, l)
		c.TotalQuantity += int64(it.Quantity)
		c.TotalPrice += l.LineTotal
	}
	return c, nil
}
