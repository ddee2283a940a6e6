package order

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/audit"
	"github.com/mekhaishuby/furstore/internal/cart"
	"github.com/mekhaishuby/furstore/internal/order/internal/orderdb"
	"github.com/mekhaishuby/furstore/internal/store"
)

// furCode is a КИЗ, the control tag of a natural-fur garment: country, issuer's code, series and number, e.g.
// RU-430302-AAA7582720.
var furCode = regexp.MustCompile(`^[A-Z]{2}-[0-9]{6}-[A-Z]{3}[0-9]{7}$`)

const furCodeExample = "RU-430302-AAA7582720"

// SetFurCodes gives the units of the order's line of product productID the КИЗ in codes, replacing what was
// recorded (an empty list clears them): one code per unit, at most the line's quantity, each once. A code of
// an available unit of the same variant swaps that unit into the order (catalog.Service.SetOrderCodes). The
// line's product must be a marked fur garment. The codes go into the 54-ФЗ receipt of a payment started
// afterwards.
func (s *Service) SetFurCodes(ctx context.Context, by account.User, orderID, productID int64, codes []string) (Order, error) {
	codes, err := cleanFurCodes(productID, codes)
	if err != nil {
		return Order{}, err
	}
	err = store.InTx(ctx, s.pool, func(tx *store.Tx) error {
		q := s.q.WithTx(tx)
		// The order's row lock serialises every writer of the order's codes and a payment reading them.
		if _, err := q.LockOrder(ctx, orderID); err != nil {
			return store.NotFound(err, ErrNotFound)
		}
		line, err := q.GetOrderLine(ctx, orderdb.GetOrderLineParams{OrderID: orderID, ProductID: productID})
		if errors.Is(err, pgx.ErrNoRows) {
			return &apperr.Error{Kind: apperr.NotFound, Code: "line_not_found",
				Message: fmt.Sprintf("order %d has no line of product %d", orderID, productID)}
		}
		if err != nil {
			return err
		}
		if !line.MarkedFur {
			return &apperr.Error{Kind: apperr.Conflict, Code: "not_marked_fur",
				Message: fmt.Sprintf("product %d is not a marked fur garment: its units carry no КИЗ", productID),
				Fields:  map[string]string{"product_id": "is not a marked fur garment"}}
		}
		if len(codes) > int(line.Quantity) {
			return apperr.Field("too_many_codes", "codes",
				fmt.Sprintf("the line holds %d unit(s): at most %d code(s), one per unit", line.Quantity, line.Quantity))
		}
		// The line's units are the catalog's: it attaches the codes, or swaps in the units that carry them.
		before, after, err := s.catalog.SetOrderCodes(ctx, tx, orderID, line.VariantID, codes, &by.ID)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, by, audit.Entry{Action: "order.fur_codes", ObjectType: "order", ObjectID: orderID,
			Before: map[string]any{"product_id": productID, "fur_codes": nonNil(before)},
			After:  map[string]any{"product_id": productID, "fur_codes": nonNil(after)}})
	})
	if err != nil {
		return Order{}, err
	}
	return s.Order(ctx, orderID)
}

// cleanFurCodes checks the request, naming every bad code at once.
func cleanFurCodes(productID int64, codes []string) ([]string, error) {
	var v apperr.Validation
	if productID < 1 {
		v.Add("required", "product_id", "is required: the id of the line's product")
	}
	switch {
	case codes == nil:
		v.Add("required", "codes", "is required: a list of КИЗ codes, e.g. [\""+furCodeExample+"\"]; [] clears them")
	case len(codes) > cart.MaxQuantity:
		// No line holds more units; refused before the database is asked.
		return nil, apperr.Field("too_many_codes", "codes", fmt.Sprintf("at most %d codes, one per unit", cart.MaxQuantity))
	}
	out := make([]string, len(codes))
	seen := make(map[string]int, len(codes))
	for i, c := range codes {
		c = strings.TrimSpace(c)
		field := fmt.Sprintf("codes[%d]", i)
		switch j, dup := seen[c]; {
		case !furCode.MatchString(c):
			v.Add("invalid_fur_code", field, "must be a КИЗ like "+furCodeExample)
		case dup:
			v.Add("duplicate_fur_code", field, fmt.Sprintf("repeats codes[%d]: each unit has its own КИЗ", j))
		}
		if _, dup := seen[c]; !dup {
			seen[c] = i
		}
		out[i] = c
	}
	return out, v.Err()
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
