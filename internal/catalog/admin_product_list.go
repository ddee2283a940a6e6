package catalog

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/catalog/internal/catalogdb"
	"github.com/mekhaishuby/furstore/internal/money"
)

// ProductFilter narrows the back office listing: the public catalog's filters and page (Category is a slug and
// covers its subtree), plus IsActive (nil: both) and Text, matched case-insensitively inside the name or the slug.
type ProductFilter struct {
	ListQuery
	IsActive *bool
	Text     string
}

// StaffSummary is a product as the back office listing shows it, active or not (the public listing shows a
// Summary). Image is the main picture's path under the media folder, "" when there is none.
type StaffSummary struct {
	ID         int64         `json:"id"`
	Slug       string        `json:"slug"`
	Name       string        `json:"name"`
	CategoryID int64         `json:"category_id"`
	Category   CategoryRef   `json:"category"`
	Price      money.Amount  `json:"price"`
	OldPrice   *money.Amount `json:"old_price"`
	Stock      int32         `json:"stock"`
	IsActive   bool          `json:"is_active"`
	MarkedFur  bool          `json:"marked_fur"`
	Image      string        `json:"-"` // the handlers show its URL
	Version    int32         `json:"version"`
	CreatedAt  time.Time     `json:"created_at"`
	UpdatedAt  time.Time     `json:"updated_at"`
}

// Products returns one page of products, inactive ones included, and how many match over all pages. The
// category's subtree comes from the tree in memory.
func (a *Admin) Products(ctx context.Context, f ProductFilter) ([]StaffSummary, int64, error) {
	args := catalogdb.AdminListProductsParams{MinPrice: f.MinPrice.Kopecks(), MaxPrice: f.MaxPrice.Kopecks(), IsActive: f.IsActive,
		InStock: f.InStock, OnSale: f.OnSale,
		Sort: f.Sort, PageSize: int32(f.PageSize), Skip: int32((f.Page - 1) * f.PageSize)}
	if f.Category != "" {
		tree, err := a.s.Tree(ctx)
		if err != nil {
			return nil, 0, err
		}
		c, ok := tree.BySlug(f.Category)
		if !ok {
			return nil, 0, apperr.New(apperr.NotFound, "category_not_found", fmt.Sprintf("no category with the slug %q", f.Category))
		}
		args.CategoryIds = tree.SubtreeIDs(c)
	}
	if f.Text != "" {
		pattern := "%" + likeEscaper.Replace(f.Text) + "%"
		args.Pattern = &pattern
	}
	rows, err := a.s.listQ.AdminListProducts(ctx, args) // its filters come and go: planned per call
	if err != nil {
		return nil, 0, fmt.Errorf("list products: %w", err)
	}
	out := make([]StaffSummary, len(rows))
	var total int64
	for i, r := range rows {
		total = r.Total
		out[i] = StaffSummary{ID: r.ID, Slug: r.Slug, Name: r.Name, CategoryID: r.CategoryID,
			Category: CategoryRef{ID: r.CategoryID, Slug: r.CategorySlug, Name: r.CategoryName},
			Price:    money.Amount(r.Price), OldPrice: money.FromPtr(r.OldPrice), Stock: r.Stock, IsActive: r.IsActive,
			MarkedFur: r.MarkedFur, Image: r.Image, Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
	}
	return out, total, nil
}

// likeEscaper makes text match itself in a LIKE pattern with ESCAPE '\': "100%" finds "100%", not "1000".
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
