package catalog_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mekhaishuby/furstore/internal/apptest"
	"github.com/mekhaishuby/furstore/internal/catalog"
)

// Search in Russian on the listing routes (issue 12): word forms, ё = е, prefixes, a typo in a name, the name
// weighing more than the description, inactive products never, and every listing filter still applying.
func TestSearch(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	s.Exec(`UPDATE products SET description = 'Лёгкий жакет, отделка из норки.' WHERE slug = 'zhaket-olga'`)
	s.Exec(`UPDATE products SET description = 'Жакет из норки.' WHERE slug = 'zhaket-hidden'`)
	search := func(query string) []string {
		t.Helper()
		res := s.Do("GET", "/api/products?"+query, "")
		if res.Status != http.StatusOK {
			t.Fatalf("GET /api/products?%s → %d %s", query, res.Status, res.Body)
		}
		var p page
		res.JSON(t, &p)
		if p.Count != len(p.Results) && !strings.Contains(query, "page_size") {
			t.Errorf("%s: count %d for %d results on one page", query, p.Count, len(p.Results))
		}
		return p.slugs()
	}
	q := func(text string) string { return "q=" + url.QueryEscape(text) }
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{q("норковые шубы"), []string{"shuba-anna", "shuba-elena"}},                          // word forms
		{q("НОРКОВАЯ ШУБА"), []string{"shuba-anna", "shuba-elena"}},                          // case
		{q("нор шуб"), []string{"shuba-anna", "shuba-elena"}},                                // prefixes
		{q("норкавая шуба"), []string{"shuba-anna", "shuba-elena"}},                          // a typo in a name
		{q("соболья"), []string{"shuba-sobol"}},                                              //
		{q("легкий жакет"), []string{"zhaket-olga"}},                                         // ё = е, the description
		{q("шуба") + "&category=sobolya", []string{"shuba-sobol"}},                           // with a category
		{q("шуба") + "&in_stock=true&sort_by=price", []string{"shuba-elena", "shuba-sobol"}}, // filters and a sort
		{q("шуба только"), []string{"shuba-anna", "shuba-elena", "shuba-sobol"}},             // a long word that asks nothing
		{q("жакет скрытый"), nil},                                                            // inactive: never
		{q("!!! ... ???"), nil},                                                              // punctuation only: nothing
		{q(`норк:* & !шуб | 'x' "y" ; DROP TABLE products; --`), nil},                        // syntax is text
	} {
		got := search(tc.query)
		slices.Sort(got)
		if tc.query != q("шуба")+"&in_stock=true&sort_by=price" && !cmp.Equal(got, tc.want, cmpEmpty) {
			t.Errorf("%s → %v; want %v", tc.query, got, tc.want)
		}
	}
	if got := search(q("шуба") + "&in_stock=true&sort_by=price"); !cmp.Equal(got, []string{"shuba-elena", "shuba-sobol"}) {
		t.Errorf("in stock by price → %v", got)
	}
	// Relevance, the default with q: a name that says it comes before a description that does.
	if got := search(q("норки")); len(got) < 2 || got[0] != "palantin" || got[len(got)-1] != "zhaket-olga" {
		t.Errorf("«норки» by relevance → %v; want the palantin (in its name) first, the jacket (in its description) last", got)
	}
	// A search box sent empty lists everything, as no q does.
	if got, all := search("q=%20%20"), search(""); len(got) == 0 || !cmp.Equal(got, all) {
		t.Errorf("q of spaces → %v; want the whole listing %v", got, all)
	}
	// On sale: the cheapest size has an old price.
	s.Exec(`UPDATE products SET old_price = price + 100000 WHERE slug = 'shuba-anna'`)
	if got := search(q("шуба") + "&on_sale=true"); !cmp.Equal(got, []string{"shuba-anna"}) {
		t.Errorf("on sale → %v", got)
	}
	if got := search(q("норковая") + "&on_sale=false"); !cmp.Equal(got, []string{"shuba-elena"}) {
		t.Errorf("not on sale → %v", got)
	}
	// POST and the seed's URL take q too.
	res := s.Do("POST", "/api/products", `{"q":"соболья шуба"}`)
	var p page
	res.JSON(t, &p)
	if !cmp.Equal(p.slugs(), []string{"shuba-sobol"}) {
		t.Errorf("POST with q → %v", p.slugs())
	}
	if got := search(q("шуба") + "&sort_by=relevance&page_size=1"); len(got) != 1 {
		t.Errorf("sort_by=relevance, one a page → %v", got)
	}
	if got := search(strings.Replace(q("соболья"), "q=", "page_size=1&q=", 1)); !cmp.Equal(got, []string{"shuba-sobol"}) {
		t.Errorf("with a page size → %v", got)
	}
	for _, bad := range []string{q(strings.Repeat("шуба ", 100)), "q=%ff%fe", q("шуба") + "&sort_by=best", "on_sale=yes"} {
		if res := s.Do("GET", "/api/products?"+bad, ""); res.Status != http.StatusBadRequest {
			t.Errorf("GET /api/products?%.60s → %d %s; want 400", bad, res.Status, res.Body)
		}
	}
}

