// Package catalog owns the store's catalog: the tables categories, products, product_images and
// stock_movements, which no other package reads or writes (migration 00002; docs/moving-parts.md).
//
// Service is the public window (the category tree, listings with filters and sorting, the product card), the
// import of a whole catalog from a file, and what other packages ask of the catalog: the products a cart shows
// (Summaries, Availability) and the stock orders take and give back (TakeStock, ReturnStock, inside the
// caller's transaction). Admin is the back office: categories, products, their stock and pictures, and the
// products.csv export; Handlers and AdminHandlers serve the two over HTTP.
package catalog

import (
	"github.com/mekhaishuby/furstore/internal/money"
)

// CategoryRef names a category inside a product.
type CategoryRef struct {
	ID   int64  `json:"id"`
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// Summary is a product as listings show it. Image is a path under the media folder ("" when the product has
// no picture); the HTTP layer turns paths into URLs.
type Summary struct {
	ID       int64
	Slug     string
	Name     string
	Price    money.Amount
	OldPrice *money.Amount
	Image    string
	Category CategoryRef
	InStock  bool
}

// Card is everything the product page shows.
type Card struct {
	Summary
	Description string
	Images      []string // paths, main picture first
	Attributes  []Attribute
	Stock       int32
}

// Page is one page of a listing and the number of matches over all pages.
type Page struct {
	Count    int64
	Results  []Summary
	Page     int
	PageSize int
}
