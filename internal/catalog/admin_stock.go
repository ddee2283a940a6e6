package catalog

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/audit"
	"github.com/mekhaishuby/furstore/internal/catalog/internal/catalogdb"
	"github.com/mekhaishuby/furstore/internal/store"
)

// Movement is one change of a product's stock made by staff, with its reason.
type Movement struct {
	ID         int64     `json:"id"`
	VariantID  int64     `json:"variant_id"`
	Delta      int32     `json:"delta"`
	StockAfter int32     `json:"stock_after"`
	Reason     string    `json:"reason"`
	ActorID    *int64    `json:"actor_id"`    // null once the account is gone
	ActorEmail *string   `json:"actor_email"` // the account's e-mail now; null once it is gone
	CreatedAt  time.Time `json:"created_at"`
}

// StockChange sets the stock (Set) or moves it by Delta, exactly one of them, for Reason.
type StockChange struct {
	Set    *int32
	Delta  *int32
	Reason string
}

// StockResult is the stock after a change and the movement that recorded it.
type StockResult struct {
	ProductID int64    `json:"product_id"`
	VariantID int64    `json:"variant_id"`
	Stock     int32    `json:"stock"`
	Movement  Movement `json:"movement"`
}

// stockAudit is what the audit log records of a stock change: the stock before, and after with why.
type stockAudit struct {
	VariantID int64  `json:"variant_id"`
	Stock     int32  `json:"stock"`
	Version   int32  `json:"version"`
	Delta     *int32 `json:"delta,omitempty"`
	Reason    string `json:"reason,omitempty"`
}

// ChangeStock sets or adjusts a product's stock. The product row is locked as an order locks it, so a change
// and a concurrent order never lose each other's update; a result below zero is refused (409 negative_stock).
func (a *Admin) ChangeStock(ctx context.Context, actor account.User, id int64, ch StockChange) (StockResult, error) {
	var res StockResult
	err := a.write(ctx, func(tx *store.Tx, q *catalogdb.Queries) error {
		// The product's row first (its version moves with its stock), then the variant's, as orders lock it.
		p, err := q.AdminLockProduct(ctx, id)
		if err != nil {
			return store.NotFound(err, ErrProductNotFound)
		}
		variants, err := q.AdminProductVariants(ctx, []int64{id})
		if err != nil {
			return err
		}
		if len(variants) != 1 {
			return &apperr.Error{Kind: apperr.Conflict, Code: "variant_required",
				Message: fmt.Sprintf("product %d has %d variants: change the stock of one of them (/api/admin/variants/{id}/stock)", id, len(variants)),
				Details: map[string]int{"variants": len(variants)}}
		}
		res, err = changeVariantStock(ctx, tx, q, actor, p.ID, p.Version, variants[0].ID, ch)
		if err == nil {
			tx.AfterCommit(a.s.stockChangedOf(p.ID)) // no trigger tells of a change of stock alone: see changes.go
		}
		return err
	})
	return res, err
}

