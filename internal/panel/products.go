package panel

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/catalog"
)

// productsPageSize is how many products a page of the list shows.
const productsPageSize = 50

type productsPage struct {
	Q, Category, Active string
	InStock, OnSale     string // "true", "false" or "" (either)
	Categories          []categoryOption
	Products            []catalog.StaffSummary
	Total               int64
	Page, Pages         int
	Prev, Next          string // the other pages' addresses; "" at either end
	Error               string
}

type categoryOption struct {
	ID    int64
	Slug  string
	Label string // the name, indented by its depth
}

// products serves GET /admin/products: the staff listing service of GET /api/admin/products, searched (q, in
// the name or the address) and filtered by category (with its subcategories), by being sold or taken off sale,
// by having something in stock, and by a discount (on sale).
func (p *Panel) products(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	d := productsPage{Q: strings.TrimSpace(v.Get("q")), Category: v.Get("category"), Active: v.Get("active"),
		InStock: v.Get("in_stock"), OnSale: v.Get("on_sale")}
	var err error
	if d.Categories, err = p.categoryOptions(r); err != nil {
		return err
	}
	q, err := catalog.ListParams{Category: d.Category, Page: v.Get("page"), PageSize: strconv.Itoa(productsPageSize),
		InStock: yesNo(d.InStock), OnSale: yesNo(d.OnSale)}.Parse()
	f := catalog.ProductFilter{ListQuery: q, Text: d.Q}
	if d.Active == "true" || d.Active == "false" {
		f.IsActive = new(d.Active == "true")
	}
	if utf8.RuneCountInString(d.Q) > 200 {
		d.Error = "Слишком длинный запрос: не больше 200 символов."
	} else if err != nil {
		d.Error = "Нет такой страницы списка."
	} else {
		d.Products, d.Total, err = p.catalog.Products(r.Context(), f)
		if e, ok := apperr.As(err); ok && e.Kind == apperr.NotFound {
			d.Error, err = "Такой категории нет.", nil
		}
		if err != nil {
			return err
		}
	}
	d.Page, d.Pages = f.Page, int((d.Total+productsPageSize-1)/productsPageSize)
	if d.Page > 1 {
		d.Prev = pageURL(v, d.Page-1)
	}
	if d.Page < d.Pages {
		d.Next = pageURL(v, d.Page+1)
	}
	p.render(w, r, http.StatusOK, "products", view{Title: "Товары", Data: d})
	return nil
}

func pageURL(v url.Values, page int) string {
	out := url.Values{}
	for k, vs := range v {
		out[k] = vs
	}
	out.Set("page", strconv.Itoa(page))
	return "/admin/products?" + out.Encode()
}

// categoryOptions are the categories for a select, in the tree's order, each under its parent.
func (p *Panel) categoryOptions(r *http.Request) ([]categoryOption, error) {
	all, err := p.catalog.Categories(r.Context())
	if err != nil {
		return nil, err
	}
	children := map[int64][]catalog.StaffCategory{} // 0: the roots
	for _, c := range all {
		var parent int64
		if c.ParentID != nil {
			parent = *c.ParentID
		}
		children[parent] = append(children[parent], c)
	}
	var out []categoryOption
	var walk func(parent int64, depth int)
	walk = func(parent int64, depth int) {
		for _, c := range children[parent] {
			out = append(out, categoryOption{ID: c.ID, Slug: c.Slug, Label: strings.Repeat("\u00a0\u00a0", depth) + c.Name})
			walk(c.ID, depth+1)
		}
	}
	walk(0, 0)
	return out, nil
}

// yesNo passes on a select's "true" or "false"; anything else is no filter.
func yesNo(v string) string {
	if v == "true" || v == "false" {
		return v
	}
	return ""
}
