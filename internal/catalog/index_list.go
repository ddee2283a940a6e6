package catalog

import "slices"

// listing is a listing page as the index answers it, with its facets when asked for and the stock buckets
// the answer depends on.
type listing struct {
	results []Summary
	total   int64
	facets  *facetCounts
	deps    stampSet
}

// Which facet a product failed, when it failed one: an attribute filter's place in the filters, or these.
const (
	failedPrice = -1
	failedSize  = -2
)

// list answers q over the index. cats marks the categories of the subtree asked for by their place in the tree
// (nil: every category); hits are the products q's words match (nil: no search); filters are
// q's filter[…], parsed by parseFilters.
//
// Facets count the way shops do: each facet (an attribute, size, price) counts with every other filter applied
// but not its own, so a product that fails exactly one facet's filter still counts for that facet, and one that
// fails none is listed and counts for all. Category, q, on_sale and in_stock are no facets: always applied.
//
// The answer depends on the stock of the products it shows, and, when q filters by stock (in_stock, size) or
// asks for facets (the size facet), of every product the other filters let through: deps names those.
func (ix *index) list(q ListQuery, cats []bool, hits *searchHits, filters []filter) listing {
	var out listing
	if q.Facets {
		out.facets = ix.newFacetCounts(filters)
	}
	everyStock := q.InStock != nil || len(q.Sizes) > 0 || q.Facets
	skip := int64(q.Page-1) * int64(q.PageSize)
	ix.walk(q.Sort, hits, func(p *indexed) {
		if !ix.keep(p, q, cats) {
			return
		}
		if everyStock {
			out.deps.add(p.id)
		}
		st := p.stock.Load()
		if q.InStock != nil && *q.InStock != st.inStock {
			return
		}
		fails, failed := 0, 0
		if p.price < q.MinPrice.Kopecks() || p.price > q.MaxPrice.Kopecks() {
			fails, failed = 1, failedPrice
		}
		if len(q.Sizes) > 0 && !slices.ContainsFunc(st.sizes, func(s string) bool { return slices.Contains(q.Sizes, s) }) {
			fails, failed = fails+1, failedSize
		}
		for i := range filters {
			if fails > 1 {
				return
			}
			if !filters[i].keeps(ix, p) {
				fails, failed = fails+1, i
			}
		}
		switch {
		case fails == 0:
			out.total++
			if out.total > skip && len(out.results) < q.PageSize {
				out.deps.add(p.id)
				out.results = append(out.results, ix.summary(p, st))
			}
			if out.facets != nil {
				out.facets.countAll(ix, p, st)
			}
		case fails == 1 && out.facets != nil:
			out.facets.countOne(ix, p, st, failed)
		}
	})
	return out
}

// keep applies the filters of q that are no facets and do not depend on stock: category and on_sale.
func (ix *index) keep(p *indexed, q ListQuery, cats []bool) bool {
	return (cats == nil || p.catPos >= 0 && cats[p.catPos]) && (q.OnSale == nil || *q.OnSale == (p.oldPrice != nil))
}

// walk calls visit with the products in the order sort asks for: the whole index, or only the products a
// search matched (hits, nil when there is none).
func (ix *index) walk(sort string, hits *searchHits, visit func(*indexed)) {
	if hits != nil && (sort == SortRelevance || sort == "") {
		for _, i := range hits.relevance {
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
		if i := order[k]; hits == nil || hits.member[i] {
			visit(&ix.products[i])
		}
	}
}
