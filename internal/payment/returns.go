package payment

import (
	"fmt"
	"slices"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/order"
	"github.com/mekhaishuby/furstore/internal/payment/internal/paymentdb"
)

// Goods sent back after hand-over: which units a refund may take back, and which pieces of the payment's
// receipt they are.

// checkReturnUnits checks the units a refund names: positive ids, each once, at least one when the list is
// given at all.
func checkReturnUnits(v *apperr.Validation, ids []int64) {
	switch {
	case ids == nil:
		return
	case len(ids) == 0:
		v.Add("required", "return_units", "must name at least one unit; leave it out for a refund of money only")
	case len(ids) > maxReturnUnits:
		v.Add("invalid_value", "return_units", fmt.Sprintf("at most %d units", maxReturnUnits))
		return
	}
	seen := make(map[int64]int, len(ids))
	for i, id := range ids {
		field := fmt.Sprintf("return_units[%d]", i)
		if j, dup := seen[id]; dup {
			v.Add("duplicate_unit", field, fmt.Sprintf("repeats return_units[%d]", j))
		} else if id < 1 {
			v.Add("invalid_value", field, "must be a unit id")
		}
		if _, dup := seen[id]; !dup {
			seen[id] = i
		}
	}
}

// takeUnits takes the pieces of the units ask.units back on the ledger and answers what the refund gives back
// of each and in all: ask.amount, or by default what is left of their price; at least a kopeck a unit (each is
// an item of the return receipt) and at most what is left of them (anything more is refunded on its own).
func takeUnits(l *ledger, o order.Order, ask refundAsk, refunds []paymentdb.PaymentRefundsRow) ([]share, money.Amount, error) {
	idx, kiz, err := returnedPieces(l, o, ask.units, refunds)
	if err != nil {
		return nil, 0, err
	}
	more, err := linePieces(l, o, ask.lines, idx)
	if err != nil {
		return nil, 0, err
	}
	idx = append(idx, more...)
	slices.Sort(idx)
	if len(idx) == 0 { // the callers name something; a refund of nothing is never written
		return nil, 0, apperr.Field("required", "return_units", "name the units or lines that came back")
	}
	var worth money.Amount
	for _, i := range idx {
		worth += l.pieces[i].left()
	}
	want := worth
	if ask.amount != nil {
		want = *ask.amount
	}
	switch least := money.Amount(len(idx)); {
	case want < least:
		return nil, 0, apperr.Field("invalid_value", "amount", fmt.Sprintf("must be at least %s: a kopeck for each piece returned", least))
	case want > worth:
		return nil, 0, &apperr.Error{Kind: apperr.Conflict, Code: "refund_exceeds_return",
			Message: fmt.Sprintf("at most %s can be refunded with these pieces: what is left of their price; refund anything "+
				"more on its own", worth),
			Fields: map[string]string{"amount": "must be at most " + worth.String()}}
	}
	return l.take(idx, want, kiz), want, nil
}

// returnedPieces finds the pieces of the payment's receipt that the units ids of order o are: each unit a piece
// of its line, not yet taken back, the one sold under its КИЗ if there is one, else one sold without a code.
// A unit must be one the order holds, sold, or returned but not by a refund that stands (a return whose refund
// ЮKassa refused is made again); and something of its price must be left to give back. kiz holds the КИЗ each
// piece's return names: the unit's own, where it has one.
func returnedPieces(l *ledger, o order.Order, ids []int64, refunds []paymentdb.PaymentRefundsRow) ([]int, map[int]string, error) {
	taken := map[int64]int64{} // unit → the standing refund that took it back
	for _, r := range refunds {
		if r.Status != StatusCanceled {
			for _, u := range r.ReturnedUnits {
				taken[u] = r.ID
			}
		}
	}
	type held struct {
		unit  catalog.OrderUnit
		first int // the line's first piece
		count int // the line's pieces
	}
	units := map[int64]held{}
	start := 0
	for _, it := range o.Items {
		for _, u := range it.Units {
			units[u.ID] = held{unit: u, first: start, count: int(it.Quantity)}
		}
		start += int(it.Quantity)
	}
	if start != len(l.pieces) { // the receipt was made of these lines: a bug, never a wrong return
		return nil, nil, fmt.Errorf("order %d: %d pieces in its lines, %d on its payment's receipt", o.ID, start, len(l.pieces))
	}
	bad := map[int64]string{}
	chosen := map[int]bool{}
	var idx []int
	kiz := map[int]string{}
	for _, id := range ids {
		h, ok := units[id]
		switch {
		case !ok:
			bad[id] = "is not a unit of this order"
			continue
		case h.unit.Status == catalog.UnitReturned && taken[id] != 0:
			bad[id] = fmt.Sprintf("has come back already (refund %d)", taken[id])
			continue
		case h.unit.Status != catalog.UnitSold && h.unit.Status != catalog.UnitReturned:
			bad[id] = "is " + h.unit.Status + ", not sold"
			continue
		}
		code := ""
		if h.unit.KIZ != nil {
			code = *h.unit.KIZ
		}
		// The piece sold under the unit's КИЗ; else one sold without a code that has money left, one sold under
		// another code, one with nothing left (refused below), in that order.
		rank := func(pc piece) int {
			switch {
			case code != "" && pc.kiz() == code:
				return 0
			case pc.left() == 0:
				return 3
			case pc.kiz() == "":
				return 1
			}
			return 2
		}
		best := -1
		for i := h.first; i < h.first+h.count; i++ {
			if pc := l.pieces[i]; !pc.returned && !chosen[i] && (best < 0 || rank(pc) < rank(l.pieces[best])) {
				best = i
			}
		}
		switch {
		case best < 0:
			bad[id] = "has no piece left on the payment's receipt to come back"
		case l.pieces[best].left() == 0:
			bad[id] = "had its price refunded in full already"
		default:
			chosen[best] = true
			idx = append(idx, best)
			if code != "" {
				kiz[best] = code
			}
		}
	}
	if len(bad) > 0 {
		return nil, nil, catalog.UnitsNotReturnable(ids, bad)
	}
	slices.Sort(idx)
	return idx, kiz, nil
}

