package catalog

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/catalog/internal/catalogdb"
	"github.com/mekhaishuby/furstore/internal/store"
)

// Unit is a fur unit as staff see it: where it is, and everything that happened to it.
type Unit struct {
	ID         int64       `json:"id"`
	KIZ        *string     `json:"kiz"` // null: not known yet
	VariantID  int64       `json:"variant_id"`
	ProductID  int64       `json:"product_id"`
	Status     string      `json:"status"`
	OrderID    *int64      `json:"order_id"` // the order that holds it, bought it or sent it back
	ReceivedAt time.Time   `json:"received_at"`
	History    []UnitEvent `json:"history"`
}

// UnitEvent is one change of a unit, oldest first in its history.
type UnitEvent struct {
	At      time.Time  `json:"at"`
	Status  string     `json:"status"`
	By      *UnitActor `json:"by"` // null: the shop itself (an order, a payment), or an account since deleted
	Note    string     `json:"note"`
	OrderID *int64     `json:"order_id"`
}

// UnitActor is the staff member who made a change.
type UnitActor struct {
	ID    int64  `json:"id"`
	Email string `json:"email"`
}

// ErrUnitNotFound answers a unit id that names no unit.
var ErrUnitNotFound = apperr.New(apperr.NotFound, "unit_not_found", "no such fur unit")

// unitStatuses are the statuses a list may be filtered by.
var unitStatuses = []string{UnitAvailable, UnitReserved, UnitSold, UnitReturned, UnitWrittenOff}

// UnitFilter picks the units of a staff list; nil filters are not applied.
type UnitFilter struct {
	VariantID *int64  // a variant's units; an unknown variant is ErrVariantNotFound
	KIZ       *string // the unit with this code: the scanner's lookup
	Status    *string
	Page      int // from 1
	Size      int
}

// Units returns a page of the units f picks, oldest received first, each with its history, and how many
// there are in all.
func (a *Admin) Units(ctx context.Context, f UnitFilter) ([]Unit, int64, error) {
	rows, err := a.s.listQ.AdminListUnits(ctx, catalogdb.AdminListUnitsParams{VariantID: f.VariantID, Kiz: f.KIZ,
		Status: f.Status, PageSize: int32(f.Size), Skip: int32((f.Page - 1) * f.Size)})
	if err != nil {
		return nil, 0, fmt.Errorf("fur units: %w", err)
	}
	if len(rows) == 0 {
		// Only an empty page asks whether the variant exists: a page with units proves it.
		if f.VariantID != nil {
			if _, err := a.s.q.AdminVariantProduct(ctx, *f.VariantID); err != nil {
				return nil, 0, store.NotFound(err, ErrVariantNotFound)
			}
		}
		return nil, 0, nil
	}
	units := make([]Unit, len(rows))
	for i, r := range rows {
		units[i] = Unit{ID: r.ID, KIZ: r.Kiz, VariantID: r.VariantID, ProductID: r.ProductID, Status: r.Status,
			OrderID: r.OrderID, ReceivedAt: r.ReceivedAt.UTC()}
	}
	if err := a.withHistory(ctx, a.s.pool, units); err != nil {
		return nil, 0, err
	}
	return units, rows[0].Total, nil
}

// withHistory fills in the history of units, read through q (the pool, or a write's transaction): one query
// for every unit's events, and one question to the account package for who made them.
func (a *Admin) withHistory(ctx context.Context, q store.Querier, units []Unit) error {
	ids := make([]int64, len(units))
	at := make(map[int64]int, len(units))
	for i, u := range units {
		ids[i], at[u.ID] = u.ID, i
		units[i].History = []UnitEvent{}
	}
	events, err := catalogdb.New(q).UnitEvents(ctx, ids)
	if err != nil {
		return fmt.Errorf("history of fur units: %w", err)
	}
	var actors []int64
	for _, e := range events {
		if id := deref64(e.ActorID); id != 0 && !slices.Contains(actors, id) {
			actors = append(actors, id)
		}
	}
	people, err := a.s.accounts.People(ctx, q, actors)
	if err != nil {
		return err
	}
	for _, e := range events {
		ev := UnitEvent{At: e.At.UTC(), Status: e.Status, Note: e.Note, OrderID: e.OrderID}
		// An account deleted between the two reads is gone as one deleted before: nobody to name.
		if p, ok := people[deref64(e.ActorID)]; ok {
			ev.By = &UnitActor{ID: p.ID, Email: p.Email}
		}
		i := at[e.UnitID]
		units[i].History = append(units[i].History, ev)
	}
	return nil
}
