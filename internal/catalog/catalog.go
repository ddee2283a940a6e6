// Package catalog is the store's window: the category tree, product listings with filters and sorting, the
// product card, and the import of a whole catalog from a file.
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
