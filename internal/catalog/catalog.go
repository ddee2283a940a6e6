// Package catalog owns the store's catalog: the tables categories, products, product_variants, product_images,
// stock_movements and the fur units with their history, which no other package reads or writes (migrations
// 00002, 00008, 00009; docs/moving-parts.md).
//
// Service is the public window (the category tree, listings with filters and sorting, the product card), the
// import of a whole catalog from a file, and what other packages ask of the catalog: the products a cart shows
// (Summaries, Availability) and the stock orders take and give back (TakeStock, ReturnStock, inside the
// caller's transaction). Admin is the back office: categories, products, their stock and pictures, and the
// products.csv export; Handlers and AdminHandlers serve the two over HTTP.
package catalog

import (
	"strconv"

	"github.com/mekhaishuby/furstore/internal/money"
)

// CategoryRef names a category inside a product.
type CategoryRef struct {
	ID   int64  `json:"id"`
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// Summary is a product as listings show it. Image is a path under the media folder ("" when the product has
// no picture), and Picture the same main picture with its variants, size and text (nil when it has none); the
// HTTP layer turns paths into URLs.
type Summary struct {
	ID       int64
	Slug     string
	Name     string
	Price    money.Amount
	OldPrice *money.Amount
	Image    string
	Picture  *Picture
	Category CategoryRef
	InStock  bool
	Sizes    []string // distinct sizes of the variants in stock, in order; empty for one-size products
}

// Variant is a size, height and colour of a product as the card shows it, with the price that applies to it
// (its own, else the product's).
type Variant struct {
	ID       int64
	SKU      string
	Size     *string // the Russian grid ("46"); nil: one size
	Height   *string
	Color    *string
	Price    money.Amount
	OldPrice *money.Amount
	Stock    int32
}

// Card is everything the product page shows.
type Card struct {
	Summary
	Description string
	Images      []string  // paths, main picture first
	Pictures    []Picture // the same pictures, with their variants, sizes and texts
	Attributes  []Attribute
	Stock       int32     // over all variants on sale
	Variants    []Variant // on sale, in size order, then height, then colour
	Meta        Meta      // what staff set a search engine to be shown; else made from the card
}

// Meta is what staff set a search engine to be shown of a page; nil: made from what the page shows.
type Meta struct {
	Title       *string `json:"meta_title"`
	Description *string `json:"meta_description"`
}

// Page is one page of a listing and the number of matches over all pages.
type Page struct {
	Count    int64
	Results  []Summary
	Page     int
	PageSize int
	// Facets and PriceRange are there when the query asked for facets.
	Facets     []any
	PriceRange *PriceRangeJSON
	stamp      stamp // the stock it shows, for the answer cache
}

// Size grids: clothes (40…64, even) and hats (53…62); a variant without a size is one size.
const (
	minClothesSize, maxClothesSize = 40, 64
	minHatSize, maxHatSize         = 53, 62
)

// ValidSize reports whether s is a size of the Russian grid: an even clothes size from 40 to 64, or a hat
// size from 53 to 62.
func ValidSize(s string) bool {
	n, err := strconv.Atoi(s)
	if err != nil || len(s) != 2 {
		return false
	}
	return n >= minClothesSize && n <= maxClothesSize && n%2 == 0 || n >= minHatSize && n <= maxHatSize
}
