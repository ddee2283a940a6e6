package catalog

import (
	"context"
	"fmt"
	"slices"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/catalog/internal/catalogdb"
	"github.com/mekhaishuby/furstore/internal/store"
)

// Unit statuses: where a natural-fur garment is (migration 00009).
const (
	UnitAvailable  = "available"   // on sale: counted in its variant's stock
	UnitReserved   = "reserved"    // in an order not yet paid or handed over
	UnitSold       = "sold"        // paid for or handed over
	UnitReturned   = "returned"    // back from a customer, awaiting inspection
	UnitWrittenOff = "written_off" // off sale for good
)

// OrderUnit is a fur unit an order holds, bought or sent back.
type OrderUnit struct {
	ID        int64
	VariantID int64
	KIZ       *string // nil: not known yet
	Status    string
}

// ReserveUnits reserves, inside tx (the order's transaction, after TakeStock took the stock and the order row
// exists), the units of the marked lines of taken for order orderID: per variant, the oldest received
// available units. The variants are locked by TakeStock, and a marked variant's stock is its available units,
// so there always are enough; fewer is a broken invariant, reported as an error.
func (s *Service) ReserveUnits(ctx context.Context, tx *store.Tx, orderID int64, taken []Taken) ([]OrderUnit, error) {
	var p catalogdb.ReserveUnitsParams
	want := 0
	for _, t := range taken {
		if t.MarkedFur {
			p.VariantIds = append(p.VariantIds, t.VariantID)
			p.Quantities = append(p.Quantities, t.Quantity)
			want += int(t.Quantity)
		}
	}
	if want == 0 {
		return nil, nil
	}
	p.OrderID = &orderID
	rows, err := catalogdb.New(tx).ReserveUnits(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("reserve fur units for order %d: %w", orderID, err)
	}
	if len(rows) != want {
		return nil, fmt.Errorf("reserve fur units for order %d: %d available, %d taken from stock", orderID, len(rows), want)
	}
	out := make([]OrderUnit, len(rows))
	for i, r := range rows {
		out[i] = OrderUnit{ID: r.ID, VariantID: r.VariantID, KIZ: r.Kiz, Status: UnitReserved}
	}
	return out, nil
}

// ReleaseUnits makes the units order orderID holds available again, inside tx (a cancellation, after
// ReturnStock gave their stock back). The shop itself makes the change.
func (s *Service) ReleaseUnits(ctx context.Context, tx *store.Tx, orderID int64, note string) error {
	return s.moveOrderUnits(ctx, tx, orderID, UnitReserved, UnitAvailable, nil, note)
}

// SellUnits marks the units order orderID holds as sold, inside tx: it has been paid for or handed over. by is
// the staff member who handed it over (nil: the shop itself, a payment).
func (s *Service) SellUnits(ctx context.Context, tx *store.Tx, orderID int64, by *int64, note string) error {
	return s.moveOrderUnits(ctx, tx, orderID, UnitReserved, UnitSold, by, note)
}

func (s *Service) moveOrderUnits(ctx context.Context, tx *store.Tx, orderID int64, from, to string, by *int64, note string) error {
	_, err := catalogdb.New(tx).MoveOrderUnits(ctx, catalogdb.MoveOrderUnitsParams{OrderID: &orderID,
		FromStatus: from, ToStatus: to, ActorID: by, Note: note})
	if err != nil {
		return fmt.Errorf("fur units of order %d %s → %s: %w", orderID, from, to, err)
	}
	return nil
}

// OrderUnits returns, by order, the fur units the orders hold, bought or sent back, read through q.
func (s *Service) OrderUnits(ctx context.Context, q store.Querier, orderIDs []int64) (map[int64][]OrderUnit, error) {
	out := make(map[int64][]OrderUnit, len(orderIDs))
	if len(orderIDs) == 0 {
		return out, nil
	}
	rows, err := catalogdb.New(q).OrderUnits(ctx, orderIDs)
	if err != nil {
		return nil, fmt.Errorf("fur units of orders %v: %w", orderIDs, err)
	}
	for _, r := range rows {
		id := *r.OrderID
		out[id] = append(out[id], OrderUnit{ID: r.ID, VariantID: r.VariantID, KIZ: r.Kiz, Status: r.Status})
	}
	return out, nil
}

