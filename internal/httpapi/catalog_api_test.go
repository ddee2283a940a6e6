package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5/pgxpool"
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
	c := newAPI(t)

	res := c.do("POST", "/api/products", `{"category":"zhakety"}`)
	var zhakety page
	res.json(t, &zhakety)
	if res.status != 200 || zhakety.Count != 2 || strings.Join(zhakety.slugs(), ",") != "zhaket-olga,zhaket-vera" {
		t.Errorf(`POST /api/products {"category":"zhakety"} → %d %s`, res.status, res.body)
	}

	res = c.do("GET", "/api/products/get_products?min_price=16400&max_price=25700&sort_by=-price", "")
	var filtered page
	res.json(t, &filtered)
	if diff := cmp.Diff([]string{"shuba-anna", "palantin", "zhaket-olga", "zhaket-vera"}, filtered.slugs()); res.status != 200 || diff != "" {
		t.Errorf("seed's filtered listing → %d (-want +got):\n%s", res.status, diff)
	}
	prices := []string{}
	for _, r := range filtered.Results {
		prices = append(prices, r.Price)
	}
	if diff := cmp.Diff([]string{"25700.00", "19990.50", "16400.00", "16400.00"}, prices); diff != "" {
		t.Errorf("prices are exact two-decimal strings (-want +got):\n%s", diff)
	}

	res = c.do("GET", "/api/categories", "")
	var tree []struct {
		Slug     string `json:"slug"`
		Children []struct {
			Slug     string `json:"slug"`
			Children []struct {
				Slug string `json:"slug"`
			} `json:"children"`
		} `json:"children"`
	}
	res.json(t, &tree)
	if res.status != 200 || len(tree) != 2 || tree[1].Slug != "zhenshchinam" || tree[1].Children[0].Children[1].Slug != "sobolya" {
		t.Errorf("GET /api/categories → %d %s", res.status, res.body)
	}
}

func TestEveryCatalogRouteAnswersAsDocumented(t *testing.T) {
	t.Parallel()
	c := newAPI(t)
	var all page
	c.do("GET", "/api/products?sort_by=price", "").json(t, &all)
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
		if res := c.do("GET", path, ""); res.status != 200 {
			t.Errorf("GET %s → %d %s", path, res.status, res.body)
		}
	}
	if res := c.do("POST", "/api/products", `{"category":"shuby","min_price":25700,"max_price":"185000.00","sort_by":"-price","page":1,"page_size":"2"}`); res.status != 200 {
		t.Errorf("POST /api/products with every parameter → %d %s", res.status, res.body)
	}
}

