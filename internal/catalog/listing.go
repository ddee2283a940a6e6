package catalog

import (
	"context"
	"fmt"

	"github.com/mekhaishuby/furstore/internal/apperr"
)

// List returns one page of active products matching q, in q's order, answered from the listing index (and,
// for q's words, from what PostgreSQL's text search matched: searchMatches).
func (s *Service) List(ctx context.Context, q ListQuery) (Page, error) {
	before := s.ix.stampBefore()
	ix, err := s.listingIndex(ctx)
	if err != nil {
		return Page{}, err
	}
	var cats []bool
	if q.Category != "" {
		c, ok := ix.tree.BySlug(q.Category)
		if !ok {
			return Page{}, apperr.New(apperr.NotFound, "category_not_found", fmt.Sprintf("no category with slug %q", q.Category))
		}
		cats = make([]bool, len(ix.tree.allIDs))
		for _, id := range ix.tree.SubtreeIDs(c) {
			cats[ix.catPos[id]] = true
		}
	}
	filters, err := ix.parseFilters(q.Filters)
	if err != nil {
		return Page{}, err
	}
	var hits *searchHits
	if q.Words != nil {
		if hits, err = s.searchMatches(ctx, ix, q.Words); err != nil {
			return Page{}, err
		}
	}
	l := ix.list(q, cats, hits, filters)
	if len(l.results) == 0 && q.Page > 1 {
		return Page{}, apperr.New(apperr.NotFound, "page_not_found", fmt.Sprintf("page %d is past the last page", q.Page))
	}
	page := Page{Page: q.Page, PageSize: q.PageSize, Results: l.results, Count: l.total, stamp: s.ix.stampAfter(before, &l.deps)}
	if l.facets != nil {
		var price PriceRangeJSON
		page.Facets, price = l.facets.json(ix, q.Sizes)
		page.PriceRange = &price
	}
	return page, nil
}
