package order

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/audit"
	"github.com/mekhaishuby/furstore/internal/cart"
	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/order/internal/orderdb"
	"github.com/mekhaishuby/furstore/internal/store"
	"github.com/mekhaishuby/furstore/internal/text"
)

// CanReturn says whether goods of o may come back from its customer: only once it has been handed over
// («Выдан»). Before that nothing has left the shop, and an order that is not wanted any more is cancelled.
func (o Order) CanReturn() error {
	if o.Status == Delivered {
		return nil
	}
	msg := fmt.Sprintf("the order is «%s»: goods come back only after it is «%s»", o.Status.Label(), Delivered.Label())
	if o.Status.CanMove(Cancelled, o.RequiresDelivery) {
		msg += "; cancel it instead"
	}
	return &apperr.Error{Kind: apperr.Conflict, Code: "not_delivered", Message: msg}
}

// Return is what a customer sent back after hand-over: fur units by id (each has its КИЗ, its own state), and
// pieces of other lines by line.
type Return struct {
	Units []int64
	Lines []LineReturn
}

// LineReturn is pieces of an order line of goods without a КИЗ.
type LineReturn struct {
	LineID   int64
	Quantity int32
}

// Empty says whether nothing comes back.
func (r Return) Empty() bool { return len(r.Units) == 0 && len(r.Lines) == 0 }

// maxReturned bounds the units or lines of one return: more than any order holds.
const maxReturned = 1000

// CheckReturn adds to v what is wrong with r's shape, naming its fields unitsField[i] and linesField[i]: ids
// that are not ids or repeat, quantities no line holds.
func CheckReturn(v *apperr.Validation, r Return, unitsField, linesField string) {
	if len(r.Units) > maxReturned || len(r.Lines) > maxReturned {
		v.Add("invalid_value", unitsField, fmt.Sprintf("at most %d units and %d lines", maxReturned, maxReturned))
		return
	}
	seen := make(map[int64]int, len(r.Units))
	for i, id := range r.Units {
		field := fmt.Sprintf("%s[%d]", unitsField, i)
		if j, dup := seen[id]; dup {
			v.Add("duplicate_unit", field, fmt.Sprintf("repeats %s[%d]", unitsField, j))
			continue
		} else if id < 1 {
			v.Add("invalid_value", field, "must be a unit id")
		}
		seen[id] = i
	}
	lines := make(map[int64]int, len(r.Lines))
	for i, l := range r.Lines {
		field := fmt.Sprintf("%s[%d]", linesField, i)
		switch j, dup := lines[l.LineID]; {
		case dup:
			v.Add("duplicate_line", field+".line_id", fmt.Sprintf("repeats %s[%d]", linesField, j))
		case l.LineID < 1:
			v.Add("required", field+".line_id", "is required: the id of an order line")
		}
		if l.Quantity < 1 || l.Quantity > cart.MaxQuantity { // no line holds more
			v.Add("invalid_quantity", field+".quantity", fmt.Sprintf("must be a whole number from 1 to %d", cart.MaxQuantity))
		}
		if _, dup := lines[l.LineID]; !dup {
			lines[l.LineID] = i
		}
	}
}

// RecordReturn takes back, under o's row lock held by tx, what o's customer sent back after it was handed
// over, and writes the return into the order's history with note, made by staff member by: fur units wait in
// returned for inspection (catalog.Service.ReturnUnits; units this order already returned stay so), and the
// lines count the other pieces, never more than they sold. The order stays «Выдан»: a return is a step in its
// history, not a status of its own. A refund of the payment package that takes goods back calls this in its
// transaction; a return without one goes through Service.Return.
func (s *Service) RecordReturn(ctx context.Context, tx *store.Tx, o Order, r Return, by int64, note string) error {
	if err := o.CanReturn(); err != nil {
		return err
	}
	q := s.q.WithTx(tx)
	for i, l := range r.Lines {
		field := fmt.Sprintf("lines[%d]", i)
		var line *Item
		for j := range o.Items {
			if o.Items[j].ID == l.LineID {
				line = &o.Items[j]
			}
		}
		switch {
		case line == nil:
			return apperr.Field("line_not_found", field+".line_id", fmt.Sprintf("%d is not a line of order %d", l.LineID, o.ID))
		case line.MarkedFur:
			return apperr.Field("units_required", field+".line_id",
				fmt.Sprintf("«%s» is sold as fur units with a КИЗ: name the units that came back", line.Name))
		}
		n, err := q.ReturnLinePieces(ctx, orderdb.ReturnLinePiecesParams{Pieces: l.Quantity, ID: l.LineID, OrderID: o.ID})
		if err != nil {
			return err
		}
		if n == 0 {
			return &apperr.Error{Kind: apperr.Conflict, Code: "return_exceeds_line",
				Message: fmt.Sprintf("line %d sold %d of «%s» and %d came back already: at most %d more", l.LineID,
					line.Quantity, line.Name, line.Returned, line.Quantity-line.Returned),
				Fields: map[string]string{field + ".quantity": fmt.Sprintf("must be at most %d", line.Quantity-line.Returned)}}
		}
	}
	if len(r.Units) > 0 {
		if _, err := s.catalog.ReturnUnits(ctx, tx, o.ID, r.Units, &by, note); err != nil {
			return err
		}
	}
	return q.InsertStatusHistory(ctx, orderdb.InsertStatusHistoryParams{OrderID: o.ID, Status: string(o.Status),
		ChangedBy: &by, Note: note})
}

