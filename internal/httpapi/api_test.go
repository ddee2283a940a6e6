package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/mekhaishuby/furstore/internal/apptest"
)

// The API as a whole, whatever the route: error answers (404, 405, 413, 415, malformed JSON and query strings),
// CORS and the docs page. The routes of each domain are tested in the domain's package.

// Bad input gets a 4xx with the error JSON, never a 500.
func TestBadInput(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
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
			res := s.Do(tt.method, tt.path, tt.body, headers...)
			var e struct {
				Error struct {
					Code    string `json:"code"`
					Message string `json:"message"`
				} `json:"error"`
			}
			res.JSON(t, &e)
			if res.Status != tt.status || e.Error.Code != tt.code || e.Error.Message == "" {
				t.Errorf("→ %d %s; want %d %s", res.Status, res.Body, tt.status, tt.code)
			}
		})
	}
}

func TestCORS(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	pre := s.Do("OPTIONS", "/api/products", "", "Origin", apptest.Frontend, "Access-Control-Request-Method", "POST",
		"Access-Control-Request-Headers", "content-type")
	if pre.Status != http.StatusNoContent || pre.Header.Get("Access-Control-Allow-Origin") != apptest.Frontend ||
		!strings.Contains(pre.Header.Get("Access-Control-Allow-Methods"), "POST") ||
		!strings.Contains(pre.Header.Get("Access-Control-Allow-Headers"), "Content-Type") {
		t.Errorf("preflight from the frontend → %d %v", pre.Status, pre.Header)
	}
	get := s.Do("GET", "/api/categories", "", "Origin", apptest.Frontend)
	if get.Header.Get("Access-Control-Allow-Origin") != apptest.Frontend || !strings.Contains(get.Header.Get("Access-Control-Expose-Headers"), "ETag") {
		t.Errorf("GET from the frontend: %v", get.Header)
	}
	other := s.Do("GET", "/api/categories", "", "Origin", "https://evil.example")
	if other.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("an origin not listed was allowed: %v", other.Header)
	}
}

func TestDocsPageIsServedFromTheBinary(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	page := s.Do("GET", "/api/docs", "")
	if page.Status != 200 || !strings.Contains(string(page.Body), "/api/docs/swagger-ui-bundle.js") {
		t.Fatalf("/api/docs → %d", page.Status)
	}
	for _, asset := range []string{"/api/docs/swagger-ui-bundle.js", "/api/docs/swagger-ui.css", "/api/docs/init.js"} {
		res, err := http.Get(s.URL + asset)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Errorf("%s → %d", asset, res.StatusCode)
		}
	}
}