// cmpEmpty compares a nil and an empty list as equal.
var cmpEmpty = cmp.Comparer(func(a, b []string) bool { return len(a) == 0 && len(b) == 0 || slices.Equal(a, b) })

func TestSearchWords(t *testing.T) {
	for q, want := range map[string][]string{
		"Норковая  ШУБА, ёжик!": {"норковая", "шуба", "ежик"},
		"шуба шуба":             {"шуба"},
		"'x' | !y:*":            {"x", "y"},
		"...":                   {},
		"мутон 50 размер":       {"размер", "мутон", "50"},
		"с капюшоном":           {"капюшоном", "с"},
	} {
		got, err := catalog.SearchWords(q)
		if err != nil || !cmp.Equal(got, want) {
			t.Errorf("SearchWords(%q) = %q, %v; want %q", q, got, err, want)
		}
	}
}

// The search box: products as the listing ranks them, categories by the beginnings of their words.
func TestSearchSuggest(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	var got struct {
		Products []struct {
			Slug string `json:"slug"`
		} `json:"products"`
		Categories []struct {
			Slug string `json:"slug"`
		} `json:"categories"`
	}
	suggest := func(query string) {
		t.Helper()
		got.Products, got.Categories = nil, nil
		res := s.Do("GET", "/api/search/suggest?"+query, "")
		if res.Status != http.StatusOK {
			t.Fatalf("suggest %s → %d %s", query, res.Status, res.Body)
		}
		res.JSON(t, &got)
	}
	suggest("q=" + url.QueryEscape("нор") + "&limit=2")
	var cats []string
	for _, c := range got.Categories {
		cats = append(cats, c.Slug)
	}
	if len(got.Products) != 2 || !cmp.Equal(cats, []string{"norkovye-shuby"}) {
		t.Errorf("«нор», 2 of each → %+v", got)
	}
	suggest("q=" + url.QueryEscape("собол"))
	if len(got.Products) != 1 || got.Products[0].Slug != "shuba-sobol" || len(got.Categories) != 1 || got.Categories[0].Slug != "sobolya" {
		t.Errorf("«собол» → %+v", got)
	}
	suggest("q=%3F%21")
	if got.Products == nil || len(got.Products)+len(got.Categories) != 0 {
		t.Errorf("punctuation → %+v; want empty lists", got)
	}
	for _, bad := range []string{"q=a&limit=0", "q=a&limit=21", "q=a&limit=x", "q=" + strings.Repeat("a", 300)} {
		if res := s.Do("GET", "/api/search/suggest?"+bad, ""); res.Status != http.StatusBadRequest {
			t.Errorf("suggest %.40s → %d; want 400", bad, res.Status)
		}
	}
}
