package catalog_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mekhaishuby/furstore/internal/apptest"
)

type facetPage struct {
	Count   int `json:"count"`
	Results []struct {
		Slug string `json:"slug"`
	} `json:"results"`
	Facets []struct {
		Slug   string   `json:"slug"`
		Kind   string   `json:"kind"`
		Min    *float64 `json:"min"`
		Max    *float64 `json:"max"`
		Values []struct {
			Slug     string `json:"slug"`
			Count    int    `json:"count"`
			Selected bool   `json:"selected"`
		} `json:"values"`
	} `json:"facets"`
	PriceRange *struct {
		Min *string `json:"min"`
		Max *string `json:"max"`
	} `json:"price_range"`
}

func (p facetPage) slugs() []string {
	out := []string{}
	for _, r := range p.Results {
		out = append(out, r.Slug)
	}
	return out
}

// counts is facet -> value -> count, with "*" marking a selected value.
func (p facetPage) counts() map[string]map[string]int {
	out := map[string]map[string]int{}
	for _, f := range p.Facets {
		out[f.Slug] = map[string]int{}
		for _, v := range f.Values {
			k := v.Slug
			if v.Selected {
				k += "*"
			}
			out[f.Slug][k] = v.Count
		}
	}
	return out
}

// A storefront filters by the attributes staff define, over HTTP, in the query string and in the seed's POST
// body alike, and gets the facets to draw its filter panel from.
func TestFiltersAndFacetsOverHTTP(t *testing.T) {
	s := newCAShop(t)
	s.createAttribute(`{"name":"Мех","slug":"fur","kind":"choice"}`)
	s.createAttribute(`{"name":"Длина","slug":"length","kind":"number","unit":"см"}`)
	s.createAttribute(`{"name":"Капюшон","slug":"hood","kind":"bool"}`)
	// Characteristics of the test catalog's products, as staff would give them.
	for slug, attrs := range map[string]string{
		"shuba-anna":  `[{"name":"Мех","value":"Норка"},{"name":"Длина","value":"110 см"},{"name":"Капюшон","value":"да"}]`,
		"shuba-sobol": `[{"name":"Мех","value":"Соболь"},{"name":"Длина","value":"120 см"},{"name":"Капюшон","value":"нет"}]`,
		"zhaket-vera": `[{"name":"Мех","value":"Кролик"},{"name":"Длина","value":"60 см"}]`,
		"palantin":    `[{"name":"Мех","value":"Норка"},{"name":"мех","value":"норка"}]`, // one value named twice counts once
	} {
		s.call(http.StatusOK, "PATCH", "/api/admin/products/"+strconv.FormatInt(s.ID(slug), 10), `{"attributes":`+attrs+`}`)
	}

	var all facetPage
	s.call(http.StatusOK, "GET", "/api/products?facets=true&sort_by=name", "").JSON(t, &all)
	want := map[string]map[string]int{
		"fur":    {"norka": 3, "sobol": 1, "krolik": 1}, // shuba-elena came with «Мех: Норка»
		"hood":   {"true": 1, "false": 1},
		"length": {},
		"size":   {},
	}
	if diff := cmp.Diff(want, all.counts()); diff != "" {
		t.Errorf("facets of the whole catalog (-want +got):\n%s", diff)
	}
	if all.PriceRange == nil || *all.PriceRange.Min != "16400.00" || *all.PriceRange.Max != "900000.00" {
		t.Errorf("price range %+v", all.PriceRange)
	}

	var norka facetPage
	s.call(http.StatusOK, "GET", "/api/products?facets=true&sort_by=name&filter%5Bfur%5D=norka&filter%5Blength%5D=100..", "").JSON(t, &norka)
	if diff := cmp.Diff([]string{"shuba-anna"}, norka.slugs()); diff != "" {
		t.Errorf("mink of 100 cm and longer (-want +got):\n%s", diff)
	}
	// Each facet counts without its own filter: «fur» with the length filter alone, «length» with fur alone.
	if c := norka.counts()["fur"]; c["norka*"] != 1 || c["sobol"] != 1 || c["krolik"] != 0 {
		t.Errorf("fur facet under a length filter: %v", c)
	}
	for _, f := range norka.Facets {
		if f.Slug == "length" && (f.Min == nil || *f.Min != 110 || *f.Max != 110) {
			t.Errorf("length facet of mink: %v..%v, want 110..110 (the only mink with a length)", f.Min, f.Max)
		}
	}

	var body facetPage
	s.call(http.StatusOK, "POST", "/api/products", `{"category":"zhenshchinam","filter":{"fur":"norka,sobol","hood":"true"},"facets":true}`).JSON(t, &body)
	if diff := cmp.Diff([]string{"shuba-anna"}, body.slugs()); diff != "" {
		t.Errorf("POST with filters (-want +got):\n%s", diff)
	}
	var plain facetPage
	s.call(http.StatusOK, "GET", "/api/products?filter%5Bfur%5D=krolik", "").JSON(t, &plain)
	if plain.Facets != nil || plain.PriceRange != nil || plain.Count != 1 {
		t.Errorf("without facets=true: %+v", plain)
	}

	for _, bad := range []struct{ query, code string }{
		{"filter[nope]=x", "invalid_filter"},
		{"filter[size]=46", "invalid_filter"},
		{"filter[length]=110..70", "invalid_filter"},
		{"filter[length]=..", "invalid_filter"},
		{"filter[length]=long", "invalid_filter"},
		{"filter[hood]=maybe", "invalid_filter"},
		{"facets=yes", "invalid_facets"},
		{"q=" + strings.Repeat("мех", 5000), "invalid_query"},
	} {
		v, _ := url.ParseQuery(bad.query)
		res := s.Do("GET", "/api/products?"+v.Encode(), "")
		if e := apptest.ErrorOf(t, res); res.Status != http.StatusBadRequest || e.Error.Code != bad.code {
			t.Errorf("%.60s → %d %s, want 400 %s", bad.query, res.Status, e.Error.Code, bad.code)
		}
	}
	// Odd but harmless: an ordinary answer.
	for _, q := range []string{"filter[fur]=", "filter[fur]=norka,", "q=!!:*&|", `q="норка" & !соболь`, "q=норка' OR 1=1--"} {
		v, _ := url.ParseQuery(q)
		var p facetPage
		s.call(http.StatusOK, "GET", "/api/products?"+v.Encode(), "").JSON(t, &p)
	}
	// A value no product has (a bookmark after staff renamed it) finds nothing; the value beside it still counts.
	var gone, beside facetPage
	s.call(http.StatusOK, "GET", "/api/products?filter%5Bfur%5D=zzz", "").JSON(t, &gone)
	s.call(http.StatusOK, "GET", "/api/products?filter%5Bfur%5D=zzz,krolik", "").JSON(t, &beside)
	if gone.Count != 0 || beside.Count != 1 {
		t.Errorf("unknown value: %d products; with krolik beside it: %d", gone.Count, beside.Count)
	}
}
