package catalog

import (
	"context"
	"fmt"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/catalog/internal/catalogdb"
	"github.com/mekhaishuby/furstore/internal/store"
)

// ReturnUnits takes back, inside tx under the order's row lock, the units unitIDs of order orderID that its
// customer sent back after they were handed over: sold units become returned, to wait for inspection (staff
// then make them available or write them off), with by (the staff member) and note in their history. A unit
// this order already returned stays as it is (a return whose refund is made again). Any other unit (unknown,
// another order's, or neither sold nor returned) refuses the whole return with 409 unit_not_returnable, naming
// each; nothing changes. It returns the units as they now are, in id order.
func (s *Service) ReturnUnits(ctx context.Context, tx *store.Tx, orderID int64, unitIDs []int64, by *int64, note string) ([]OrderUnit, error) {
	q := catalogdb.New(tx)
	locked, err := q.LockUnits(ctx, unitIDs)
	if err != nil {
		return nil, fmt.Errorf("lock fur units %v: %w", unitIDs, err)
	}
	found := make(map[int64]catalogdb.LockUnitsRow, len(locked))
	for _, u := range locked {
		found[u.ID] = u
	}
	bad := map[int64]string{}
	var sold []int64
	for _, id := range unitIDs {
		u, ok := found[id]
		switch {
		case !ok || u.OrderID == nil || *u.OrderID != orderID:
			bad[id] = "is not a unit of this order"
		case u.Status == UnitSold:
			sold = append(sold, id)
		case u.Status != UnitReturned:
			bad[id] = "is " + u.Status + ", not sold"
		}
	}
	if len(bad) > 0 {
		return nil, UnitsNotReturnable(unitIDs, bad)
	}
	if len(sold) > 0 {
		moved, err := q.ReturnSoldUnits(ctx, catalogdb.ReturnSoldUnitsParams{Ids: sold, OrderID: &orderID, ActorID: by, Note: note})
		if err != nil {
			return nil, fmt.Errorf("return fur units %v of order %d: %w", sold, orderID, err)
		}
		if len(moved) != len(sold) { // the rows are locked: a bug, never a half return
			return nil, fmt.Errorf("return fur units %v of order %d: %d moved", sold, orderID, len(moved))
		}
	}
	out := make([]OrderUnit, 0, len(locked))
	for _, u := range locked {
		out = append(out, OrderUnit{ID: u.ID, VariantID: u.VariantID, KIZ: u.Kiz, Status: UnitReturned})
	}
	return out, nil
}

// UnitsNotReturnable is the answer to a return naming units that cannot come back: 409 unit_not_returnable, with
// each bad unit's reason under return_units[i] (i its place in ids) and the bad ids in details.
func UnitsNotReturnable(ids []int64, why map[int64]string) error {
	fields := make(map[string]string, len(why))
	bad := make([]int64, 0, len(why))
	for i, id := range ids {
		if reason, ok := why[id]; ok {
			fields[fmt.Sprintf("return_units[%d]", i)] = fmt.Sprintf("unit %d %s", id, reason)
			bad = append(bad, id)
		}
	}
	return &apperr.Error{Kind: apperr.Conflict, Code: "unit_not_returnable",
		Message: fmt.Sprintf("%d of the units named cannot come back: only units of this order that were sold to it are returned", len(bad)),
		Fields:  fields, Details: map[string]any{"units": bad}}
}

// ReleaseSoldUnits puts back on the shelf, inside tx, the units a paid order had sold when it is cancelled
// before it left the shop (after ReturnStock gave their stock back, as ReleaseUnits does for reserved units).
func (s *Service) ReleaseSoldUnits(ctx context.Context, tx *store.Tx, orderID int64, note string) error {
	return s.moveOrderUnits(ctx, tx, orderID, UnitSold, UnitAvailable, nil, note)
}
