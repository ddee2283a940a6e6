package order

import (
	"context"
	"fmt"
	"regexp"
	"strings"

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

// LineRef names an order line by its variant, or by its product when the order has one line of it (a v1
// client). Both may be given; then the variant must be of the product.
type LineRef struct {
	ProductID int64
	VariantID int64
}

// SetFurCodes gives the units of the order's line the КИЗ in codes, replacing what was typed before (an empty
// list clears that): one code per unit, at most the line's quantity, each once. A code of an available unit of
// the same variant swaps that unit into the order, and a code a unit was received with stays with it
// (catalog.Service.SetOrderCodes). The line's product must be a marked fur garment, and no payment may be
// under way or made: its receipt has named the units already.
func (s *Service) SetFurCodes(ctx context.Context, by account.User, orderID int64, ref LineRef, codes []string) (Order, error) {
	codes, err := cleanFurCodes(ref, codes)
	if err != nil {
		return Order{}, err
	}
	err = store.InTx(ctx, s.pool, func(tx *store.Tx) error {
		q := s.q.WithTx(tx)
		// The order's row lock serialises every writer of the order's codes and a payment reading them.
		if _, err := q.LockOrder(ctx, orderID); err != nil {
			return store.NotFound(err, ErrNotFound)
		}
		line, err := orderLine(ctx, q, orderID, ref)
		if err != nil {
			return err
		}
		if !line.MarkedFur {
			return &apperr.Error{Kind: apperr.Conflict, Code: "not_marked_fur",
				Message: fmt.Sprintf("product %d is not a marked fur garment: its units carry no КИЗ", line.ProductID),
				Fields:  map[string]string{"product_id": "is not a marked fur garment"}}
		}
		if len(codes) > int(line.Quantity) {
			return apperr.Field("too_many_codes", "codes",
				fmt.Sprintf("the line holds %d unit(s): at most %d code(s), one per unit", line.Quantity, line.Quantity))
		}
		if fixed, err := s.payments.ReceiptFixed(ctx, tx, orderID); err != nil || fixed {
			if err != nil {
				return err
			}
			return &apperr.Error{Kind: apperr.Conflict, Code: "receipt_issued",
				Message: fmt.Sprintf("order %d has a payment under way or made, whose receipt named its units by their КИЗ: they stay as they are", orderID)}
		}
		// The line's units are the catalog's: it attaches the codes, or swaps in the units that carry them.
		before, after, err := s.catalog.SetOrderCodes(ctx, tx, orderID, line.VariantID, codes, &by.ID)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, by, audit.Entry{Action: "order.fur_codes", ObjectType: "order", ObjectID: orderID,
			Before: map[string]any{"product_id": line.ProductID, "variant_id": line.VariantID, "fur_codes": nonNil(before)},
			After:  map[string]any{"product_id": line.ProductID, "variant_id": line.VariantID, "fur_codes": nonNil(after)}})
	})
	if err != nil {
		return Order{}, err
	}
	return s.Order(ctx, orderID)
}

// orderLine finds the line ref names in order orderID: by variant, or by product when that names one line.
func orderLine(ctx context.Context, q *orderdb.Queries, orderID int64, ref LineRef) (orderdb.GetOrderLinesRow, error) {
	lines, err := q.GetOrderLines(ctx, orderID)
	if err != nil {
		return orderdb.GetOrderLinesRow{}, err
	}
	var found []orderdb.GetOrderLinesRow
	for _, l := range lines {
		if (ref.VariantID == 0 || l.VariantID == ref.VariantID) && (ref.ProductID == 0 || l.ProductID == ref.ProductID) {
			found = append(found, l)
		}
	}
	switch {
	case len(found) == 1:
		return found[0], nil
	case len(found) > 1:
		return orderdb.GetOrderLinesRow{}, apperr.Field("variant_required", "variant_id",
			fmt.Sprintf("order %d has %d lines of product %d: name the line by variant_id", orderID, len(found), ref.ProductID))
	case ref.VariantID != 0:
		return orderdb.GetOrderLinesRow{}, &apperr.Error{Kind: apperr.NotFound, Code: "line_not_found",
			Message: fmt.Sprintf("order %d has no line of variant %d", orderID, ref.VariantID)}
	}
	return orderdb.GetOrderLinesRow{}, &apperr.Error{Kind: apperr.NotFound, Code: "line_not_found",
		Message: fmt.Sprintf("order %d has no line of product %d", orderID, ref.ProductID)}
}

// cleanFurCodes checks the request, naming every bad code at once.
func cleanFurCodes(ref LineRef, codes []string) ([]string, error) {
	var v apperr.Validation
	if ref.ProductID < 1 && ref.VariantID < 1 {
		v.Add("required", "product_id", "is required (or variant_id): the id of the line's product")
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