// linePieces finds, for each line return, as many pieces of the line on the payment's receipt, not yet taken
// back (nor in taken) and with money left. The line's own count (order.Service.RecordReturn, in the same
// transaction) refuses more than it sold; here a line whose pieces were refunded in full has none to give.
func linePieces(l *ledger, o order.Order, lines []order.LineReturn, taken []int) ([]int, error) {
	chosen := make(map[int]bool, len(taken))
	for _, i := range taken {
		chosen[i] = true
	}
	var idx []int
	start := 0
	first := map[int64]int{}
	count := map[int64]int{}
	marked := map[int64]bool{}
	for _, it := range o.Items {
		first[it.ID], count[it.ID], marked[it.ID] = start, int(it.Quantity), it.MarkedFur
		start += int(it.Quantity)
	}
	for i, r := range lines {
		from, ok := first[r.LineID]
		if !ok {
			return nil, apperr.Field("line_not_found", fmt.Sprintf("return_lines[%d].line_id", i),
				fmt.Sprintf("%d is not a line of order %d", r.LineID, o.ID))
		}
		if marked[r.LineID] {
			return nil, apperr.Field("units_required", fmt.Sprintf("return_lines[%d].line_id", i),
				"the line is sold as fur units with a КИЗ: name the units that came back in return_units")
		}
		need := int(r.Quantity)
		for p := from; p < from+count[r.LineID] && need > 0; p++ {
			if pc := l.pieces[p]; !pc.returned && !chosen[p] && pc.left() > 0 {
				chosen[p] = true
				idx = append(idx, p)
				need--
			}
		}
		if need > 0 {
			return nil, &apperr.Error{Kind: apperr.Conflict, Code: "refund_exceeds_return",
				Message: fmt.Sprintf("line %d has %d piece(s) fewer left to take back on the payment's receipt than asked", r.LineID, need),
				Fields:  map[string]string{fmt.Sprintf("return_lines[%d].quantity", i): "more than is left to take back"}}
		}
	}
	return idx, nil
}

// countedBack answers how many more pieces of each of the lines the order must count as come back, so that
// it counts at least what the refunds that stand (the one just written included) took back of them. Pieces a
// return without a refund counted already, or a refund ЮKassa refused counted before, are not counted twice.
func countedBack(o order.Order, lines []order.LineReturn, refunds []paymentdb.PaymentRefundsRow) []order.LineReturn {
	line := make([]int64, 0) // the line of each piece of the payment's receipt, in order
	returned := map[int64]int32{}
	for _, it := range o.Items {
		for range it.Quantity {
			line = append(line, it.ID)
		}
		returned[it.ID] = it.Returned
	}
	taken := map[int64]int32{}
	for _, r := range refunds {
		if r.Status == StatusCanceled {
			continue
		}
		for _, p := range r.ReturnedPieces {
			if int(p) < len(line) {
				taken[line[p]]++
			}
		}
	}
	var out []order.LineReturn
	for _, l := range lines {
		if more := taken[l.LineID] - returned[l.LineID]; more > 0 {
			out = append(out, order.LineReturn{LineID: l.LineID, Quantity: more})
		}
	}
	return out
}

func int32s(idx []int) []int32 {
	out := make([]int32, len(idx))
	for i, v := range idx {
		out[i] = int32(v)
	}
	return out
}
