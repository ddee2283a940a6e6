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

// Line is a product and a quantity that an order takes from stock or gives back.
type Line struct {
	ProductID int64
	Quantity  int32
}

// Taken is what an order took of a product, with the product's name, price and marking at that moment: the
// order keeps them, whatever becomes of the product later.
type Taken struct {
	ProductID int64
	Name      string
	Price     money.Amount
	MarkedFur bool
	Quantity  int32
}

// Shortage is a product asked for in a larger quantity than can be sold: a cart's line or an order's. Its JSON
// is what the insufficient_stock error lists.
type Shortage struct {
	ProductID int64  `json:"product_id"`
	Name      string `json:"name"`
	Requested int32  `json:"requested"`
	Available int32  `json:"available"`
}

// TakeStock takes from stock what lines ask for, inside the caller's transaction tx, in one statement. It locks
// the products in id order whatever order lines come in (so two orders sharing products queue behind each
// other and never deadlock; docs/moving-parts.md, lock order) and takes the stock only if every line fits
// under the locks: a product since deleted is short with Name "?" and nothing available, an inactive one has
// nothing available, and otherwise its stock is what is available. If any line is short, nothing is taken and
// the shortages come back, in product id order, with a nil error. Otherwise the change is announced once tx
// commits, and what was taken comes back in product id order. Lines of the same product count together.
func (s *Service) TakeStock(ctx context.Context, tx *store.Tx, lines []Line) ([]Taken, []Shortage, error) {
	ids, quantities, err := merge(lines)
	if err != nil || len(ids) == 0 {
		return nil, nil, err
	}
	rows, err := catalogdb.New(tx).TakeStock(ctx, catalogdb.TakeStockParams{Ids: ids, Quantities: quantities})
	if err != nil {
		return nil, nil, fmt.Errorf("take stock of products %v: %w", ids, err)
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
		p, found := byID[id]
		available := p.Stock
		if !p.IsActive {
			available = 0 // not sold, whatever is in stock
		}
		switch {
		case !found:
			short = append(short, Shortage{ProductID: id, Name: "?", Requested: want})
		case want > available:
			short = append(short, Shortage{ProductID: id, Name: p.Name, Requested: want, Available: available})
		default:
			out = append(out, Taken{ProductID: id, Name: p.Name, Price: money.Amount(p.Price), MarkedFur: p.MarkedFur, Quantity: want})
		}
	}
	if len(short) > 0 || !taken {
		if len(short) == 0 { // the statement and this check disagree: a bug, never an order that oversells
			return nil, nil, fmt.Errorf("take stock of products %v: nothing was taken, yet every line fits", ids)
		}
		return nil, short, nil
	}
	tx.AfterCommit(s.stockChanged)
	return out, nil, nil
}

// ReturnStock gives back, inside the caller's transaction tx, the stock of a cancelled order's lines. The
// products are locked in id order first, as TakeStock locks them, so the two never deadlock; a product deleted
// since is skipped. The change is announced once tx commits.
func (s *Service) ReturnStock(ctx context.Context, tx *store.Tx, lines []Line) error {
	ids, quantities, err := merge(lines)
	if err != nil || len(ids) == 0 {
		return err
	}
	q := catalogdb.New(tx)
	if err := q.LockProducts(ctx, ids); err != nil {
		return fmt.Errorf("lock products %v: %w", ids, err)
	}
	if err := q.ReturnStock(ctx, catalogdb.ReturnStockParams{Ids: ids, Quantities: quantities}); err != nil {
		return fmt.Errorf("return stock: %w", err)
	}
	tx.AfterCommit(s.stockChanged)
	return nil
}

// merge returns the products of lines in id order, each once, with its quantities added up: the stock
// statements update each row once, and the locks are taken in id order.
func merge(lines []Line) (ids []int64, quantities []int32, err error) {
	total := make(map[int64]int64, len(lines))
	for _, l := range lines {
		if l.Quantity < 1 {
			return nil, nil, fmt.Errorf("stock line of product %d: quantity %d", l.ProductID, l.Quantity)
		}
		if total[l.ProductID] == 0 {
			ids = append(ids, l.ProductID)
		}
		total[l.ProductID] += int64(l.Quantity)
	}
	slices.Sort(ids)
	quantities = make([]int32, len(ids))
	for i, id := range ids {
		if total[id] > math.MaxInt32 {
			return nil, nil, fmt.Errorf("stock lines of product %d: quantity %d", id, total[id])
		}
		quantities[i] = int32(total[id])
	}
	return ids, quantities, nil
}

// Availability is whether a product is sold and how many are in stock.
type Availability struct {
	Name   string
	Stock  int32
	Active bool
}

// Availability reads, fresh, whether the products ids are sold and their stock, through q: the pool, or the
// caller's transaction (a cart checks what it may hold). An id with no product is missing from the map.
func (s *Service) Availability(ctx context.Context, q store.Querier, ids []int64) (map[int64]Availability, error) {
	out := make(map[int64]Availability, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := catalogdb.New(q).ProductAvailability(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("availability of products %v: %w", ids, err)
	}
	for _, r := range rows {
		out[r.ID] = Availability{Name: r.Name, Stock: r.Stock, Active: r.IsActive}
	}
	return out, nil
}
