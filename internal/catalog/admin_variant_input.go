package catalog

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/text"
)

// variantBody is the JSON body of POST /api/admin/products/{id}/variants and PATCH /api/admin/variants/{id},
// and one of the "variants" of POST /api/admin/products.
type variantBody struct {
	SKU      optional[string]          `json:"sku"`
	Size     optional[string]          `json:"size"`
	Height   optional[string]          `json:"height"`
	Color    optional[string]          `json:"color"`
	Price    optional[json.RawMessage] `json:"price"`
	OldPrice optional[json.RawMessage] `json:"old_price"`
	Stock    optional[int64]           `json:"stock"`
	IsActive optional[bool]            `json:"is_active"`
	KIZ      optional[[]string]        `json:"kiz"` // a new product's variants only
}

// variantUse is where a variantBody comes from.
type variantUse int

const (
	variantAdded   variantUse = iota // POST /api/admin/products/{id}/variants
	variantChanged                   // PATCH /api/admin/variants/{id}
	variantOfNew                     // one of a new product's "variants"
)

// input checks every field on its own, noting each problem in c under the field's name after prefix
// ("variants[2]." in a new product's list), and returns the variant input.
func (b variantBody) input(c *checker, use variantUse, prefix string) VariantInput {
	var in VariantInput
	if b.SKU.Null && use != variantChanged {
		b.SKU = optional[string]{} // null: make one
	}
	if present(c, prefix+"sku", b.SKU, false) {
		if s := strings.TrimSpace(b.SKU.V); skuPattern.MatchString(s) {
			in.SKU = &s
		} else {
			c.Add("invalid_sku", prefix+"sku", "must be 1 to 64 latin letters, digits and . _ / -, starting with a letter or a digit")
		}
	}
	in.Size = nullableText(c, b.Size, prefix+"size", "invalid_size", func(s string) string {
		if ValidSize(s) {
			return ""
		}
		return `must be a size of the Russian grid as a string ("40" to "64", even, for clothes; "53" to "62" for hats), or null for one size`
	})
	in.Height = nullableText(c, b.Height, prefix+"height", "invalid_height", func(s string) string {
		if n := utf8.RuneCountInString(s); n == 0 || n > maxHeightLen || text.Line(s) != nil {
			return fmt.Sprintf(`must be 1 to %d characters on one line (e.g. "164-170"), or null`, maxHeightLen)
		}
		return ""
	})
	in.Color = nullableText(c, b.Color, prefix+"color", "invalid_color", func(s string) string {
		if n := utf8.RuneCountInString(s); n == 0 || n > maxColorLen || text.Name(s) != nil {
			return fmt.Sprintf("must be 1 to %d characters on one line, without control or invisible characters, or null", maxColorLen)
		}
		return ""
	})
	for _, f := range []struct {
		name string
		raw  optional[json.RawMessage]
		dst  *nullable[money.Amount]
	}{{"price", b.Price, &in.Price}, {"old_price", b.OldPrice, &in.OldPrice}} {
		switch {
		case f.raw.Null:
			*f.dst = nullable[money.Amount]{Set: true}
		case f.raw.Set:
			if a := c.amount(prefix+f.name, f.raw.V); a != nil {
				*f.dst = nullable[money.Amount]{Set: true, V: a}
			}
		}
	}
	if present(c, prefix+"stock", b.Stock, false) {
		if b.Stock.V < 0 || b.Stock.V > MaxStock {
			c.Add("invalid_stock", prefix+"stock", fmt.Sprintf("must be a whole number from 0 to %d", MaxStock))
		} else {
			in.Stock = int32Of(&b.Stock.V)
		}
	}
	if present(c, prefix+"is_active", b.IsActive, false) {
		in.IsActive = &b.IsActive.V
	}
	switch {
	case b.KIZ.Set && use != variantOfNew:
		c.Add("unknown_field", prefix+"kiz", "is not a field of this request: receive units with POST /api/admin/variants/{id}/units")
	case present(c, prefix+"kiz", b.KIZ, false):
		in.KIZ = c.codes(prefix+"kiz", b.KIZ.V)
		if in.Stock != nil && int(*in.Stock) < len(in.KIZ) {
			c.Add("invalid_stock", prefix+"stock", fmt.Sprintf("must be at least the number of codes, %d (pieces without a code yet may come on top)", len(in.KIZ)))
		}
	}
	return in
}

// nullableText returns a text field trimmed, cleared by null, or noted as code when bad says what is wrong.
func nullableText(c *checker, f optional[string], field, code string, bad func(string) string) nullable[string] {
	switch {
	case f.Null:
		return nullable[string]{Set: true}
	case !f.Set:
		return nullable[string]{}
	}
	s := strings.TrimSpace(f.V)
	if problem := bad(s); problem != "" {
		c.Add(code, field, problem)
		return nullable[string]{}
	}
	return nullable[string]{Set: true, V: &s}
}

// codes returns the КИЗ of a variant's pieces trimmed, noting each that is malformed or given twice.
func (c *checker) codes(field string, codes []string) []string {
	if len(codes) > MaxStock {
		c.Add("invalid_kiz", field, fmt.Sprintf("at most %d codes", MaxStock))
		return nil
	}
	out := make([]string, len(codes))
	first := make(map[string]int, len(codes))
	for i, code := range codes {
		code = strings.TrimSpace(code)
		out[i] = code
		at := fmt.Sprintf("%s[%d]", field, i)
		if !unitCode.MatchString(code) {
			c.Add("invalid_kiz", at, "must be a КИЗ like "+unitCodeExample)
		} else if j, seen := first[code]; seen {
			c.Add("duplicate_kiz", at, fmt.Sprintf("repeats %s[%d]: each piece has its own КИЗ", field, j))
		} else {
			first[code] = i
		}
	}
	return out
}