// changeVariantStock sets or moves the stock of variant variantID of product productID (at version, its row
// locked by tx), recording the movement and the audit entry.
func changeVariantStock(ctx context.Context, tx *store.Tx, q *catalogdb.Queries, actor account.User, productID int64, version int32, variantID int64, ch StockChange) (StockResult, error) {
	v, err := q.AdminLockVariant(ctx, variantID)
	if err != nil {
		return StockResult{}, store.NotFound(err, ErrVariantNotFound)
	}
	next := int64(v.Stock)
	if ch.Set != nil {
		next = int64(*ch.Set)
	} else {
		next += int64(*ch.Delta)
	}
	switch {
	case next < 0:
		return StockResult{}, &apperr.Error{Kind: apperr.Conflict, Code: "negative_stock",
			Message: fmt.Sprintf("the stock would be %d: only %d in stock", next, v.Stock),
			Details: map[string]int32{"stock": v.Stock}}
	case next > MaxStock:
		return StockResult{}, &apperr.Error{Kind: apperr.Conflict, Code: "stock_too_large",
			Message: fmt.Sprintf("the stock would be %d, over the limit of %d", next, MaxStock),
			Details: map[string]int32{"stock": v.Stock}}
	}
	stock, delta := int32(next), int32(next)-v.Stock
	if err := q.AdminSetVariantStock(ctx, catalogdb.AdminSetVariantStockParams{ID: variantID, Stock: stock}); err != nil {
		return StockResult{}, err
	}
	if v.MarkedFur { // a marked variant's stock is its available units: pieces counted by number have no КИЗ yet
		if err := countedUnits(ctx, q, variantID, delta, actorID(actor), ch.Reason); err != nil {
			return StockResult{}, err
		}
	}
	if err := q.AdminBumpProductVersion(ctx, productID); err != nil {
		return StockResult{}, err
	}
	m, err := insertMovement(ctx, q, actor, productID, variantID, delta, stock, ch.Reason)
	if err != nil {
		return StockResult{}, err
	}
	res := StockResult{ProductID: productID, VariantID: variantID, Stock: stock, Movement: m}
	return res, record(ctx, tx, actor, audit.Entry{Action: "product.stock", ObjectType: "product", ObjectID: productID,
		Before: stockAudit{VariantID: variantID, Stock: v.Stock, Version: version},
		After:  stockAudit{VariantID: variantID, Stock: stock, Version: version + 1, Delta: &delta, Reason: ch.Reason}})
}

// StockHistory returns a page of a product's stock movements, newest first, and how many there are. Only an
// empty page asks whether the product exists: a page with movements proves it. Who made each movement is the
// account package's to tell.
func (a *Admin) StockHistory(ctx context.Context, id int64, page, size int) ([]Movement, int64, error) {
	rows, err := a.s.q.AdminListStockMovements(ctx, catalogdb.AdminListStockMovementsParams{ProductID: id,
		PageSize: int32(size), Skip: int32((page - 1) * size)})
	if err != nil {
		return nil, 0, fmt.Errorf("stock history of product %d: %w", id, err)
	}
	if len(rows) == 0 {
		if ok, err := a.s.q.AdminProductExists(ctx, id); err != nil {
			return nil, 0, err
		} else if !ok {
			return nil, 0, ErrProductNotFound
		}
		return nil, 0, nil // a page past the last (web.NewPage tells), or a product never stocked
	}
	var actors []int64
	for _, r := range rows {
		if id := deref64(r.ActorID); id != 0 && !slices.Contains(actors, id) {
			actors = append(actors, id)
		}
	}
	people, err := a.s.accounts.People(ctx, a.s.pool, actors)
	if err != nil {
		return nil, 0, err
	}
	out := make([]Movement, len(rows))
	for i, r := range rows {
		out[i] = Movement{ID: r.ID, VariantID: r.VariantID, Delta: r.Delta, StockAfter: r.StockAfter, Reason: r.Reason, CreatedAt: r.CreatedAt.UTC()}
		// An account deleted between the two reads is gone as one deleted before: no id, no e-mail.
		if p, ok := people[deref64(r.ActorID)]; ok {
			out[i].ActorID, out[i].ActorEmail = &p.ID, &p.Email
		}
	}
	return out, rows[0].Total, nil
}

func insertMovement(ctx context.Context, q *catalogdb.Queries, actor account.User, productID, variantID int64, delta, after int32, reason string) (Movement, error) {
	r, err := q.AdminInsertStockMovement(ctx, catalogdb.AdminInsertStockMovementParams{ProductID: productID, VariantID: variantID,
		Delta: delta, StockAfter: after, Reason: reason, ActorID: actorID(actor)})
	if err != nil {
		return Movement{}, fmt.Errorf("stock movement of product %d: %w", productID, err)
	}
	m := Movement{ID: r.ID, VariantID: variantID, Delta: delta, StockAfter: after, Reason: reason, ActorID: actorID(actor), CreatedAt: r.CreatedAt.UTC()}
	if actor.ID != 0 {
		m.ActorEmail = &actor.Email
	}
	return m, nil
}

func deref64(id *int64) int64 {
	if id == nil {
		return 0
	}
	return *id
}
