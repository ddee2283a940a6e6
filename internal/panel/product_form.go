package panel

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/mekhaishuby/furstore/internal/catalog"
)

// productForm is the product form as typed: kept as text, so a refused form shows what was typed.
type productForm struct {
	Name, Slug, CategoryID, Price, OldPrice, Description, Version string
	Sizes                                                         string // a new product's sizes, "46, 48"; empty: one size
	Attributes                                                    []attributeRow
	Active, MarkedFur                                             bool
}

type attributeRow struct{ Name, Value string }

// emptyAttributeRows are the blank characteristic rows the form offers below those filled in.
const emptyAttributeRows = 3

func newProductForm() productForm {
	return productForm{Active: true}.withBlankRows()
}

func productFormOf(p catalog.Product) productForm {
	f := productForm{Name: p.Name, Slug: p.Slug, CategoryID: strconv.FormatInt(p.CategoryID, 10), Price: p.Price.String(),
		Description: p.Description, Version: strconv.Itoa(int(p.Version)), Active: p.IsActive, MarkedFur: p.MarkedFur}
	if p.OldPrice != nil {
		f.OldPrice = p.OldPrice.String()
	}
	for _, a := range p.Attributes {
		f.Attributes = append(f.Attributes, attributeRow(a))
	}
	return f.withBlankRows()
}

func (f productForm) withBlankRows() productForm {
	for range emptyAttributeRows {
		f.Attributes = append(f.Attributes, attributeRow{})
	}
	return f
}

// readProductForm reads the posted form. Characteristic rows are the pairs attr_name/attr_value in order.
func readProductForm(r *http.Request) productForm {
	v := r.PostForm
	f := productForm{Name: v.Get("name"), Slug: strings.TrimSpace(v.Get("slug")), CategoryID: v.Get("category_id"),
		Price: v.Get("price"), OldPrice: v.Get("old_price"), Description: strings.ReplaceAll(v.Get("description"), "\r\n", "\n"),
		Version: v.Get("version"), Sizes: v.Get("sizes"), Active: v.Get("is_active") == "on", MarkedFur: v.Get("marked_fur") == "on"}
	names, values := v["attr_name"], v["attr_value"]
	for i := range max(len(names), len(values)) {
		row := attributeRow{Name: at(names, i), Value: at(values, i)}
		if strings.TrimSpace(row.Name) != "" || strings.TrimSpace(row.Value) != "" {
			f.Attributes = append(f.Attributes, row)
		}
	}
	return f
}

func at(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return ""
}

// body is the form as the JSON body of the API's product routes (create, or a change of every field), for
// catalog.ParseProductInput: the form is checked by the API's own rules. Empty rows are left out.
func (f productForm) body(create bool) []byte {
	attrs := []catalog.Attribute{}
	for _, a := range f.Attributes {
		if strings.TrimSpace(a.Name) != "" || strings.TrimSpace(a.Value) != "" {
			attrs = append(attrs, catalog.Attribute{Name: a.Name, Value: a.Value})
		}
	}
	b := map[string]any{"name": f.Name, "description": f.Description, "attributes": attrs,
		"is_active": f.Active, "marked_fur": f.MarkedFur, "old_price": nil}
	if f.Slug != "" {
		b["slug"] = f.Slug
	}
	if id := strings.TrimSpace(f.CategoryID); id != "" || !create {
		b["category_id"] = formNumber(id)
	}
	if p := amountText(f.Price); p != "" || !create {
		b["price"] = p
	}
	if p := amountText(f.OldPrice); p != "" {
		b["old_price"] = p
	}
	if create {
		var variants []map[string]string
		for _, size := range strings.FieldsFunc(f.Sizes, func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
			variants = append(variants, map[string]string{"size": size})
		}
		if variants != nil {
			b["variants"] = variants
		} else {
			b["stock"] = 0 // one size, nothing in stock yet: stock comes with Поступление or the size's row
		}
	} else {
		b["version"] = formNumber(f.Version)
	}
	out, _ := json.Marshal(b) // maps of strings, numbers and booleans
	return out
}

// formNumber is a whole number typed into a form, or -1 (which the API's checks refuse) when it is not one.
func formNumber(s string) int64 {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil {
		return -1
	}
	return n
}

// amountText is an amount as staff type it ("16 400,50 ₽") as the API reads it ("16400.50").
func amountText(s string) string {
	s = strings.NewReplacer(" ", "", "\u00a0", "", "₽", "", ",", ".").Replace(s)
	return strings.TrimSpace(s)
}
