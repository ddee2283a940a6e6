package catalog

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/mekhaishuby/furstore/internal/catalog/internal/catalogdb"
	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/store"
)

// Line is a variant and a quantity that an order takes from stock or gives back.
type Line struct {
	VariantID int64
	Quantity  int32
}

// Taken is what an order took of a variant, with the product and the variant as they were at that moment: the
// order keeps them, whatever becomes of the product later.
type Taken struct {
	ProductID int64
	VariantID int64
	SKU       string
	Size      *string
	Height    *string
	Color     *string
	Name      string
	Slug      string
	Image     string // the product's main picture, a path under the media folder; "" when none
	Price     money.Amount
	MarkedFur bool
	Quantity  int32
}

// Shortage is a variant asked for in a larger quantity than can be sold: a cart's line or an order's. Its JSON
// is what the insufficient_stock error lists.
type Shortage struct {
	ProductID int64  `json:"product_id"`
	VariantID int64  `json:"variant_id"`
	Name      string `json:"name"`
	Requested int32  `json:"requested"`
	Available int32  `json:"available"`
}

// TakeStock takes from stock what lines ask for, inside the caller's transaction tx, in one statement. It locks
// the variants in id order whatever order lines come in (so two orders sharing variants queue behind each other
// and never deadlock; docs/moving-parts.md, lock order) and takes the stock only if every line fits under the
// locks: a variant since deleted is short with Name "?" and nothing available, one not sold (or of a product
// not sold) has nothing available, and otherwise its stock is what is available. If any line is short,
// nothing is taken and the shortages come back, in variant id order, with a nil error. Otherwise the change is
// announced once tx commits, and what was taken comes back in variant id order. Lines of the same variant count
// together. The fur units of what was taken are reserved by ReserveUnits, once the order exists.
func (s *Service) TakeStock(ctx context.Context, tx *store.Tx, lines []Line) ([]Taken, []Shortage, error) {
	ids, quantities, err := merge(lines)
	if err != nil || len(ids) == 0 {
		return nil, nil, err
	}
	rows, err := catalogdb.New(tx).TakeStock(ctx, catalogdb.TakeStockParams{Ids: ids, Quantities: quantities})
	if err != nil {
		return nil, nil, fmt.Errorf("take stock of variants %v: %w", ids, err)
	}
	byID := make(map[int64]catalogdb.TakeStockRow, len(rows))
	taken := len(rows) > 0 && rows[0].Taken
	for _, r := range rows {
		byID[r.ID] = r
	}
	out := make([]Taken, 0, len(ids))
	var short []Shortage
	for i, id := range ids {
		want := quantities[i]
		v, found := byID[id]
		available := v.Stock
		if !v.Active {
			available = 0 // not sold, whatever is in stock
		}
		switch {
		case !found:
			short = append(short, Shortage{VariantID: id, Name: "?", Requested: want})
		case want > available:
			short = append(short, Shortage{ProductID: v.ProductID, VariantID: id, Name: v.Name, Requested: want, Available: available})
		default:
			out = append(out, Taken{ProductID: v.ProductID, VariantID: id, SKU: v.Sku, Size: v.Size, Height: v.Height,
				Color: v.Color, Name: v.Name, Slug: v.Slug, Image: v.Image, Price: money.Amount(v.Price),
				MarkedFur: v.MarkedFur, Quantity: want})
		}
	}
	if len(short) > 0 || !taken {
		if len(short) == 0 { // the statement and this check disagree: a bug, never an order that oversells
			return nil, nil, fmt.Errorf("take stock of variants %v: nothing was taken, yet every line fits", ids)
		}
		return nil, short, nil
	}
	products := make([]int64, len(out))
	for i, t := range out {
		products[i] = t.ProductID
	}
	tx.AfterCommit(s.stockChangedOf(products...))
	return out, nil, nil
}

// ReturnStock gives back, inside the caller's transaction tx, the stock of a cancelled order's lines. The
// variants are locked in id order first, as TakeStock locks them, so the two never deadlock; a variant deleted
// since is skipped. The change is announced once tx commits. The order's fur units are released by
// ReleaseUnits.
func (s *Service) ReturnStock(ctx context.Context, tx *store.Tx, lines []Line) error {
	ids, quantities, err := merge(lines)
	if err != nil || len(ids) == 0 {
		return err
	}
	q := catalogdb.New(tx)
	if err := q.LockVariants(ctx, ids); err != nil {
		return fmt.Errorf("lock variants %v: %w", ids, err)
	}
	products, err := q.ReturnStock(ctx, catalogdb.ReturnStockParams{Ids: ids, Quantities: quantities})
	if err != nil {
		return fmt.Errorf("return stock: %w", err)
	}
	tx.AfterCommit(s.stockChangedOf(products...))
	return nil
}

// merge returns the variants of lines in id order, each once, with its quantities added up: the stock
// statements update each row once, and the locks are taken in id order.
func merge(lines []Line) (ids []int64, quantities []int32, err error) {
	total := make(map[int64]int64, len(lines))
	for _, l := range lines {
		if l.Quantity < 1 {
			return nil, nil, fmt.Errorf("stock line of variant %d: quantity %d", l.VariantID, l.Quantity)
		}
		if total[l.VariantID] == 0 {
			ids = append(ids, l.VariantID)
		}
		total[l.VariantID] += int64(l.Quantity)
	}
	slices.Sort(ids)
	quantities = make([]int32, len(ids))
	for i, id := range ids {
		if total[id] > math.MaxInt32 {
			return nil, nil, fmt.Errorf("stock lines of variant %d: quantity %d", id, total[id])
		}
		quantities[i] = int32(total[id])
	}
	return ids, quantities, nil
}

// Availability is whether a variant is sold and how many are in stock.
type Availability struct {
	Name   string // the product's
	Stock  int32
	Active bool // the variant and its product are sold
}

// Availability reads, fresh, whether the variants ids are sold and their stock, through q: the pool, or the
// caller's transaction (a cart checks what it may hold). An id with no variant is missing from the map.
func (s *Service) Availability(ctx context.Context, q store.Querier, ids []int64) (map[int64]Availability, error) {
	out := make(map[int64]Availability, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := catalogdb.New(q).VariantAvailability(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("availability of variants %v: %w", ids, err)
	}
	for _, r := range rows {
		out[r.ID] = Availability{Name: r.Name, Stock: r.Stock, Active: r.Active}
	}
	return out, nil
}
