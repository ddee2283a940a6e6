package catalog

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

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
	var stored []storedVariant
	if err := json.Unmarshal(r.Variants, &stored); err != nil {
		return Card{}, fmt.Errorf("product %d variants: %w", id, err)
	}
	pictures, err := picturesOf(r.Pictures, r.Name)
	if err != nil {
		return Card{}, fmt.Errorf("product %d: %w", id, err)
	}
	c := Card{
		Summary: Summary{
			ID: r.ID, Slug: r.Slug, Name: r.Name, Price: money.Amount(r.Price), OldPrice: money.FromPtr(r.OldPrice),
			Category: tree.Ref(r.CategoryID), Sizes: []string{},
		},
		Description: r.Description, Images: make([]string, len(pictures)), Pictures: pictures, Attributes: attrs,
		Variants: make([]Variant, len(stored)),
		Meta:     Meta{Title: r.MetaTitle, Description: r.MetaDescription},
	}
	for i, v := range stored {
		c.Variants[i] = v.variant(c.Summary.Price, c.Summary.OldPrice)
	}
	c.summarize()
	for i, p := range pictures {
		c.Images[i] = p.Path
	}
	if len(pictures) > 0 {
		c.Image, c.Picture = pictures[0].Path, &c.Pictures[0]
	}
	return c, nil
}

// storedVariant is a variant as GetActiveProduct returns it: its own price, if any.
type storedVariant struct {
	ID       int64   `json:"id"`
	SKU      string  `json:"sku"`
	Size     *string `json:"size"`
	Height   *string `json:"height"`
	Color    *string `json:"color"`
	Price    *int64  `json:"price"`
	OldPrice *int64  `json:"old_price"`
	Stock    int32   `json:"stock"`
}

// variant is v with the price that applies: its own, else the product's (price, old).
func (v storedVariant) variant(price money.Amount, old *money.Amount) Variant {
	out := Variant{ID: v.ID, SKU: v.SKU, Size: v.Size, Height: v.Height, Color: v.Color, Price: price, OldPrice: old, Stock: v.Stock}
	if v.Price != nil {
		out.Price, out.OldPrice = money.Amount(*v.Price), money.FromPtr(v.OldPrice)
	}
	return out
}

// summarize sets what the card shows of its variants as a whole: the price and old price of the cheapest, the
// stock of all, whether any is in stock, and the sizes in stock. A product with no variant on sale keeps its own
// price and is out of stock.
func (c *Card) summarize() {
	for i, v := range c.Variants {
		if i == 0 || v.Price < c.Price {
			c.Price, c.OldPrice = v.Price, v.OldPrice
		}
		c.Stock += v.Stock
		if v.Stock > 0 {
			c.InStock = true
			if v.Size != nil && !slices.Contains(c.Sizes, *v.Size) {
				c.Sizes = append(c.Sizes, *v.Size) // variants come in size order
			}
		}
	}
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