// countedUnits keeps a marked variant's units in step with a stock set by number (a v1 client, an import
// without codes): pieces added get units whose КИЗ is not known yet, pieces taken away write off available
// units (those without a code first, then the newest). delta is the change of the variant's stock.
func countedUnits(ctx context.Context, q *catalogdb.Queries, variantID int64, delta int32, actor *int64, note string) error {
	switch {
	case delta > 0:
		_, err := q.AddUnits(ctx, catalogdb.AddUnitsParams{VariantID: variantID, Kizs: make([]string, delta), ActorID: actor, Note: note})
		return err
	case delta < 0:
		gone, err := q.WriteOffAvailableUnits(ctx, catalogdb.WriteOffAvailableUnitsParams{VariantID: variantID, Count: -delta,
			ActorID: actor, Note: note})
		if err == nil && len(gone) != int(-delta) {
			err = fmt.Errorf("variant %d: %d available units to write off, %d asked", variantID, len(gone), -delta)
		}
		return err
	}
	return nil
}

// Errors of giving an order's units their codes.
func kizUnavailable(i int, code, why string) error {
	return apperr.Field("kiz_unavailable", fmt.Sprintf("codes[%d]", i), fmt.Sprintf("%s %s", code, why))
}

// SetOrderCodes gives the units order orderID holds of variant variantID (reserved, not yet handed over) the
// КИЗ in codes, inside tx under the order's row lock, and returns the codes they had and have, in unit order.
// A code a unit of the line already has stays on it; a code of an available unit of the same variant swaps
// that unit in for one of the line's (which goes back on the shelf with its own code); a code the store has
// never seen is attached to a unit of the line that has none (or whose code is not in codes). A code typed
// here earlier and left out now is cleared ([] clears them all); a code a unit was received with is its sewn-in
// tag and is never cleared or replaced: leaving it out is 409 kiz_permanent, unless a unit from the shelf is
// swapped in for it. by is the staff member; every unit that changes says so in its history.
func (s *Service) SetOrderCodes(ctx context.Context, tx *store.Tx, orderID, variantID int64, codes []string, by *int64) (before, after []string, err error) {
	q := catalogdb.New(tx)
	// Units move under their variant's lock (docs/moving-parts.md, «Lock order»): an order placed meanwhile
	// must not find the shelf's unit it counted on swapped into this one.
	if err := q.LockVariants(ctx, []int64{variantID}); err != nil {
		return nil, nil, err
	}
	held, err := q.OrderUnits(ctx, []int64{orderID})
	if err != nil {
		return nil, nil, err
	}
	var ids []int64
	for _, u := range held {
		if u.VariantID == variantID && u.Status == UnitReserved {
			ids = append(ids, u.ID)
		}
	}
	line, err := q.LockUnits(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	if len(codes) > len(line) {
		return nil, nil, apperr.Field("too_many_codes", "codes",
			fmt.Sprintf("the line holds %d unit(s) not yet handed over: at most %d code(s), one per unit", len(line), len(line)))
	}
	known, err := q.LockUnitsByKIZ(ctx, codes)
	if err != nil {
		return nil, nil, err
	}
	byCode := make(map[string]catalogdb.LockUnitsByKIZRow, len(known))
	for _, u := range known {
		byCode[*u.Kiz] = u
	}
	want := make(map[string]bool, len(codes))
	for _, c := range codes {
		want[c] = true
	}
	// Each line unit ends with one code of codes, or none.
	type slot struct {
		unit     catalogdb.LockUnitsRow
		code     *string // the code it ends with
		assigned bool
	}
	slots := make([]*slot, len(line))
	bySlotCode := make(map[string]*slot)
	for i, u := range line {
		slots[i] = &slot{unit: u}
		if u.Kiz != nil {
			before = append(before, *u.Kiz)
			if want[*u.Kiz] {
				slots[i].code, slots[i].assigned = u.Kiz, true
				bySlotCode[*u.Kiz] = slots[i]
			}
		}
	}
	// free returns an unassigned line unit in the order of ranks: for a swap, one received with its code
	// first (it cannot take another code, only make room), then one whose code was typed here, then one
	// without; for a new code the other way round, never one received with its code.
	free := func(ranks ...int) *slot {
		for _, rank := range ranks {
			for _, sl := range slots {
				if !sl.assigned && slotRank(sl.unit) == rank {
					return sl
				}
			}
		}
		return nil
	}
	type swap struct {
		out *slot
		in  catalogdb.LockUnitsByKIZRow
	}
	var swaps []swap
	// The codes of units on the shelf first: they decide which line units go, and the rest take new codes.
	for _, known := range []bool{true, false} {
		for i, c := range codes {
			u, seen := byCode[c]
			if bySlotCode[c] != nil || seen != known {
				continue // already on a unit of the line, or not this pass's
			}
			switch {
			case seen && u.VariantID != variantID:
				return nil, nil, kizUnavailable(i, c, "is the code of a unit of another variant")
			case seen && u.Status != UnitAvailable:
				return nil, nil, kizUnavailable(i, c, "is the code of a unit that is "+u.Status)
			}
			var sl *slot
			if seen {
				sl = free(2, 1, 0)
			} else {
				sl = free(0, 1)
			}
			if sl == nil {
				return nil, nil, kizPermanent(i, c)
			}
			sl.assigned = true
			if seen {
				swaps = append(swaps, swap{out: sl, in: u})
			} else {
				sl.code = &c
			}
		}
	}
	for _, sl := range slots {
		if !sl.assigned && sl.unit.ReceivedWithKiz {
			return nil, nil, &apperr.Error{Kind: apperr.Conflict, Code: "kiz_permanent",
				Message: fmt.Sprintf("unit %d was received with КИЗ %s, which stays with it: list that code, or the code of a unit on the shelf to swap it for", sl.unit.ID, *sl.unit.Kiz),
				Fields:  map[string]string{"codes": "must keep " + *sl.unit.Kiz}}
		}
	}
	note := "КИЗ recorded by staff"
	order := &orderID
	// Units swapped out go back on the shelf, keeping their codes; those swapped in take their place.
	for _, sw := range swaps {
		if err := q.SetUnit(ctx, catalogdb.SetUnitParams{ID: sw.out.unit.ID, Status: UnitAvailable, Kiz: sw.out.unit.Kiz,
			ActorID: by, Note: "swapped out of the order"}); err != nil {
			return nil, nil, err
		}
		if err := q.SetUnit(ctx, catalogdb.SetUnitParams{ID: sw.in.ID, Status: UnitReserved, OrderID: order, Kiz: sw.in.Kiz,
			ActorID: by, Note: "swapped into the order"}); err != nil {
			return nil, nil, err
		}
		after = append(after, *sw.in.Kiz)
	}
	// Then codes cleared, before codes attached, so that no code is on two units at once.
	for _, cleared := range []bool{true, false} {
		for _, sl := range slots {
			if slices.ContainsFunc(swaps, func(sw swap) bool { return sw.out == sl }) || equalCode(sl.unit.Kiz, sl.code) {
				continue
			}
			if (sl.code == nil) != cleared {
				continue
			}
			if err := q.SetUnit(ctx, catalogdb.SetUnitParams{ID: sl.unit.ID, Status: UnitReserved, OrderID: order, Kiz: sl.code,
				ActorID: by, Note: note}); err != nil {
				return nil, nil, err
			}
		}
	}
	for _, sl := range slots {
		if sl.code != nil && !slices.ContainsFunc(swaps, func(sw swap) bool { return sw.out == sl }) {
			after = append(after, *sl.code)
		}
	}
	slices.Sort(before)
	slices.Sort(after)
	return before, after, nil
}

// slotRank orders a line's units for taking a code: none first, then one typed at packing, then one received
// with its code.
func slotRank(u catalogdb.LockUnitsRow) int {
	switch {
	case u.Kiz == nil:
		return 0
	case !u.ReceivedWithKiz:
		return 1
	}
	return 2
}

func kizPermanent(i int, code string) error {
	return &apperr.Error{Kind: apperr.Conflict, Code: "kiz_permanent",
		Message: fmt.Sprintf("%s is not on a unit the store knows, and every unit of the line left carries the КИЗ it was received with, which stays with it", code),
		Fields:  map[string]string{fmt.Sprintf("codes[%d]", i): "no unit of the line can take it"}}
}

func equalCode(a, b *string) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}
