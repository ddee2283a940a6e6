package catalog

import (
	"cmp"
	"slices"
)

// listing is a listing page as the index answers it, with the stock buckets the answer depends on.
type listing struct {
	results []Summary
	total   int64
	deps    stampSet
}

// list answers q over the index. cats marks the categories of the subtree asked for by their place in the tree
// (nil: every category); ranks holds the products q's words match with their rank (nil: no search).
//
// The answer depends on the stock of the products it shows, and, when q filters by stock (in_stock, size), of
// every product the other filters let through, since any of them may come in or drop out: deps names those.
func (ix *index) list(q ListQuery, cats []bool, ranks map[int64]float32) listing {
	var out listing
	byStock := q.InStock != nil || len(q.Sizes) > 0
	skip := int64(q.Page-1) * int64(q.PageSize)
	ix.walk(q.Sort, ranks, func(p *indexed) {
		if !ix.keep(p, q, cats) {
			return
		}
		if byStock {
			out.deps.add(p.id)
			if !stockKeeps(p.stock.Load(), q) {
				return
			}
		}
		out.total++
		if out.total > skip && len(out.results) < q.PageSize {
			out.deps.add(p.id)
			out.results = append(out.results, ix.summary(p))
		}
	})
	return out
}

// keep applies every filter of q that does not depend on stock.
func (ix *index) keep(p *indexed, q ListQuery, cats []bool) bool {
	return (cats == nil || cats[p.catPos]) &&
		p.price >= q.MinPrice.Kopecks() && p.price <= q.MaxPrice.Kopecks() &&
		(q.OnSale == nil || *q.OnSale == (p.oldPrice != nil))
}

// stockKeeps applies the filters of q that depend on stock: in stock or not, a size in stock.
func stockKeeps(st *stockState, q ListQuery) bool {
	if q.InStock != nil && *q.InStock != st.inStock {
		return false
	}
	if len(q.Sizes) > 0 && !slices.ContainsFunc(st.sizes, func(s string) bool { return slices.Contains(q.Sizes, s) }) {
		return false
	}
	return true
}

// walk calls visit with the products in the order sort asks for: the whole index, or only the products of
// ranks when a search is on.
func (ix *index) walk(sort string, ranks map[int64]float32, visit func(*indexed)) {
	if ranks != nil {
		for _, i := range ix.ranked(sort, ranks) {
			visit(&ix.products[i])
		}
		return
	}
	var order []int32
	desc := false
	switch sort {
	case SortPrice, SortPriceDesc:
		order, desc = ix.byPrice, sort == SortPriceDesc
	case SortName, SortNameDesc:
		order, desc = ix.byName, sort == SortNameDesc
	default: // created, -created; relevance without a search is newest first (ListParams.Parse)
		order, desc = ix.byCreated, sort != SortCreated
	}
	for k := range order {
		if desc {
			k = len(order) - 1 - k
		}
		visit(&ix.products[order[k]])
	}
}

// ranked returns the positions of the products of ranks in the order sort asks for. Relevance is the best
// match first, then the newest, as a tie has to be broken somehow.
func (ix *index) ranked(sort string, ranks map[int64]float32) []int32 {
	pos := make([]int32, 0, len(ranks))
	for id := range ranks {
		if i, ok := ix.byID[id]; ok {
			pos = append(pos, i)
		}
	}
	var compare func(a, b *indexed) int
	switch sort {
	case SortPrice:
		compare = func(a, b *indexed) int { return cmp.Or(cmp.Compare(a.price, b.price), cmp.Compare(a.id, b.id)) }
	case SortPriceDesc:
		compare = func(a, b *indexed) int { return cmp.Or(cmp.Compare(b.price, a.price), cmp.Compare(b.id, a.id)) }
	case SortName:
		compare = func(a, b *indexed) int { return cmp.Compare(a.nameOrder, b.nameOrder) }
	case SortNameDesc:
		compare = func(a, b *indexed) int { return cmp.Compare(b.nameOrder, a.nameOrder) }
	case SortCreated:
		compare = func(a, b *indexed) int { return cmp.Or(cmp.Compare(a.created, b.created), cmp.Compare(a.id, b.id)) }
	case SortCreatedDesc:
		compare = func(a, b *indexed) int { return cmp.Or(cmp.Compare(b.created, a.created), cmp.Compare(b.id, a.id)) }
	default: // relevance
		compare = func(a, b *indexed) int {
			return cmp.Or(cmp.Compare(ranks[b.id], ranks[a.id]), cmp.Compare(b.created, a.created), cmp.Compare(b.id, a.id))
		}
	}
	slices.SortFunc(pos, func(a, b int32) int { return compare(&ix.products[a], &ix.products[b]) })
	return pos
}
