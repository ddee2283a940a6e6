package catalog

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"sync/atomic"

	"github.com/mekhaishuby/furstore/internal/catalog/internal/catalogdb"
	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/store"
)

// index is the public catalog as listings read it: every active product with what a listing filters, sorts,
// counts and shows, in memory, read in full for each catalog generation. Stock moves far more often than the
// catalog (every order), so a product's stock is kept apart, in a slot that a stock change replaces for that
// product alone (refreshStock) without reading the rest again. docs/moving-parts.md, «The listing index».
type index struct {
	gen      uint64
	tree     *Tree
	products []indexed
	byID     map[int64]int32
	// Positions in products in each order, ascending; a descending order walks them backwards (every order ends
	// with the id, so the reverse of one is exactly the descending one).
	byPrice, byName, byCreated []int32
	catPos                     map[int64]int32 // category id -> its place in tree.allIDs
	// attrs are the defined attributes in display order; attrBySlug finds the filterable ones.
	attrs      []attrDef
	attrBySlug map[string]int
}

// attrDef is an attribute staff defined (Мех, Длина …), with its values when it is a choice.
type attrDef struct {
	id               int64
	slug, name, kind string
	unit             *string
	filterable       bool
	values           []attrValue // in display order
}

type attrValue struct {
	id          int64
	slug, value string
}

// link is a product's characteristic read as one of the attributes: a value of a choice, a number, a yes/no.
type link struct {
	attr   int16 // place in index.attrs
	value  int32 // choice: place in the attribute's values
	number float64
	flag   bool
}

// indexed is one active product. Everything but stock is fixed for the index's generation.
type indexed struct {
	id         int64
	slug, name string
	price      int64
	oldPrice   *money.Amount // shared by every summary made of it: never written
	categoryID int64
	catPos     int32
	created    int64 // microseconds, for the order
	nameOrder  int32
	image      string
	picture    *Picture // the main one, nil without pictures; shared by every summary made of it
	links      []link
	stock      atomic.Pointer[stockState]
}

// stockState is what a product has in stock, as the last read of it found.
type stockState struct {
	inStock bool
	sizes   []string // distinct sizes in stock, in order; empty for one-size products
}

var noStock = &stockState{sizes: []string{}}

// loadIndex reads the whole index under generation gen with tree, the category tree of the same generation,
// in one snapshot of the database: products, their stock and their characteristics as of one moment.
func (s *Service) loadIndex(ctx context.Context, gen uint64, tree *Tree) (*index, error) {
	var ix *index
	err := store.InSnapshot(ctx, s.pool, func(tx *store.Tx) error {
		var err error
		ix, err = readIndex(ctx, catalogdb.New(tx), gen, tree)
		return err
	})
	return ix, err
}

func readIndex(ctx context.Context, q *catalogdb.Queries, gen uint64, tree *Tree) (*index, error) {
	rows, err := q.IndexProducts(ctx)
	if err != nil {
		return nil, fmt.Errorf("index products: %w", err)
	}
	ix := &index{gen: gen, tree: tree, products: make([]indexed, len(rows)), byID: make(map[int64]int32, len(rows)),
		catPos: make(map[int64]int32, len(tree.allIDs))}
	for i, id := range tree.allIDs {
		ix.catPos[id] = int32(i)
	}
	for i, r := range rows {
		p := &ix.products[i]
		cat, ok := ix.catPos[r.CategoryID]
		if !ok { // a category the tree (read just before) does not know yet: listed in none until the next read
			cat = -1
		}
		p.id, p.slug, p.name, p.price, p.oldPrice = r.ID, r.Slug, r.Name, r.Price, money.FromPtr(r.OldPrice)
		p.categoryID, p.catPos, p.created, p.nameOrder, p.image = r.CategoryID, cat, r.CreatedAt.UnixMicro(), r.NameOrder, r.Image
		if r.Image != "" {
			p.picture = &Picture{Path: r.Image, CardPath: r.CardPath, ThumbPath: r.ThumbPath, Width: r.PictureWidth,
				Height: r.PictureHeight, Alt: pictureAlt(r.PictureAlt, r.Name, 1)}
		}
		p.stock.Store(noStock)
		ix.byID[r.ID] = int32(i)
	}
	stock, err := readStockRows(ctx, q, nil)
	if err != nil {
		return nil, err
	}
	ix.applyStock(nil, stock)
	if err := ix.readAttributes(ctx, q); err != nil {
		return nil, err
	}
	ix.byPrice = ix.order(func(a, b *indexed) int { return cmp.Or(cmp.Compare(a.price, b.price), cmp.Compare(a.id, b.id)) })
	ix.byName = ix.order(func(a, b *indexed) int { return cmp.Compare(a.nameOrder, b.nameOrder) })
	ix.byCreated = ix.order(func(a, b *indexed) int { return cmp.Or(cmp.Compare(a.created, b.created), cmp.Compare(a.id, b.id)) })
	return ix, nil
}

