package catalog

import (
	"context"
	"fmt"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/catalog/internal/catalogdb"
	"github.com/mekhaishuby/furstore/internal/money"
)

// List returns one page of active products matching q, in q's order.
func (s *Service) List(ctx context.Context, q ListQuery) (Page, error) {
	tree, err := s.Tree(ctx)
	if err != nil {
		return Page{}, err
	}
	ids := tree.AllIDs()
	if q.Category != "" {
		c, ok := tree.BySlug(q.Category)
		if !ok {
			return Page{}, apperr.New(apperr.NotFound, "category_not_found", fmt.Sprintf("no category with slug %q", q.Category))
		}
		ids = tree.SubtreeIDs(c)
	}
	args := catalogdb.ListProductsByPriceParams{
		CategoryIds: ids,
		MinPrice:    q.MinPrice.Kopecks(),
		MaxPrice:    q.MaxPrice.Kopecks(),
		Sizes:       q.Sizes,
		InStock:     q.InStock,
		OnSale:      q.OnSale,
		Words:       q.Words,
		Skip:        int32((q.Page - 1) * q.PageSize),
		PageSize:    int32(q.PageSize),
	}
	rows, err := s.listRows(ctx, q.Sort, args)
	if err != nil {
		return Page{}, fmt.Errorf("list products: %w", err)
	}
	page := Page{Page: q.Page, PageSize: q.PageSize, Results: make([]Summary, len(rows))}
	for i, r := range rows {
		page.Results[i] = Summary{
			ID: r.ID, Slug: r.Slug, Name: r.Name, Price: money.Amount(r.Price), OldPrice: money.FromPtr(r.OldPrice),
			Image: r.Image, Category: tree.Ref(r.CategoryID), InStock: r.InStock, Sizes: r.Sizes,
		}
	}
	switch {
	case len(rows) > 0:
		page.Count = rows[0].Total
	case q.Page > 1:
		return Page{}, apperr.New(apperr.NotFound, "page_not_found", fmt.Sprintf("page %d is past the last page", q.Page))
	}
	return page, nil
}

// listRows runs the query for the sort key. The seven queries return identical rows, so each converts to one type.
func (s *Service) listRows(ctx context.Context, sort string, a catalogdb.ListProductsByPriceParams) ([]catalogdb.ListProductsByPriceRow, error) {
	switch sort {
	case SortPrice:
		return s.listQ.ListProductsByPrice(ctx, a)
	case SortPriceDesc:
		return convertRows(s.listQ.ListProductsByPriceDesc(ctx, catalogdb.ListProductsByPriceDescParams(a)))
	case SortName:
		return convertRows(s.listQ.ListProductsByName(ctx, catalogdb.ListProductsByNameParams(a)))
	case SortNameDesc:
		return convertRows(s.listQ.ListProductsByNameDesc(ctx, catalogdb.ListProductsByNameDescParams(a)))
	case SortCreated:
		return convertRows(s.listQ.ListProductsByCreated(ctx, catalogdb.ListProductsByCreatedParams(a)))
	case SortCreatedDesc:
		return convertRows(s.listQ.ListProductsByCreatedDesc(ctx, catalogdb.ListProductsByCreatedDescParams(a)))
	case SortRelevance:
		return convertRows(s.listQ.ListProductsByRelevance(ctx, catalogdb.ListProductsByRelevanceParams(a)))
	}
	return nil, fmt.Errorf("unknown sort %q", sort) // ListParams.Parse lets no other key through
}

// listRow is the shape every sort's row shares.
type listRow = struct {
	ID         int64
	Slug       string
	Name       string
	Price      int64
	OldPrice   *int64
	CategoryID int64
	Sizes      []string
	InStock    bool
	Image      string
	Total      int64
}

func convertRows[R ~listRow](rows []R, err error) ([]catalogdb.ListProductsByPriceRow, error) {
	out := make([]catalogdb.ListProductsByPriceRow, len(rows))
	for i, r := range rows {
		out[i] = catalogdb.ListProductsByPriceRow(r)
	}
	return out, err
}
