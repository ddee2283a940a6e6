package catalog

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/audit"
	"github.com/mekhaishuby/furstore/internal/catalog/internal/catalogdb"
	"github.com/mekhaishuby/furstore/internal/store"
)

// unitCode is a КИЗ, the control tag of a natural-fur garment: country, issuer, series and number, e.g.
// RU-430302-AAA7582720. The database's CHECK holds fur_units.kiz to the same form.
var unitCode = regexp.MustCompile(`^[A-Z]{2}-[0-9]{6}-[A-Z]{3}[0-9]{7}$`)

const (
	unitCodeExample  = "RU-430302-AAA7582720"
	maxReceivedUnits = 1000 // codes in one receiving: a delivery scanned in one go
	receivedNote     = "received"
)

// cleanUnitCodes trims the scanned codes and checks them, naming every bad one at once: each must be a КИЗ,
// and each given once.
func cleanUnitCodes(codes []string) ([]string, error) {
	switch {
	case len(codes) == 0:
		return nil, apperr.Field("required", "kiz", "give at least one КИЗ, e.g. "+unitCodeExample)
	case len(codes) > maxReceivedUnits:
		return nil, apperr.Field("invalid_kiz", "kiz", fmt.Sprintf("at most %d codes at a time", maxReceivedUnits))
	}
	var v apperr.Validation
	out := make([]string, len(codes))
	first := make(map[string]int, len(codes))
	for i, c := range codes {
		c = strings.TrimSpace(c)
		out[i] = c
		field := fmt.Sprintf("kiz[%d]", i)
		if !unitCode.MatchString(c) {
			v.Add("invalid_kiz", field, "must be a КИЗ like "+unitCodeExample)
			continue
		}
		if j, seen := first[c]; seen {
			v.Add("duplicate_kiz", field, fmt.Sprintf("repeats kiz[%d]: each unit has its own КИЗ", j))
			continue
		}
		first[c] = i
	}
	return out, v.Err()
}

// UnitReceipt is what receiving units by their codes did: how many were added, the variant's stock after,
// and the new units.
type UnitReceipt struct {
	Added int    `json:"added"`
	Stock int32  `json:"stock"`
	Units []Unit `json:"units"`
}

// ReceiveUnits adds to marked variant variantID one available unit per code (trimmed, checked, each once;
// see cleanUnitCodes) and raises its stock by as many, for reason (may be empty), recorded as a stock
// movement and in the audit log. A code the store already knows, in any status, is 409 kiz_exists naming
// every such code; a variant of a product that is not marked fur is 409 not_marked. Any error adds nothing.
//
// Two receivings into the same variant queue behind its product's and its own row lock, so the second sees
// the first's codes. Into different variants nothing is shared but the unique index on the code: the second
// waits for the first to commit and fails with 23505, which becomes kiz_exists too.
func (a *Admin) ReceiveUnits(ctx context.Context, actor account.User, variantID int64, codes []string, reason string) (UnitReceipt, error) {
	codes, err := cleanUnitCodes(codes)
	if err != nil {
		return UnitReceipt{}, err
	}
	if reason == "" {
		reason = receivedNote
	}
	var out UnitReceipt
	err = a.write(ctx, func(tx *store.Tx, q *catalogdb.Queries) error {
		p, v, err := lockStaffVariant(ctx, q, variantID)
		if err != nil {
			return err
		}
		if !v.MarkedFur {
			return &apperr.Error{Kind: apperr.Conflict, Code: "not_marked",
				Message: fmt.Sprintf("variant %d is of «%s», which is not marked fur: it has no units with КИЗ, only a stock number", variantID, v.ProductName)}
		}
		known, err := q.KnownUnitCodes(ctx, codes)
		if err != nil {
			return err
		}
		if len(known) > 0 {
			return kizExists(codes, known)
		}
		if int64(v.Stock)+int64(len(codes)) > MaxStock {
			return &apperr.Error{Kind: apperr.Conflict, Code: "stock_too_large",
				Message: fmt.Sprintf("the stock would be %d, over the limit of %d", int64(v.Stock)+int64(len(codes)), MaxStock),
				Details: map[string]int32{"stock": v.Stock}}
		}
		// Inserted in code order: two receivings that share codes take the index's entries in the same order,
		// so the later one waits for the earlier instead of deadlocking with it.
		rows, err := q.AddUnits(ctx, catalogdb.AddUnitsParams{VariantID: variantID, Kizs: slices.Sorted(slices.Values(codes)),
			ActorID: actorID(actor), Note: reason})
		if err != nil {
			return err
		}
		delta := int32(len(rows))
		stock, err := a.moveUnitStock(ctx, tx, q, actor, p.ID, v, delta, reason)
		if err != nil {
			return err
		}
		byCode := make(map[string]Unit, len(rows))
		for _, r := range rows {
			byCode[*r.Kiz] = Unit{ID: r.ID, KIZ: r.Kiz, VariantID: variantID, ProductID: p.ID, Status: r.Status,
				ReceivedAt: r.ReceivedAt.UTC(), History: []UnitEvent{{At: r.ReceivedAt.UTC(), Status: r.Status,
					By: unitActor(actor), Note: reason}}}
		}
		out = UnitReceipt{Added: len(rows), Stock: stock, Units: make([]Unit, len(codes))}
		for i, c := range codes { // as scanned
			out.Units[i] = byCode[c]
		}
		return record(ctx, tx, actor, audit.Entry{Action: "product.units_receive", ObjectType: "product", ObjectID: p.ID,
			Before: stockAudit{VariantID: variantID, Stock: v.Stock, Version: p.Version},
			After: unitsAudit{stockAudit: stockAudit{VariantID: variantID, Stock: stock, Version: p.Version + 1,
				Delta: &delta, Reason: reason}, KIZ: codes}})
	})
	if code, constraint := store.SQLState(err); code == store.UniqueViolation && constraint == "fur_units_kiz_key" {
		// Another receiving committed one of the codes meanwhile, into another variant: name them as above.
		known, kerr := a.s.q.KnownUnitCodes(ctx, codes)
		if kerr != nil || len(known) == 0 {
			return UnitReceipt{}, &apperr.Error{Kind: apperr.Conflict, Code: "kiz_exists",
				Message: "a code was received at the same moment by another request; nothing was added"}
		}
		return UnitReceipt{}, kizExists(codes, known)
	}
	return out, err
}

