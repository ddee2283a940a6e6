package catalog

import (
	"context"
	"fmt"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/audit"
	"github.com/mekhaishuby/furstore/internal/catalog/internal/catalogdb"
	"github.com/mekhaishuby/furstore/internal/store"
)

// unitTransition is how a staff member's inspection moves a unit, and what that does to its variant's stock:
// a returned unit goes back on sale (+1) or is written off (0); an available one is written off (−1). Any
// other move belongs to an order (reserved, sold) or is final (written off).
func unitTransition(from, to string) (delta int32, ok bool) {
	switch {
	case from == UnitReturned && to == UnitAvailable:
		return 1, true
	case from == UnitReturned && to == UnitWrittenOff:
		return 0, true
	case from == UnitAvailable && to == UnitWrittenOff:
		return -1, true
	}
	return 0, false
}

// unitStatusAudit is what the audit log records of a unit's inspection: the unit and its variant's stock.
type unitStatusAudit struct {
	UnitID    int64   `json:"unit_id"`
	KIZ       *string `json:"kiz"`
	Status    string  `json:"status"`
	OrderID   *int64  `json:"order_id"`
	VariantID int64   `json:"variant_id"`
	Stock     int32   `json:"stock"`
	Version   int32   `json:"version"`
	Note      string  `json:"note,omitempty"`
}

// SetUnitStatus makes unit id available or written off (to), for note, after a staff member's inspection:
// only from returned or available (else 409 invalid_transition), its variant's stock following (see
// unitTransition), with the unit's history, a stock movement when the stock moved, and the audit log. The
// unit's product, variant and the unit itself are locked in that order (docs/moving-parts.md), so an order
// reserving the variant's units waits, and then takes only what is still available.
func (a *Admin) SetUnitStatus(ctx context.Context, actor account.User, id int64, to, note string) (Unit, error) {
	var out Unit
	err := a.write(ctx, func(tx *store.Tx, q *catalogdb.Queries) error {
		u, err := q.AdminUnit(ctx, id)
		if err != nil {
			return store.NotFound(err, ErrUnitNotFound)
		}
		p, v, err := lockStaffVariant(ctx, q, u.VariantID)
		if err != nil {
			return err // a unit's variant cannot go (fur_units' foreign key): not reached
		}
		locked, err := q.LockUnits(ctx, []int64{id})
		if err != nil {
			return err
		}
		if len(locked) != 1 {
			return ErrUnitNotFound
		}
		now := locked[0] // as it is under the lock: an order may have taken it since the first read
		delta, ok := unitTransition(now.Status, to)
		if !ok {
			return &apperr.Error{Kind: apperr.Conflict, Code: "invalid_transition",
				Message: fmt.Sprintf("unit %d is %s: only a returned unit can be made available, and only a returned or available one written off", id, now.Status),
				Details: map[string]string{"status": now.Status}}
		}
		if err := q.SetUnit(ctx, catalogdb.SetUnitParams{ID: id, Status: to, Kiz: now.Kiz, ActorID: actorID(actor), Note: note}); err != nil {
			return err
		}
		stock, version := v.Stock, p.Version
		if delta != 0 {
			if stock, err = a.moveUnitStock(ctx, tx, q, actor, p.ID, v, delta, unitName(id, now.Kiz)+": "+note); err != nil {
				return err
			}
			version++
		}
		out = Unit{ID: id, KIZ: now.Kiz, VariantID: u.VariantID, ProductID: p.ID, Status: to, ReceivedAt: u.ReceivedAt.UTC()}
		units := []Unit{out}
		if err := a.withHistory(ctx, tx, units); err != nil {
			return err
		}
		out = units[0]
		return record(ctx, tx, actor, audit.Entry{Action: "product.unit_status", ObjectType: "product", ObjectID: p.ID,
			Before: unitStatusAudit{UnitID: id, KIZ: now.Kiz, Status: now.Status, OrderID: now.OrderID, VariantID: v.ID,
				Stock: v.Stock, Version: p.Version},
			After: unitStatusAudit{UnitID: id, KIZ: now.Kiz, Status: to, VariantID: v.ID, Stock: stock, Version: version, Note: note}})
	})
	return out, err
}

// unitName is how a stock movement names a unit: its КИЗ, or its id while the code is not known.
func unitName(id int64, kiz *string) string {
	if kiz != nil {
		return "КИЗ " + *kiz
	}
	return fmt.Sprintf("unit %d", id)
}
