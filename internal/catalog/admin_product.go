package catalog

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mekhaishuby/furstore/internal/catalog/internal/catalogdb"
	"github.com/mekhaishuby/furstore/internal/money"
)

// Product is a product with everything staff may see and change, active or not; it is also what the audit log
// records. The public window shows a Card.
type Product struct {
	ID          int64          `json:"id"`
	Slug        string         `json:"slug"`
	Name        string         `json:"name"`
	CategoryID  int64          `json:"category_id"`
	Category    CategoryRef    `json:"category"`
	Price       money.Amount   `json:"price"`
	OldPrice    *money.Amount  `json:"old_price"`
	Stock       int32          `json:"stock"`
	Description string         `json:"description"`
	Attributes  []Attribute    `json:"attributes"`
	IsActive    bool           `json:"is_active"`
	MarkedFur   bool           `json:"marked_fur"`
	Images      []StaffPicture `json:"images"`
	// Variants are every size, height and colour it is sold in, on sale or not, in size order (numeric),
	// then height, then colour. Stock is theirs summed.
	Variants  []StaffVariant `json:"variants"`
	Version   int32          `json:"version"`
	CreatedAt time.Time      `json:"created_at"`
	UpdatedAt time.Time      `json:"updated_at"`
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

// Product returns a product, active or not, with its pictures and variants.
func (a *Admin) Product(ctx context.Context, id int64) (Product, error) {
	return getProduct(ctx, a.s.q, id)
}

func getProduct(ctx context.Context, q *catalogdb.Queries, id int64) (Product, error) {
	r, err := q.AdminGetProduct(ctx, id)
	if errors.Is(err, pgx.ErrNoRows) {
		return Product{}, ErrProductNotFound
	}
	if err != nil {
		return Product{}, fmt.Errorf("get product %d: %w", id, err)
	}
	return withDetails(ctx, q, r)
}

// lockProduct returns a product locked until the transaction ends (see AdminLockProduct).
func lockProduct(ctx context.Context, q *catalogdb.Queries, id int64) (Product, error) {
	r, err := q.AdminLockProduct(ctx, id)
	if errors.Is(err, pgx.ErrNoRows) {
		return Product{}, ErrProductNotFound
	}
	if err != nil {
		return Product{}, fmt.Errorf("lock product %d: %w", id, err)
	}
	return withDetails(ctx, q, catalogdb.AdminGetProductRow(r))
}

// withDetails is the product of r with its pictures and variants.
func withDetails(ctx context.Context, q *catalogdb.Queries, r catalogdb.AdminGetProductRow) (Product, error) {
	p, err := productOf(r)
	if err != nil {
		return Product{}, err
	}
	if p.Images, err = listPictures(ctx, q, r.ID); err != nil {
		return Product{}, err
	}
	variants, err := q.AdminProductVariants(ctx, []int64{r.ID})
	if err != nil {
		return Product{}, fmt.Errorf("variants of product %d: %w", r.ID, err)
	}
	p.Variants = staffVariants(variants, p.Price, p.OldPrice)
	return p, nil
}

func productOf(r catalogdb.AdminGetProductRow) (Product, error) {
	attrs := []Attribute{}
	if err := json.Unmarshal(r.Attributes, &attrs); err != nil {
		return Product{}, fmt.Errorf("product %d attributes: %w", r.ID, err)
	}
	if attrs == nil {
		attrs = []Attribute{}
	}
	return Product{
		ID: r.ID, Slug: r.Slug, Name: r.Name, CategoryID: r.CategoryID,
		Category: CategoryRef{ID: r.CategoryID, Slug: r.CategorySlug, Name: r.CategoryName},
		Price:    money.Amount(r.Price), OldPrice: money.FromPtr(r.OldPrice), Stock: r.Stock, Description: r.Description,
		Attributes: attrs, IsActive: r.IsActive, MarkedFur: r.MarkedFur, Images: []StaffPicture{}, Variants: []StaffVariant{}, Version: r.Version,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
	}, nil
}

// defaultSKU is the SKU of the one variant a product gets when staff or an import name none: unique, since it
// holds the product's id.
func defaultSKU(productID int64) string { return fmt.Sprintf("MS-%06d", productID) }