// unitsAudit is what the audit log records of units received: the stock after, and the codes.
type unitsAudit struct {
	stockAudit
	KIZ []string `json:"kiz"`
}

// kizExists names every code of codes (as the request gave them) that known units already carry.
func kizExists(codes []string, known []catalogdb.KnownUnitCodesRow) error {
	byCode := make(map[string]catalogdb.KnownUnitCodesRow, len(known))
	for _, k := range known {
		byCode[k.Kiz] = k
	}
	e := &apperr.Error{Kind: apperr.Conflict, Code: "kiz_exists", Fields: map[string]string{}}
	type taken struct {
		KIZ       string `json:"kiz"`
		UnitID    int64  `json:"unit_id"`
		VariantID int64  `json:"variant_id"`
		Status    string `json:"status"`
	}
	var details []taken
	for i, c := range codes {
		if k, ok := byCode[c]; ok {
			e.Fields[fmt.Sprintf("kiz[%d]", i)] = fmt.Sprintf("%s is already unit %d (variant %d, %s)", c, k.ID, k.VariantID, k.Status)
			details = append(details, taken{KIZ: c, UnitID: k.ID, VariantID: k.VariantID, Status: k.Status})
		}
	}
	e.Details = details
	e.Message = fmt.Sprintf("%d of the codes are already in the store (a КИЗ is unique forever); nothing was added", len(details))
	return e
}

// moveUnitStock moves the stock of marked variant v (locked, as is its product productID) by delta, the
// number of its units that went into (or out of) available in the same transaction, and records it as every
// staff change of stock is recorded: a movement for reason, the product's version raised, the change
// announced after commit (changes.go). It returns the stock after.
func (a *Admin) moveUnitStock(ctx context.Context, tx *store.Tx, q *catalogdb.Queries, actor account.User, productID int64, v catalogdb.AdminLockVariantRow, delta int32, reason string) (int32, error) {
	stock := v.Stock + delta
	if stock < 0 { // a marked variant's stock is its available units: a unit left available, so one was counted
		return 0, fmt.Errorf("variant %d: stock %d, moved by %d for its units", v.ID, v.Stock, delta)
	}
	if err := q.AdminSetVariantStock(ctx, catalogdb.AdminSetVariantStockParams{ID: v.ID, Stock: stock}); err != nil {
		return 0, err
	}
	if err := q.AdminBumpProductVersion(ctx, productID); err != nil {
		return 0, err
	}
	if _, err := insertMovement(ctx, q, actor, productID, v.ID, delta, stock, reason); err != nil {
		return 0, err
	}
	tx.AfterCommit(a.s.stockChangedOf(productID)) // no trigger tells of a change of stock alone: see changes.go
	return stock, nil
}

// unitActor is the staff member as a unit's history names them; nil for a change without one.
func unitActor(u account.User) *UnitActor {
	if u.ID == 0 {
		return nil
	}
	return &UnitActor{ID: u.ID, Email: u.Email}
}
