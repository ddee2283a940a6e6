package catalog

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/money"
)

// ErrProductNotFound answers an id or slug that names no product (in the public catalog: no active one). It is
// the one definition: the cart and the order return it as it is, so a client hears the same 404 whichever way
// it asked.
var ErrProductNotFound = apperr.New(apperr.NotFound, "product_not_found", "no such product")

// Product returns the card of an active product.
func (s *Service) Product(ctx context.Context, id int64) (Card, error) {
	r, err := s.q.GetActiveProduct(ctx, id)
	if errors.Is(err, pgx.ErrNoRows) {
		return Card{}, ErrProductNotFound
	}
	if err != nil {
		return Card{}, fmt.Errorf("get product %d: %w", id, err)
	}
	tree, err := s.Tree(ctx)
	if err != nil {
		return Card{}, err
	}
	var attrs []Attribute
	if err := json.Unmarshal(r.Attributes, &attrs); err != nil {
		return Card{}, fmt.Errorf("product %d attributes: %w", id, err)
	}
	c := Card{
		Summary: Summary{
			ID: r.ID, Slug: r.Slug, Name: r.Name, Price: money.Amount(r.Price), OldPrice: money.FromPtr(r.OldPrice),
			Category: tree.Ref(r.CategoryID), InStock: r.Stock > 0,
		},
		Description: r.Description, Images: r.Images, Attributes: attrs, Stock: r.Stock,
	}
	if len(r.Images) > 0 {
		c.Image = r.Images[0]
	}
	return c, nil
}

// ProductBySlug returns the card of an active product found by its slug.
func (s *Service) ProductBySlug(ctx context.Context, slug string) (Card, error) {
	if !slugPattern.MatchString(slug) || len(slug) > maxNameLen {
		return Card{}, ErrProductNotFound // no product has such a slug; and bytes like %ff never reach SQL
	}
	id, err := s.q.GetActiveProductIDBySlug(ctx, slug)
	if errors.Is(err, pgx.ErrNoRows) {
		return Card{}, ErrProductNotFound
	}
	if err != nil {
		return Card{}, fmt.Errorf("get product %q: %w", slug, err)
	}
	return s.Product(ctx, id)
}
