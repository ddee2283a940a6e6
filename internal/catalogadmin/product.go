package catalogadmin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/imageadmin"
	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/store/db"
)

// Product is a product with everything staff may see and change; it is also what the audit log records.
type Product struct {
	ID          int64               `json:"id"`
	Slug        string              `json:"slug"`
	Name        string              `json:"name"`
	CategoryID  int64               `json:"category_id"`
	Category    catalog.CategoryRef `json:"category"`
	Price       money.Amount        `json:"price"`
	OldPrice    *money.Amount       `json:"old_price"`
	Stock       int32               `json:"stock"`
	Description string              `json:"description"`
	Attributes  []catalog.Attribute `json:"attributes"`
	IsActive    bool                `json:"is_active"`
	MarkedFur   bool                `json:"marked_fur"`
	Images      []imageadmin.Image  `json:"images"`
	Version     int32               `json:"version"`
	CreatedAt   time.Time           `json:"created_at"`
	UpdatedAt   time.Time           `json:"updated_at"`
}

// sameContent reports whether a change would leave the product as it is (version and times aside).
func (p Product) sameContent(o Product) bool {
	return p.Slug == o.Slug && p.Name == o.Name && p.CategoryID == o.CategoryID && p.Price == o.Price &&
		sameAmount(p.OldPrice, o.OldPrice) && p.Stock == o.Stock && p.Description == o.Description &&
		slices.Equal(p.Attributes, o.Attributes) && p.IsActive == o.IsActive && p.MarkedFur == o.MarkedFur
}

func sameAmount(a, b *money.Amount) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}

var errProductNotFound = apperr.New(apperr.NotFound, "product_not_found", "no such product")

// Product returns a product, active or not, with its pictures.
func (s *Service) Product(ctx context.Context, id int64) (Product, error) {
	return getProduct(ctx, s.q, id)
}

func getProduct(ctx context.Context, q *db.Queries, id int64) (Product, error) {
	r, err := q.AdminGetProduct(ctx, id)
	if errors.Is(err, pgx.ErrNoRows) {
		return Product{}, errProductNotFound
	}
	if err != nil {
		return Product{}, fmt.Errorf("get product %d: %w", id, err)
	}
	return withImages(ctx, q, r)
}

// lockProduct returns a product locked until the transaction ends (see AdminLockProduct).
func lockProduct(ctx context.Context, q *db.Queries, id int64) (Product, error) {
	r, err := q.AdminLockProduct(ctx, id)
	if errors.Is(err, pgx.ErrNoRows) {
		return Product{}, errProductNotFound
	}
	if err != nil {
		return Product{}, fmt.Errorf("lock product %d: %w", id, err)
	}
	return withImages(ctx, q, db.AdminGetProductRow(r))
}

func withImages(ctx context.Context, q *db.Queries, r db.AdminGetProductRow) (Product, error) {
	p, err := productOf(r)
	if err != nil {
		return Product{}, err
	}
	if p.Images, err = imageadmin.List(ctx, q, r.ID); err != nil {
		return Product{}, err
	}
	return p, nil
}

func productOf(r db.AdminGetProductRow) (Product, error) {
	attrs := []catalog.Attribute{}
	if err := json.Unmarshal(r.Attributes, &attrs); err != nil {
		return Product{}, fmt.Errorf("product %d attributes: %w", r.ID, err)
	}
	if attrs == nil {
		attrs = []catalog.Attribute{}
	}
	return Product{
		ID: r.ID, Slug: r.Slug, Name: r.Name, CategoryID: r.CategoryID,
		Category: catalog.CategoryRef{ID: r.CategoryID, Slug: r.CategorySlug, Name: r.CategoryName},
		Price:    money.Amount(r.Price), OldPrice: money.FromPtr(r.OldPrice), Stock: r.Stock, Description: r.Description,
		Attributes: attrs, IsActive: r.IsActive, MarkedFur: r.MarkedFur, Images: []imageadmin.Image{}, Version: r.Version,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
	}, nil
}
