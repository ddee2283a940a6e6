package catalogadmin

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/store/db"
)

// ProductFilter narrows the back office listing: the public catalog's filters (Category is a slug and covers
// its subtree), plus IsActive (nil: both) and Text, matched case-insensitively inside the name or the slug.
type ProductFilter struct {
	Category string
	MinPrice money.Amount
	MaxPrice money.Amount
	Sort     string // one of catalog.Sort…
	IsActive *bool
	Text     string
	Page     int
	PageSize int
}

// ProductSummary is a product as the back office listing shows it. Image is the main picture's path under
// the media folder, "" when there is none.
type ProductSummary struct {
	ID         int64
	Slug       string
	Name       string
	CategoryID int64
	Category   catalog.CategoryRef
	Price      money.Amount
	OldPrice   *money.Amount
	Stock      int32
	IsActive   bool
	MarkedFur  bool
	Image      string
	Version    int32
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Products returns one page of products, inactive ones included, and how many match over all pages.
func (s *Service) Products(ctx context.Context, f ProductFilter) ([]ProductSummary, int64, error) {
	args := db.AdminListProductsParams{MinPrice: f.MinPrice.Kopecks(), MaxPrice: f.MaxPrice.Kopecks(), IsActive: f.IsActive,
		Sort: f.Sort, PageSize: int32(f.PageSize), Skip: int32((f.Page - 1) * f.PageSize)}
	if f.Category != "" {
		if strings.Trim(f.Category, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
			return nil, 0, unknownCategorySlug(f.Category) // no slug holds such characters; NUL never reaches SQL
		}
		ids, err := s.q.AdminCategorySubtree(ctx, f.Category)
		if err != nil {
			return nil, 0, fmt.Errorf("category subtree %q: %w", f.Category, err)
		}
		if len(ids) == 0 {
			return nil, 0, unknownCategorySlug(f.Category)
		}
		args.CategoryIds = ids
	}
	if f.Text != "" {
		pattern := "%" + likeEscaper.Replace(f.Text) + "%"
		args.Pattern = &pattern
	}
	rows, err := s.q.AdminListProducts(ctx, args)
	if err != nil {
		return nil, 0, fmt.Errorf("list products: %w", err)
	}
	out := make([]ProductSummary, len(rows))
	var total int64
	for i, r := range rows {
		total = r.Total
		out[i] = ProductSummary{ID: r.ID, Slug: r.Slug, Name: r.Name, CategoryID: r.CategoryID,
			Category: catalog.CategoryRef{ID: r.CategoryID, Slug: r.CategorySlug, Name: r.CategoryName},
			Price:    money.Amount(r.Price), OldPrice: money.FromPtr(r.OldPrice), Stock: r.Stock, IsActive: r.IsActive,
			MarkedFur: r.MarkedFur, Image: r.Image, Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
	}
	return out, total, nil
}

// likeEscaper makes text match itself in a LIKE pattern with ESCAPE '\': "100%" finds "100%", not "1000".
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

func unknownCategorySlug(s string) error {
	return apperr.New(apperr.NotFound, "category_not_found", fmt.Sprintf("no category with the slug %q", s))
}