// MaxReasonLen bounds the reason staff give for a return or a refund; ЮKassa takes 250 characters of a
// refund's description.
const MaxReasonLen = 250

// CheckReason trims the reason staff give for a return or a refund, and adds to v what is wrong with it.
func CheckReason(v *apperr.Validation, reason string) string {
	reason = strings.TrimSpace(reason)
	switch n := utf8.RuneCountInString(reason); {
	case n == 0:
		v.Add("required", "reason", "is required")
	case n > MaxReasonLen || text.Line(reason) != nil:
		v.Add("invalid_value", "reason", fmt.Sprintf("must be text of at most %d characters", MaxReasonLen))
	}
	return reason
}

// Return records goods that came back after hand-over without a refund through the shop's payment (an order
// paid on receipt, whose money goes back at the till, or an exchange): as RecordReturn, in a transaction of its
// own under the order's lock, audited as order.return.
func (s *Service) Return(ctx context.Context, by account.User, orderID int64, r Return, reason string) (Order, error) {
	var v apperr.Validation
	reason = CheckReason(&v, reason)
	if r.Empty() {
		v.Add("required", "units", "name the units (or lines) that came back")
	}
	CheckReturn(&v, r, "units", "lines")
	if err := v.Err(); err != nil {
		return Order{}, err
	}
	err := store.InTx(ctx, s.pool, func(tx *store.Tx) error {
		o, err := s.Lock(ctx, tx, orderID)
		if err != nil {
			return err
		}
		// A unit back already is not back again (a refund may still take it: payment.Service.Refund).
		again := map[int64]string{}
		for _, it := range o.Items {
			for _, u := range it.Units {
				if u.Status == catalog.UnitReturned && slices.Contains(r.Units, u.ID) {
					again[u.ID] = "has come back already"
				}
			}
		}
		if len(again) > 0 {
			return apperr.RenameFields(catalog.UnitsNotReturnable(r.Units, again), "return_units", "units")
		}
		if err := s.RecordReturn(ctx, tx, o, r, by.ID, ReturnNote(o, r, "no refund: "+reason)); err != nil {
			return apperr.RenameFields(err, "return_units", "units") // the catalog's name for them, a refund's
		}
		return audit.Record(ctx, tx, by, audit.Entry{Action: "order.return", ObjectType: "order", ObjectID: orderID,
			After: map[string]any{"units": nonNilIDs(r.Units), "lines": returnLinesJSON(r.Lines), "reason": reason}})
	})
	if err != nil {
		return Order{}, err
	}
	return s.Order(ctx, orderID)
}

// ReturnNote is the order history's account of a return, ending with why (the refund, or its absence).
func ReturnNote(o Order, r Return, why string) string {
	kiz := map[int64]string{}
	names := map[int64]string{}
	for _, it := range o.Items {
		names[it.ID] = it.Name
		for _, u := range it.Units {
			if u.KIZ != nil {
				kiz[u.ID] = *u.KIZ
			}
		}
	}
	var parts []string
	for _, id := range r.Units {
		code := kiz[id]
		if code == "" {
			code = "КИЗ not known"
		}
		parts = append(parts, fmt.Sprintf("unit %d (%s)", id, code))
	}
	for _, l := range r.Lines {
		parts = append(parts, fmt.Sprintf("%d × «%s» (line %d)", l.Quantity, names[l.LineID], l.LineID))
	}
	return fmt.Sprintf("returned by the customer: %s; %s", strings.Join(parts, ", "), why)
}

func nonNilIDs(ids []int64) []int64 {
	if ids == nil {
		return []int64{}
	}
	return ids
}

func returnLinesJSON(lines []LineReturn) []map[string]int64 {
	out := make([]map[string]int64, len(lines))
	for i, l := range lines {
		out[i] = map[string]int64{"line_id": l.LineID, "quantity": int64(l.Quantity)}
	}
	return out
}