// readAttributes reads the attributes and every active product's links to them.
func (ix *index) readAttributes(ctx context.Context, q *catalogdb.Queries) error {
	defs, err := readAttributes(ctx, q)
	if err != nil {
		return err
	}
	attrPos := make(map[int64]int16, len(defs))
	valuePos := map[int64]int32{}
	ix.attrs, ix.attrBySlug = make([]attrDef, len(defs)), make(map[string]int, len(defs))
	for i, d := range defs {
		a := attrDef{id: d.ID, slug: d.Slug, name: d.Name, kind: d.Kind, unit: d.Unit, filterable: d.Filterable}
		for j, v := range d.Values {
			a.values = append(a.values, attrValue{id: v.ID, slug: v.Slug, value: v.Value})
			valuePos[v.ID] = int32(j)
		}
		ix.attrs[i], attrPos[d.ID] = a, int16(i)
		if d.Filterable {
			ix.attrBySlug[d.Slug] = i
		}
	}
	links, err := q.ListProductAttributeLinks(ctx)
	if err != nil {
		return fmt.Errorf("list attribute links: %w", err)
	}
	for _, l := range links {
		i, ok := ix.byID[l.ProductID]
		a, known := attrPos[l.AttributeID]
		if !ok || !known {
			continue // same snapshot: never; a product or attribute of another read
		}
		k, ok := linkOf(ix.attrs[a].kind, a, l, valuePos)
		// A product naming one value twice («Чёрный», «черный») counts once: a facet's count must be the
		// listing's with that value selected.
		if p := &ix.products[i]; ok && !slices.Contains(p.links, k) {
			p.links = append(p.links, k)
		}
	}
	return nil
}

// linkOf reads a link row as the attribute's kind says. A row that does not fit its attribute (written past
// the triggers) or holds no finite number is left out, rather than miscounted or failing every facet.
func linkOf(kind string, attr int16, l catalogdb.ListProductAttributeLinksRow, valuePos map[int64]int32) (link, bool) {
	k := link{attr: attr}
	switch {
	case kind == KindChoice && l.ValueID != nil:
		v, ok := valuePos[*l.ValueID]
		k.value = v
		return k, ok
	case kind == KindNumber && l.Number != nil && !math.IsNaN(*l.Number) && !math.IsInf(*l.Number, 0):
		k.number = *l.Number
		return k, true
	case kind == KindBool && l.Flag != nil:
		k.flag = *l.Flag
		return k, true
	}
	return k, false
}

func (ix *index) order(compare func(a, b *indexed) int) []int32 {
	pos := make([]int32, len(ix.products))
	for i := range pos {
		pos[i] = int32(i)
	}
	slices.SortFunc(pos, func(a, b int32) int { return compare(&ix.products[a], &ix.products[b]) })
	return pos
}

// stockRow is one product with something in stock.
type stockRow = catalogdb.IndexStockRow

// readStockRows reads the stock of products ids (nil: every product); products with nothing in stock have no
// row.
func readStockRows(ctx context.Context, q *catalogdb.Queries, ids []int64) ([]stockRow, error) {
	rows, err := q.IndexStock(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("index stock: %w", err)
	}
	return rows, nil
}

// applyStock puts into their slots the stock rows read for products ids (nil: every product).
func (ix *index) applyStock(ids []int64, rows []stockRow) {
	found := make(map[int64]bool, len(rows))
	for _, r := range rows {
		found[r.ProductID] = true
		if i, ok := ix.byID[r.ProductID]; ok {
			ix.products[i].stock.Store(&stockState{inStock: true, sizes: r.Sizes})
		}
	}
	if ids == nil {
		for i := range ix.products {
			if !found[ix.products[i].id] {
				ix.products[i].stock.Store(noStock)
			}
		}
		return
	}
	for _, id := range ids {
		if i, ok := ix.byID[id]; ok && !found[id] {
			ix.products[i].stock.Store(noStock)
		}
	}
}

// summary is how a listing shows product p with stock st (the state it was filtered on).
func (ix *index) summary(p *indexed, st *stockState) Summary {
	return Summary{ID: p.id, Slug: p.slug, Name: p.name, Price: money.Amount(p.price), OldPrice: p.oldPrice,
		Image: p.image, Picture: p.picture, Category: ix.tree.Ref(p.categoryID), InStock: st.inStock, Sizes: st.sizes}
}
