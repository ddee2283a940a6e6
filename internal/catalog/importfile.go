package catalog

import (
	"github.com/mekhaishuby/furstore/internal/money"
)

// ImportFile is the catalog file that `furstore import-catalog FILE` reads; docs/catalog-import.md describes it
// for the people who write one. Categories refer to their parent by slug, products to their category by slug,
// and both are known by their own slug: importing a file again updates what it names and never duplicates.
type ImportFile struct {
	Categories []ImportCategory `json:"categories"`
	Products   []ImportProduct  `json:"products"`
}

// ImportCategory is one category of an ImportFile.
type ImportCategory struct {
	Slug     string `json:"slug"`
	Name     string `json:"name"`
	Parent   string `json:"parent,omitempty"`   // the parent's slug; empty for a top-level category
	Position int32  `json:"position,omitempty"` // order among its siblings (then by name)
}

// ImportProduct is one product of an ImportFile.
type ImportProduct struct {
	Slug        string        `json:"slug"`
	Name        string        `json:"name"`
	Category    string        `json:"category"` // the category's slug
	Price       money.Amount  `json:"price"`
	OldPrice    *money.Amount `json:"old_price,omitempty"` // the price before a sale, shown struck through
	Stock       int32         `json:"stock"`
	Description string        `json:"description,omitempty"`
	IsActive    *bool         `json:"is_active,omitempty"`  // absent means true
	MarkedFur   bool          `json:"marked_fur,omitempty"` // a natural-fur garment that needs a КИЗ marking
	Attributes  []Attribute   `json:"attributes,omitempty"` // characteristics, in display order
	// Images are picture files, relative to the catalog file's folder; the first is the main picture. JPEG,
	// PNG and WebP are accepted (checked by decoding, not by name).
	Images []string `json:"images,omitempty"`
}

// Attribute is one characteristic of a product, e.g. {"name": "Мех", "value": "Норка"}.
type Attribute struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}
