package catalog

import (
	"github.com/mekhaishuby/furstore/internal/money"
)

// ImportFile is the catalog file that `furstore import-catalog FILE` reads; docs/catalog-import.md describes it
// for the people who write one. Categories refer to their parent by slug, products to their category by slug,
// and both are known by their own slug: importing a file again updates what it names and never duplicates.
type ImportFile struct {
	// Attributes are typed characteristics the file defines; products' pairs of their names link to them.
	Attributes []ImportAttribute `json:"attributes,omitempty"`
	Categories []ImportCategory  `json:"categories"`
	Products   []ImportProduct   `json:"products"`
}

// ImportAttribute is a typed characteristic an ImportFile defines (AttributeDef), known by its slug: importing
// it again makes it as the file says. Choice values need no listing: they are made as products name them.
type ImportAttribute struct {
	Slug       string  `json:"slug"`
	Name       string  `json:"name"`
	Kind       string  `json:"kind"`                 // choice, number or bool
	Unit       *string `json:"unit,omitempty"`       // a number's, e.g. "см"
	Filterable *bool   `json:"filterable,omitempty"` // offered as a filter; absent means true
	Position   int32   `json:"position,omitempty"`
}

// ImportCategory is one category of an ImportFile.
type ImportCategory struct {
	Slug     string `json:"slug"`
	Name     string `json:"name"`
	Parent   string `json:"parent,omitempty"`   // the parent's slug; empty for a top-level category
	Position int32  `json:"position,omitempty"` // order among its siblings (then by name)
	// MetaTitle and MetaDescription are what search engines are shown of its page; absent keeps what is set
	// (else the page's own are made from its place in the tree).
	MetaTitle       *string `json:"meta_title,omitempty"`
	MetaDescription *string `json:"meta_description,omitempty"`
}

// ImportProduct is one product of an ImportFile.
type ImportProduct struct {
	Slug        string        `json:"slug"`
	Name        string        `json:"name"`
	Category    string        `json:"category"`            // the category's slug
	Price       money.Amount  `json:"price"`               // its variants' unless they have their own
	OldPrice    *money.Amount `json:"old_price,omitempty"` // the price before a sale, shown struck through
	Stock       int32         `json:"stock"`               // with Variants: their sum, or left out (0)
	Description string        `json:"description,omitempty"`
	IsActive    *bool         `json:"is_active,omitempty"`  // absent means true
	MarkedFur   bool          `json:"marked_fur,omitempty"` // a natural-fur garment that needs a КИЗ marking
	Attributes  []Attribute   `json:"attributes,omitempty"` // characteristics, in display order
	// MetaTitle and MetaDescription are what search engines are shown of its page; absent keeps what is set
	// (else they are made from the name, price and description).
	MetaTitle       *string `json:"meta_title,omitempty"`
	MetaDescription *string `json:"meta_description,omitempty"`
	// Images are picture files, relative to the catalog file's folder; the first is the main picture. JPEG,
	// PNG and WebP are accepted (checked by decoding, not by name).
	Images []string `json:"images,omitempty"`
	// Variants are the sizes, heights and colours it is sold in, each with its own stock; without them it is
	// sold as one variant, one size, with Price and Stock.
	Variants []ImportVariant `json:"variants,omitempty"`
}

// ImportVariant is one size, height and colour of an ImportProduct. A variant is known by its product and its
// size, height and colour: importing it again updates it.
type ImportVariant struct {
	SKU      string        `json:"sku,omitempty"`       // unique store-wide; empty: one is made (a variant's own stays)
	Size     *string       `json:"size,omitempty"`      // "40"…"64" (even) for clothes, "53"…"62" for hats; nil: one size
	Height   *string       `json:"height,omitempty"`    // рост, e.g. "164-170"
	Color    *string       `json:"color,omitempty"`     // e.g. "чёрный"
	Price    *money.Amount `json:"price,omitempty"`     // nil: the product's price and old price apply
	OldPrice *money.Amount `json:"old_price,omitempty"` // above Price, which it needs
	Stock    *int32        `json:"stock,omitempty"`     // nil: as many as KIZ lists
	// KIZ are the codes of a marked product's pieces of this variant, one unit each; a Stock above their number
	// adds pieces whose code is not known yet.
	KIZ []string `json:"kiz,omitempty"`
}

// stock is the variant's stock: the one given, else one per code.
func (v ImportVariant) stock() int32 {
	if v.Stock != nil {
		return *v.Stock
	}
	return int32(len(v.KIZ))
}

// kind names the variant for people (StaffVariant.kind).
func (v ImportVariant) kind() string { return variantKind(v.Size, v.Height, v.Color) }

// variants are the product's variants: those the file lists, or the one made of its price and stock.
func (p ImportProduct) variants() []ImportVariant {
	if p.Variants != nil {
		return p.Variants
	}
	return []ImportVariant{{Stock: &p.Stock}}
}

// Attribute is one characteristic of a product, e.g. {"name": "Мех", "value": "Норка"}.
type Attribute struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}