func TestProductCard(t *testing.T) {
	t.Parallel()
	c := newAPI(t)
	res := c.do("GET", "/api/product?slug=shuba-elena", "")
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
	res.json(t, &card)
	if res.status != 200 || card.Price != "185000.00" || card.Stock != 2 || card.Description != "Длинная шуба." ||
		len(card.Attributes) != 2 || card.Attributes[0].Name != "Мех" || len(card.Images) != 2 || *card.Image != card.Images[0] {
		t.Fatalf("card → %d %s", res.status, res.body)
	}
	same := c.do("GET", fmt.Sprintf("/api/products/%d", card.ID), "")
	if string(same.body) != string(res.body) {
		t.Errorf("/api/products/{id} and /api/product?slug= differ:\n%s\n%s", same.body, res.body)
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
	c := newAPI(t)
	var p1, p2, p3 page
	first := c.do("GET", "/api/products/get_products?sort_by=price&page_size=2&ignored=1", "")
	first.json(t, &p1)
	if !strings.Contains(string(first.body), "page=2&page_size=2") {
		t.Errorf("links are not written plainly (no \\u0026): %s", first.body)
	}
	if p1.Count != 6 || p1.Previous != nil || p1.Next == nil {
		t.Fatalf("page 1: %+v", p1)
	}
	c.do("GET", strings.TrimPrefix(*p1.Next, c.url), "").json(t, &p2)
	c.do("GET", strings.TrimPrefix(*p2.Next, c.url), "").json(t, &p3)
	if p3.Next != nil || p2.Previous == nil || *p2.Previous != c.url+"/api/products/get_products?page_size=2&sort_by=price" {
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

// Bad input gets a 4xx with the error JSON, never a 500.
func TestBadInput(t *testing.T) {
	t.Parallel()
	c := newAPI(t)
	big := `{"category":"` + strings.Repeat("x", 1<<20) + `"}`
	tests := []struct {
		name, method, path, body, contentType string
		status                                int
		code                                  string
	}{
		{"unknown sort", "GET", "/api/products/get_products?sort_by=cheapest", "", "", 400, "invalid_sort"},
		{"sort with SQL in it", "GET", "/api/products?sort_by=price%3BDROP%20TABLE%20products", "", "", 400, "invalid_sort"},
		{"malformed query string", "GET", "/api/products?sort_by=price;DROP%20TABLE%20products", "", "", 400, "invalid_query"},
		{"non-numeric price", "GET", "/api/products?min_price=дёшево", "", "", 400, "invalid_price"},
		{"negative price", "GET", "/api/products?max_price=-1", "", "", 400, "invalid_price"},
		{"absurd price", "GET", "/api/products?max_price=1" + strings.Repeat("0", 30), "", "", 400, "invalid_price"},
		{"too many decimals", "GET", "/api/products?min_price=1.005", "", "", 400, "invalid_price"},
		{"min above max", "GET", "/api/products?min_price=25700&max_price=16400", "", "", 400, "invalid_price"},
		{"page 0", "GET", "/api/products?page=0", "", "", 400, "invalid_page"},
		{"negative page", "GET", "/api/products?page=-2", "", "", 400, "invalid_page"},
		{"non-numeric page", "GET", "/api/products?page=two", "", "", 400, "invalid_page"},
		{"page size over 100", "GET", "/api/products?page_size=101", "", "", 400, "invalid_page_size"},
		{"page past the end", "GET", "/api/products?page=9", "", "", 404, "page_not_found"},
		{"unknown category", "GET", "/api/products?category=kurtki", "", "", 404, "category_not_found"},
		{"unknown category by POST", "POST", "/api/products", `{"category":"kurtki"}`, "application/json", 404, "category_not_found"},
		{"unknown product id", "GET", "/api/products/999999", "", "", 404, "product_not_found"},
		{"non-numeric product id", "GET", "/api/products/shuba", "", "", 404, "product_not_found"},
		{"unknown product slug", "GET", "/api/product?slug=nope", "", "", 404, "product_not_found"},
		{"inactive product", "GET", "/api/product?slug=zhaket-hidden", "", "", 404, "product_not_found"},
		{"card without id or slug", "GET", "/api/product", "", "", 400, "invalid_query"},
		{"card with a bad id", "GET", "/api/product?id=-3", "", "", 400, "invalid_query"},
		{"malformed JSON", "POST", "/api/products", `{"category":`, "application/json", 400, "malformed_json"},
		{"two JSON values", "POST", "/api/products", `{} {}`, "application/json", 400, "malformed_json"},
		{"empty body", "POST", "/api/products", ``, "application/json", 400, "malformed_json"},
		{"a JSON array", "POST", "/api/products", `[1]`, "application/json", 400, "malformed_json"},
		{"wrong type", "POST", "/api/products", `{"category":{"slug":"shuby"}}`, "application/json", 400, "invalid_type"},
		{"bad sort in a body", "POST", "/api/products", `{"sort_by":"price desc"}`, "application/json", 400, "invalid_sort"},
		{"not JSON", "POST", "/api/products", `category=zhakety`, "application/x-www-form-urlencoded", 415, "unsupported_media_type"},
		{"no content type", "POST", "/api/products", `{"category":"zhakety"}`, "-", 415, "unsupported_media_type"},
		{"body over 1 MiB", "POST", "/api/products", big, "application/json", 413, "body_too_large"},
		{"no such route", "GET", "/api/nothing", "", "", 404, "not_found"},
		{"wrong method", "DELETE", "/api/categories", "", "", 405, "method_not_allowed"},
		{"path escape", "GET", "/media/..%2f..%2fetc%2fpasswd", "", "", 404, "not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var headers []string
			if tt.contentType != "" {
				headers = []string{"Content-Type", tt.contentType}
			}
			res := c.do(tt.method, tt.path, tt.body, headers...)
			var e struct {
				Error struct {
					Code    string `json:"code"`
					Message string `json:"message"`
				} `json:"error"`
			}
			res.json(t, &e)
			if res.status != tt.status || e.Error.Code != tt.code || e.Error.Message == "" {
				t.Errorf("→ %d %s; want %d %s", res.status, res.body, tt.status, tt.code)
			}
		})
	}
}

func TestConditionalRequests(t *testing.T) {
	t.Parallel()
	c := newAPI(t)
	for _, path := range []string{"/api/categories", "/api/products/get_products?min_price=16400&max_price=25700&sort_by=-price", "/api/product?slug=shuba-elena"} {
		first := c.do("GET", path, "")
		etag := first.header.Get("ETag")
		if etag == "" || first.header.Get("Cache-Control") == "" {
			t.Errorf("%s: no ETag or Cache-Control: %v", path, first.header)
			continue
		}
		if res := c.do("GET", path, "", "If-None-Match", etag); res.status != http.StatusNotModified || len(res.body) != 0 {
			t.Errorf("%s with its ETag → %d, want an empty 304", path, res.status)
		}
		if res := c.do("GET", path, "", "If-None-Match", `"stale"`); res.status != 200 {
			t.Errorf("%s with a stale ETag → %d, want 200", path, res.status)
		}
	}
}

func TestCORS(t *testing.T) {
	t.Parallel()
	c := newAPI(t)
	pre := c.do("OPTIONS", "/api/products", "", "Origin", frontend, "Access-Control-Request-Method", "POST",
		"Access-Control-Request-Headers", "content-type")
	if pre.status != http.StatusNoContent || pre.header.Get("Access-Control-Allow-Origin") != frontend ||
		!strings.Contains(pre.header.Get("Access-Control-Allow-Methods"), "POST") ||
		!strings.Contains(pre.header.Get("Access-Control-Allow-Headers"), "Content-Type") {
		t.Errorf("preflight from the frontend → %d %v", pre.status, pre.header)
	}
	get := c.do("GET", "/api/categories", "", "Origin", frontend)
	if get.header.Get("Access-Control-Allow-Origin") != frontend || !strings.Contains(get.header.Get("Access-Control-Expose-Headers"), "ETag") {
		t.Errorf("GET from the frontend: %v", get.header)
	}
	other := c.do("GET", "/api/categories", "", "Origin", "https://evil.example")
	if other.header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("an origin not listed was allowed: %v", other.header)
	}
}

func TestDocsPageIsServedFromTheBinary(t *testing.T) {
	t.Parallel()
	c := newAPI(t)
	page := c.do("GET", "/api/docs", "")
	if page.status != 200 || !strings.Contains(string(page.body), "/api/docs/swagger-ui-bundle.js") {
		t.Fatalf("/api/docs → %d", page.status)
	}
	for _, asset := range []string{"/api/docs/swagger-ui-bundle.js", "/api/docs/swagger-ui.css", "/api/docs/init.js"} {
		res, err := http.Get(c.url + asset)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Errorf("%s → %d", asset, res.StatusCode)
		}
	}
}

// Answers are cached between catalog changes, and a change committed anywhere (here: an import by another
// process) shows in the very next answers: a product that became pricier shows its new price.
func TestCachedAnswersFollowCatalogChanges(t *testing.T) {
	t.Parallel()
	c := newAPI(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go c.catalog.WatchChanges(ctx)
	waitFor(t, func() bool { _, ok := c.catalog.Generation(); return ok })

	price := func(path string) string {
		var p struct {
			Price   string `json:"price"`
			Results []struct {
				Price string `json:"price"`
			} `json:"results"`
		}
		c.do("GET", path, "").json(t, &p)
		if len(p.Results) > 0 {
			return p.Results[0].Price
		}
		return p.Price
	}
	card, list := "/api/product?slug=shuba-elena", "/api/products?category=norkovye-shuby&sort_by=-price"
	if price(card) != "185000.00" || price(list) != "185000.00" || price(card) != "185000.00" {
		t.Fatal("unexpected starting price")
	}
	other, err := pgxpool.New(ctx, c.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.Exec(ctx, "UPDATE products SET price = 19900000 WHERE slug = 'shuba-elena'"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return price(card) == "199000.00" && price(list) == "199000.00" })
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("not within 10 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
