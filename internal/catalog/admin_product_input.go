package catalog

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/text"
)

// productBody is the JSON body of POST /api/admin/products and PATCH /api/admin/products/{id}.
type productBody struct {
	Name        optional[string]          `json:"name"`
	Slug        optional[string]          `json:"slug"`
	CategoryID  optional[int64]           `json:"category_id"`
	Price       optional[json.RawMessage] `json:"price"`
	OldPrice    optional[json.RawMessage] `json:"old_price"`
	Stock       optional[int64]           `json:"stock"`
	Description optional[string]          `json:"description"`
	Attributes  optional[[]Attribute]     `json:"attributes"`
	IsActive    optional[bool]            `json:"is_active"`
	MarkedFur   optional[bool]            `json:"marked_fur"`
	Version     optional[int64]           `json:"version"`  // PATCH only
	Variants    optional[[]variantBody]   `json:"variants"` // POST only
}

// input checks every field on its own and returns the product input, or one error naming every bad field.
// A new product needs a name, a category, a price and a stock: left out, a price or a stock would read as
// zero, a coat given away or sold out by mistake. One sold in several variants gives them instead of the stock
// (each its own); a stock given with them must be their sum.
func (b productBody) input(create bool) (ProductInput, error) {
	var c checker
	var in ProductInput
	withVariants := false
	if create {
		if b.Version.Set {
			c.Add("unknown_field", "version", "is not a field of this request: a new product starts at version 1")
		}
		b.Slug, b.OldPrice = orAbsent(b.Slug), orAbsent(b.OldPrice)
		if withVariants = present(&c, "variants", b.Variants, false); withVariants {
			in.Variants = c.newVariants(b.Variants.V)
			if b.Stock.Set && !b.Stock.Null {
				c.stockIsSum(b.Stock.V, in.Variants)
			}
			b.Stock = optional[int64]{} // the variants' own
		}
	} else if b.Variants.Set {
		c.Add("unknown_field", "variants", "is not a field of this request: change variants with /api/admin/products/{id}/variants and /api/admin/variants/{id}")
	}
	in.Name = c.name(b.Name, MaxProductName, create)
	in.Slug = c.slug(b.Slug)
	if create {
		c.slugFromName(in.Slug, in.Name)
	}
	in.CategoryID = c.number("category_id", b.CategoryID, 1, 1<<62, create)
	if present(&c, "price", b.Price, create) {
		in.Price = c.amount("price", b.Price.V)
	}
	if b.OldPrice.Set && b.OldPrice.Null {
		in.ClearOldPrice = true
	} else if b.OldPrice.Set {
		in.OldPrice = c.amount("old_price", b.OldPrice.V)
	}
	in.Stock = int32Of(c.number("stock", b.Stock, 0, MaxStock, create && !withVariants))
	if present(&c, "description", b.Description, false) {
		if utf8.RuneCountInString(b.Description.V) > maxDescription || text.Multiline(b.Description.V) != nil {
			c.Add("invalid_description", "description", fmt.Sprintf("must be at most %d characters, without control characters other than line breaks and tabs", maxDescription))
		} else {
			in.Description = &b.Description.V
		}
	}
	if present(&c, "attributes", b.Attributes, false) {
		in.Attributes = c.attributes(b.Attributes.V)
	}
	if present(&c, "is_active", b.IsActive, false) {
		in.IsActive = &b.IsActive.V
	}
	if present(&c, "marked_fur", b.MarkedFur, false) {
		in.MarkedFur = &b.MarkedFur.V
	}
	if !create {
		in.Version = int32Of(c.number("version", b.Version, 1, 1<<31-1, false))
	}
	return in, c.Err()
}

func (c *checker) amount(name string, raw json.RawMessage) *money.Amount {
	a, problem := parseAmount(raw)
	if problem != "" {
		c.Add("invalid_price", name, problem)
		return nil
	}
	return &a
}

// attributes returns the characteristics trimmed, each name and value 1 to maxNameLen characters.
func (c *checker) attributes(attrs []Attribute) *[]Attribute {
	if len(attrs) > maxAttributes {
		c.Add("invalid_attributes", "attributes", fmt.Sprintf("at most %d characteristics", maxAttributes))
		return nil
	}
	out := make([]Attribute, len(attrs))
	for i, a := range attrs {
		out[i] = Attribute{Name: strings.TrimSpace(a.Name), Value: strings.TrimSpace(a.Value)}
		for _, s := range []string{out[i].Name, out[i].Value} {
			if n := utf8.RuneCountInString(s); n == 0 || n > maxNameLen || text.Line(s) != nil {
				c.Add("invalid_attributes", fmt.Sprintf("attributes[%d]", i),
					fmt.Sprintf("name and value must each be 1 to %d characters, without control characters", maxNameLen))
			}
		}
	}
	return &out
}

// newVariants checks a new product's variants: each on its own, and no two with the same size, height and
// colour or the same SKU.
func (c *checker) newVariants(bodies []variantBody) []VariantInput {
	switch {
	case len(bodies) == 0:
		c.Add("invalid_variants", "variants", "list at least one variant, or leave variants out for one variant from price and stock")
		return nil
	case len(bodies) > maxVariants:
		c.Add("invalid_variants", "variants", fmt.Sprintf("at most %d variants", maxVariants))
		return nil
	}
	out := make([]VariantInput, len(bodies))
	kinds := make(map[string]int, len(bodies))
	skus := make(map[string]int, len(bodies))
	codes := make(map[string]string) // КИЗ → where it was first given
	for i, b := range bodies {
		prefix := fmt.Sprintf("variants[%d].", i)
		out[i] = b.input(c, variantOfNew, prefix)
		for k, code := range out[i].KIZ {
			at := fmt.Sprintf("%skiz[%d]", prefix, k)
			if first, seen := codes[code]; seen && !strings.HasPrefix(first, prefix) {
				c.Add("duplicate_kiz", at, fmt.Sprintf("repeats %s: each piece has its own КИЗ", first))
			} else if !seen {
				codes[code] = at
			}
		}
		v := out[i].applyTo(StaffVariant{})
		if j, seen := kinds[v.kind()]; seen {
			c.Add("duplicate_variant", prefix+"size", fmt.Sprintf("variants[%d] is %s too: one variant per size, height and colour", j, v.kind()))
		} else {
			kinds[v.kind()] = i
		}
		if v.SKU == "" {
			continue
		}
		if j, seen := skus[v.SKU]; seen {
			c.Add("duplicate_sku", prefix+"sku", fmt.Sprintf("repeats variants[%d].sku: a SKU is unique store-wide", j))
		} else {
			skus[v.SKU] = i
		}
	}
	return out
}

// stockIsSum notes a product's stock given with its variants that is not their sum.
func (c *checker) stockIsSum(stock int64, variants []VariantInput) {
	var sum int64
	for _, v := range variants {
		if v.Stock != nil {
			sum += int64(*v.Stock)
		} else {
			sum += int64(len(v.KIZ))
		}
	}
	if stock != sum {
		c.Add("invalid_stock", "stock", fmt.Sprintf("must be the sum of the variants' stock, %d, or left out", sum))
	}
}
