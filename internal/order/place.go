package order

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/mail"
	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/order/internal/orderdb"
	"github.com/mekhaishuby/furstore/internal/phone"
	"github.com/mekhaishuby/furstore/internal/store"
	"github.com/mekhaishuby/furstore/internal/text"
)

// Limits on what a customer types into an order.
const (
	maxAddressLen        = 500
	maxIdempotencyKeyLen = 100
)

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
	err = store.InTx(ctx, s.pool, func(tx *store.Tx) error {
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
	return placed, true, nil
}

// place does the work of Place inside tx. replay reports an order already placed with the same key (only its
// ID is set then).
func (s *Service) place(ctx context.Context, tx *store.Tx, u account.User, in PlaceInput) (o Order, replay bool, err error) {
	q := s.q.WithTx(tx)
	var key *string
	if in.IdempotencyKey != "" {
		key = &in.IdempotencyKey
		// Requests with this key queue here; the first to get through places the order, the others find it.
		if err := q.LockIdempotencyKey(ctx, orderdb.LockIdempotencyKeyParams{UserID: u.ID, IdempotencyKey: in.IdempotencyKey}); err != nil {
			return Order{}, false, err
		}
		id, err := q.GetOrderByKey(ctx, orderdb.GetOrderByKeyParams{UserID: u.ID, IdempotencyKey: key})
		if err == nil {
			return Order{ID: id}, true, nil
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return Order{}, false, err
		}
	}
	lines, err := s.carts.TakeForOrder(ctx, tx, u.ID)
	if err != nil {
		return Order{}, false, err
	}
	// The catalog locks the variants in id order, so concurrent orders queue per variant and never deadlock,
	// and takes the stock only if every line fits; it announces the change once we have committed.
	taken, short, err := s.catalog.TakeStock(ctx, tx, lines)
	if err != nil {
		return Order{}, false, fmt.Errorf("take stock: %w", err)
	}
	if len(short) > 0 {
		return Order{}, false, shortageError(short)
	}
	o = Order{UserID: u.ID, Customer: account.Person{ID: u.ID, Email: u.Email, FirstName: u.FirstName, LastName: u.LastName},
		Phone: in.Phone, RequiresDelivery: in.RequiresDelivery, Address: in.Address, PaymentOnGet: in.PaymentOnGet, Status: Processing}
	params := orderdb.InsertOrderParams{UserID: u.ID, PhoneNumber: in.Phone, RequiresDelivery: in.RequiresDelivery,
		DeliveryAddress: in.Address, PaymentOnGet: in.PaymentOnGet, IdempotencyKey: key}
	for _, t := range taken {
		params.ProductIds = append(params.ProductIds, t.ProductID)
		params.VariantIds = append(params.VariantIds, t.VariantID)
		params.Skus = append(params.Skus, t.SKU)
		params.Sizes = append(params.Sizes, orEmpty(t.Size))
		params.Heights = append(params.Heights, orEmpty(t.Height))
		params.Colors = append(params.Colors, orEmpty(t.Color))
		params.Names = append(params.Names, t.Name)
		params.Slugs = append(params.Slugs, t.Slug)
		params.Images = append(params.Images, t.Image)
		params.Prices = append(params.Prices, t.Price.Kopecks())
		params.Quantities = append(params.Quantities, t.Quantity)
		params.MarkedFur = append(params.MarkedFur, t.MarkedFur)
		o.Items = append(o.Items, Item{ProductID: t.ProductID, VariantID: t.VariantID, SKU: t.SKU, Size: t.Size,
			Height: t.Height, Color: t.Color, Name: t.Name, Slug: t.Slug, Image: t.Image, Price: t.Price,
			Quantity: t.Quantity, MarkedFur: t.MarkedFur})
		o.Total += t.Price * money.Amount(t.Quantity)
	}
	params.Total = o.Total.Kopecks()
	row, err := q.InsertOrder(ctx, params)
	if err != nil {
		return Order{}, false, err
	}
	o.ID, o.CreatedAt = row.ID, row.CreatedAt
	lineOf := make(map[int64]int64, len(row.ItemIds)) // an order has one line per variant
	for i, id := range row.ItemIds {
		lineOf[row.ItemVariantIds[i]] = id
	}
	for i := range o.Items {
		o.Items[i].ID = lineOf[o.Items[i].VariantID]
	}
	// A natural-fur garment is sold as a unit with its КИЗ: the order takes the oldest received ones.
	if _, err := s.catalog.ReserveUnits(ctx, tx, o.ID, taken); err != nil {
		return Order{}, false, err
	}
	o.History = []Change{{Status: Processing, At: row.CreatedAt, By: &u.ID}}
	tx.AfterCommit(func(context.Context) { s.events.OrderPlaced(o.PaymentOnGet, o.Total) })
	return o, false, mail.Enqueue(ctx, tx, confirmationMail(u, o, s.publicURL))
}

func shortageError(short []catalog.Shortage) error {
	fields := make(map[string]string, len(short))
	names := make([]string, len(short))
	for i, sh := range short {
		// Keyed by product, as v1 clients know it; two sizes of one product share the key and its message.
		key, msg := fmt.Sprintf("items[%d]", sh.ProductID), fmt.Sprintf("«%s»: ordered %d, %d left", sh.Name, sh.Requested, sh.Available)
		if prev, ok := fields[key]; ok {
			msg = prev + "; " + msg
		}
		fields[key] = msg
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
	switch plain := text.Line(in.Address); {
	case utf8.RuneCountInString(in.Address) > maxAddressLen:
		v.Add("invalid_value", "delivery_address", fmt.Sprintf("must be at most %d characters", maxAddressLen))
	case plain != nil:
		v.Add("invalid_value", "delivery_address", plain.Error())
	case in.RequiresDelivery && in.Address == "":
		v.Add("required", "delivery_address", "is required for delivery")
	}
	if len(in.IdempotencyKey) > maxIdempotencyKeyLen || strings.ContainsFunc(in.IdempotencyKey, func(r rune) bool { return r < 0x21 || r > 0x7e }) {
		v.Add("invalid_value", "Idempotency-Key", "must be at most 100 visible ASCII characters")
	}
	return in, v.Err()
}

// orEmpty is s's text, or "" for none (the order's statement stores "" as NULL).
func orEmpty(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
