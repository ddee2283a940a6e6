package catalog_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mekhaishuby/furstore/internal/apptest"
)

type summary struct {
	ID       int64   `json:"id"`
	Slug     string  `json:"slug"`
	Name     string  `json:"name"`
	Price    string  `json:"price"`
	Image    *string `json:"image"`
	InStock  bool    `json:"in_stock"`
	Category struct {
		Slug string `json:"slug"`
	} `json:"category"`
}

type page struct {
	Count    int       `json:"count"`
	Next     *string   `json:"next"`
	Previous *string   `json:"previous"`
	Results  []summary `json:"results"`
}

func (p page) slugs() []string {
	var out []string
	for _, r := range p.Results {
		out = append(out, r.Slug)
	}
	return out
}

// The seed's example requests work exactly as written.
func TestSeedRequests(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})

	res := s.Do("POST", "/api/products", `{"category":"zhakety"}`)
	var zhakety page
	res.JSON(t, &zhakety)
	if res.Status != 200 || zhakety.Count != 2 || strings.Join(zhakety.slugs(), ",") != "zhaket-olga,zhaket-vera" {
		t.Errorf(`POST /api/products {"category":"zhakety"} → %d %s`, res.Status, res.Body)
	}

	res = s.Do("GET", "/api/products/get_products?min_price=16400&max_price=25700&sort_by=-price", "")
	var filtered page
	res.JSON(t, &filtered)
	if diff := cmp.Diff([]string{"shuba-anna", "palantin", "zhaket-olga", "zhaket-vera"}, filtered.slugs()); res.Status != 200 || diff != "" {
		t.Errorf("seed's filtered listing → %d (-want +got):\n%s", res.Status, diff)
	}
	prices := []string{}
	for _, r := range filtered.Results {
		prices = append(prices, r.Price)
	}
	if diff := cmp.Diff([]string{"25700.00", "19990.50", "16400.00", "16400.00"}, prices); diff != "" {
		t.Errorf("prices are exact two-decimal strings (-want +got):\n%s", diff)
	}

	res = s.Do("GET", "/api/categories", "")
	var tree []struct {
		Slug     string `json:"slug"`
		Children []struct {
			Slug     string `json:"slug"`
			Children []struct {
				Slug string `json:"slug"`
			} `json:"children"`
		} `json:"children"`
	}
	res.JSON(t, &tree)
	if res.Status != 200 || len(tree) != 2 || tree[1].Slug != "zhenshchinam" || tree[1].Children[0].Children[1].Slug != "sobolya" {
		t.Errorf("GET /api/categories → %d %s", res.Status, res.Body)
	}
}

func TestEveryCatalogRouteAnswersAsDocumented(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	var all page
	s.Do("GET", "/api/products?sort_by=price", "").JSON(t, &all)
	elena := all.Results[len(all.Results)-2] // by price: ... shuba-elena, shuba-sobol
	if elena.Slug != "shuba-elena" {
		t.Fatalf("fixture order changed: %v", all.slugs())
	}
	for _, path := range []string{
		"/healthz", "/readyz", "/api/categories", "/api/products", "/api/products?category=shuby&sort_by=name",
		"/api/products/get_products?category=zhenshchinam&page=2&page_size=2",
		fmt.Sprintf("/api/products/%d", elena.ID), fmt.Sprintf("/api/product?id=%d", elena.ID),
		"/api/product?slug=shuba-elena", "/api/openapi.yaml", "/api/docs",
	} {
		if res := s.Do("GET", path, ""); res.Status != 200 {
			t.Errorf("GET %s → %d %s", path, res.Status, res.Body)
		}
	}
	if res := s.Do("POST", "/api/products", `{"category":"shuby","min_price":25700,"max_price":"185000.00","sort_by":"-price","page":1,"page_size":"2"}`); res.Status != 200 {
		t.Errorf("POST /api/products with every parameter → %d %s", res.Status, res.Body)
	}
}

func TestProductCardOverHTTP(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	res := s.Do("GET", "/api/product?slug=shuba-elena", "")
	var card struct {
		summary
		Description string   `json:"description"`
		Images      []string `json:"images"`
		Stock       int      `json:"stock"`
		Attributes  []struct {
			Name  string `json:"name"`
			Value string `json:"value"`
		} `json:"attributes"`
	}
	res.JSON(t, &card)
	if res.Status != 200 || card.Price != "185000.00" || card.Stock != 2 || card.Description != "Длинная шуба." ||
		len(card.Attributes) != 2 || card.Attributes[0].Name != "Мех" || len(card.Images) != 2 || *card.Image != card.Images[0] {
		t.Fatalf("card → %d %s", res.Status, res.Body)
	}
	same := s.Do("GET", fmt.Sprintf("/api/products/%d", card.ID), "")
	if string(same.Body) != string(res.Body) {
		t.Errorf("/api/products/{id} and /api/product?slug= differ:\n%s\n%s", same.Body, res.Body)
	}

	// The picture is served where its URL says, cached for good, and checked again cheaply.
	pic, err := http.Get(card.Images[0])
	if err != nil {
		t.Fatal(err)
	}
	pic.Body.Close()
	etag := pic.Header.Get("ETag")
	if pic.StatusCode != 200 || pic.Header.Get("Content-Type") != "image/png" || etag == "" ||
		!strings.Contains(pic.Header.Get("Cache-Control"), "immutable") {
		t.Fatalf("picture → %d %v", pic.StatusCode, pic.Header)
	}
	req, _ := http.NewRequest("GET", card.Images[0], nil)
	req.Header.Set("If-None-Match", etag)
	again, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	again.Body.Close()
	if again.StatusCode != http.StatusNotModified {
		t.Errorf("picture with its ETag → %d, want 304", again.StatusCode)
	}
}

func TestPaginationLinks(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	var p1, p2, p3 page
	first := s.Do("GET", "/api/products/get_products?sort_by=price&page_size=2&ignored=1", "")
	first.JSON(t, &p1)
	if !strings.Contains(string(first.Body), "page=2&page_size=2") {
		t.Errorf("links are not written plainly (no \\u0026): %s", first.Body)
	}
	if p1.Count != 6 || p1.Previous != nil || p1.Next == nil {
		t.Fatalf("page 1: %+v", p1)
	}
	s.Do("GET", strings.TrimPrefix(*p1.Next, s.URL), "").JSON(t, &p2)
	s.Do("GET", strings.TrimPrefix(*p2.Next, s.URL), "").JSON(t, &p3)
	if p3.Next != nil || p2.Previous == nil || *p2.Previous != s.URL+"/api/products/get_products?page_size=2&sort_by=price" {
		t.Fatalf("links: p2.previous=%v p3.next=%v", p2.Previous, p3.Next)
	}
	seen := map[string]bool{}
	for _, s := range append(append(p1.slugs(), p2.slugs()...), p3.slugs()...) {
		if seen[s] {
			t.Errorf("%s on two pages", s)
		}
		seen[s] = true
	}
	if len(seen) != 6 {
		t.Errorf("pages hold %d products, want 6", len(seen))
	}
}

func TestConditionalRequests(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	for _, path := range []string{"/api/categories", "/api/products/get_products?min_price=16400&max_price=25700&sort_by=-price", "/api/product?slug=shuba-elena"} {
		first := s.Do("GET", path, "")
		etag := first.Header.Get("ETag")
		if etag == "" || first.Header.Get("Cache-Control") == "" {
			t.Errorf("%s: no ETag or Cache-Control: %v", path, first.Header)
			continue
		}
		if res := s.Do("GET", path, "", "If-None-Match", etag); res.Status != http.StatusNotModified || len(res.Body) != 0 {
			t.Errorf("%s with its ETag → %d, want an empty 304", path, res.Status)
		}
		if res := s.Do("GET", path, "", "If-None-Match", `"stale"`); res.Status != 200 {
			t.Errorf("%s with a stale ETag → %d, want 200", path, res.Status)
		}
	}
}

// Answers are cached between catalog changes, and a change committed anywhere (here: an import by another
// process) shows in the very next answers: a product that became pricier shows its new price.
func TestCachedAnswersFollowCatalogChanges(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	s.WatchCatalog()

	price := func(path string) string {
		var p struct {
			Price   string `json:"price"`
			Results []struct {
				Price string `json:"price"`
			} `json:"results"`
		}
		s.Do("GET", path, "").JSON(t, &p)
		if len(p.Results) > 0 {
			return p.Results[0].Price
		}
		return p.Price
	}
	card, list := "/api/product?slug=shuba-elena", "/api/products?category=norkovye-shuby&sort_by=-price"
	if price(card) != "185000.00" || price(list) != "185000.00" || price(card) != "185000.00" {
		t.Fatal("unexpected starting price")
	}
	s.Exec("UPDATE products SET price = 19900000 WHERE slug = 'shuba-elena'") // through DB: another process
	apptest.WaitFor(t, func() bool { return price(card) == "199000.00" && price(list) == "199000.00" })
}
