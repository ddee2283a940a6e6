package cart_test

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mekhaishuby/furstore/internal/apptest"
)

func TestCartAddSetRemove(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	anna := s.Customer("anna@mail.ru").Auth

	if c := s.Cart(anna...); len(c.Items) != 0 || c.TotalPrice != "0.00" || c.TotalQuantity != 0 {
		t.Fatalf("a new customer's cart: %+v", c)
	}
	c, res := s.CartDo(http.StatusCreated, "POST", "/api/cart", fmt.Sprintf(`{"product_id":%d}`, s.ID("zhaket-vera")), anna...)
	if diff := cmp.Diff(map[string]int{"zhaket-vera": 1}, c.Quantities()); diff != "" {
		t.Fatalf("add without a quantity adds one (-want +got):\n%s", diff)
	}
	if res.Header.Get("X-Cart-Token") != "" {
		t.Errorf("a signed-in customer was given a guest cart token")
	}
	s.AddToCart("zhaket-vera", 2, anna...)
	c = s.AddToCart("palantin", 3, anna...)
	if diff := cmp.Diff(map[string]int{"zhaket-vera": 3, "palantin": 3}, c.Quantities()); diff != "" {
		t.Fatalf("adding again increments (-want +got):\n%s", diff)
	}
	// 3 × 16400.00 + 3 × 19990.50: exact to the kopeck.
	if c.TotalPrice != "109171.50" || c.TotalQuantity != 6 || c.Line(t, "palantin").LineTotal != "59971.50" {
		t.Errorf("totals: %s for %d pieces, palantin line %s; want 109171.50 for 6, 59971.50",
			c.TotalPrice, c.TotalQuantity, c.Line(t, "palantin").LineTotal)
	}
	if l := c.Line(t, "zhaket-vera"); l.Product.Name != "Жакет «Вера»" || l.Product.Price != "16400.00" || !l.Available || l.Stock != 5 {
		t.Errorf("the line shows the product wrongly: %+v", l)
	}

	c, _ = s.CartDo(http.StatusOK, "PUT", "/api/cart", fmt.Sprintf(`{"product_id":%d,"quantity":1}`, s.ID("zhaket-vera")), anna...)
	if c.Line(t, "zhaket-vera").Quantity != 1 || c.TotalPrice != "76371.50" {
		t.Errorf("PUT quantity 1: %+v; want vera × 1, total 76371.50", c)
	}
	c, _ = s.CartDo(http.StatusOK, "PUT", "/api/cart", fmt.Sprintf(`{"product_id":%d,"quantity":2}`, s.ID("zhaket-olga")), anna...)
	if diff := cmp.Diff(map[string]int{"zhaket-vera": 1, "palantin": 3, "zhaket-olga": 2}, c.Quantities()); diff != "" {
		t.Errorf("PUT of a product not in the cart puts it there (-want +got):\n%s", diff)
	}

	c, _ = s.CartDo(http.StatusOK, "DELETE", "/api/cart", fmt.Sprintf(`{"product_id":%d}`, s.ID("zhaket-vera")), anna...)
	if diff := cmp.Diff(map[string]int{"palantin": 3, "zhaket-olga": 2}, c.Quantities()); diff != "" {
		t.Errorf("DELETE with the id in the body (-want +got):\n%s", diff)
	}
	c, _ = s.CartDo(http.StatusOK, "DELETE", "/api/cart?product_id="+strconv.FormatInt(s.ID("palantin"), 10), "", anna...)
	if diff := cmp.Diff(map[string]int{"zhaket-olga": 2}, c.Quantities()); diff != "" || c.TotalPrice != "32800.00" {
		t.Errorf("DELETE with ?product_id=: total %s (-want +got):\n%s", c.TotalPrice, diff)
	}
	if diff := cmp.Diff(map[string]int{"zhaket-olga": 2}, s.Cart(anna...).Quantities()); diff != "" {
		t.Errorf("GET after the changes (-want +got):\n%s", diff)
	}
}

func TestCartBadInput(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	anna := s.Customer("anna@mail.ru").Auth
	s.AddToCart("zhaket-vera", 1, anna...)
	before := s.Cart(anna...)

	vera, hidden := s.ID("zhaket-vera"), s.ID("zhaket-hidden")
	tests := []struct {
		name, method, path, body, contentType string
		status                                int
		code, field                           string
	}{
		{"unknown product", "POST", "/api/cart", `{"product_id":999999}`, "", 404, "product_not_found", ""},
		{"inactive product", "POST", "/api/cart", fmt.Sprintf(`{"product_id":%d}`, hidden), "", 404, "product_not_found", ""},
		{"inactive product, PUT", "PUT", "/api/cart", fmt.Sprintf(`{"product_id":%d,"quantity":1}`, hidden), "", 404, "product_not_found", ""},
		{"quantity 0", "POST", "/api/cart", fmt.Sprintf(`{"product_id":%d,"quantity":0}`, vera), "", 400, "invalid_quantity", "quantity"},
		{"negative quantity", "POST", "/api/cart", fmt.Sprintf(`{"product_id":%d,"quantity":-1}`, vera), "", 400, "invalid_quantity", "quantity"},
		{"fractional quantity", "POST", "/api/cart", fmt.Sprintf(`{"product_id":%d,"quantity":1.5}`, vera), "", 400, "invalid_type", "quantity"},
		{"quantity as a string", "POST", "/api/cart", fmt.Sprintf(`{"product_id":%d,"quantity":"2"}`, vera), "", 400, "invalid_type", "quantity"},
		{"absurd quantity", "POST", "/api/cart", fmt.Sprintf(`{"product_id":%d,"quantity":100000}`, vera), "", 400, "invalid_quantity", "quantity"},
		{"PUT quantity 0", "PUT", "/api/cart", fmt.Sprintf(`{"product_id":%d,"quantity":0}`, vera), "", 400, "invalid_quantity", "quantity"},
		{"PUT negative quantity", "PUT", "/api/cart", fmt.Sprintf(`{"product_id":%d,"quantity":-3}`, vera), "", 400, "invalid_quantity", "quantity"},
		{"PUT without quantity", "PUT", "/api/cart", fmt.Sprintf(`{"product_id":%d}`, vera), "", 400, "required", "quantity"},
		{"no product", "POST", "/api/cart", `{"quantity":1}`, "", 400, "required", "product_id"},
		{"product id as a string", "POST", "/api/cart", `{"product_id":"zhaket-vera"}`, "", 400, "invalid_type", "product_id"},
		{"DELETE of a product not in the cart", "DELETE", "/api/cart", fmt.Sprintf(`{"product_id":%d}`, s.ID("palantin")), "", 404, "not_in_cart", ""},
		{"DELETE ?product_id= not in the cart", "DELETE", fmt.Sprintf("/api/cart?product_id=%d", s.ID("palantin")), "", "", 404, "not_in_cart", ""},
		{"DELETE ?product_id= not a number", "DELETE", "/api/cart?product_id=vera", "", "", 400, "invalid_type", "product_id"},
		{"malformed JSON", "POST", "/api/cart", `{"product_id":`, "", 400, "malformed_json", ""},
		{"two JSON values", "POST", "/api/cart", fmt.Sprintf(`{"product_id":%d} {}`, vera), "", 400, "malformed_json", ""},
		{"JSON array", "PUT", "/api/cart", `[1,2]`, "", 400, "malformed_json", ""},
		{"not JSON", "POST", "/api/cart", "product_id=1", "application/x-www-form-urlencoded", 415, "unsupported_media_type", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			header := anna
			if tt.contentType != "" {
				header = append([]string{"Content-Type", tt.contentType}, anna...)
			}
			res := s.Do(tt.method, tt.path, tt.body, header...)
			e := apptest.ErrorOf(t, res)
			if res.Status != tt.status || e.Error.Code != tt.code || (tt.field != "" && e.Error.Fields[tt.field] == "") {
				t.Errorf("→ %d %s; want %d %s naming %q", res.Status, res.Body, tt.status, tt.code, tt.field)
			}
		})
	}

	t.Run("more than in stock", func(t *testing.T) {
		for _, tt := range []struct {
			name, method, slug string
			quantity           int
			requested, left    int
		}{
			{"the last sable coat twice", "POST", "shuba-sobol", 2, 2, 1},
			{"a coat that is sold out", "POST", "shuba-anna", 1, 1, 0},
			{"adding to what the cart holds", "POST", "zhaket-vera", 5, 6, 5}, // 1 in the cart + 5 > 5
			{"setting above stock", "PUT", "zhaket-vera", 6, 6, 5},
		} {
			res := s.Do(tt.method, "/api/cart", fmt.Sprintf(`{"product_id":%d,"quantity":%d}`, s.ID(tt.slug), tt.quantity), anna...)
			var e apptest.Shortage
			res.JSON(t, &e)
			if res.Status != http.StatusConflict || e.Error.Code != "insufficient_stock" || e.Error.Fields["quantity"] == "" || len(e.Error.Details) != 1 {
				t.Errorf("%s → %d %s; want 409 insufficient_stock with details", tt.name, res.Status, res.Body)
				continue
			}
			d := e.Error.Details[0]
			if d.ProductID != s.ID(tt.slug) || d.Requested != tt.requested || d.Available != tt.left || d.Name == "" {
				t.Errorf("%s: details %+v; want product %d, requested %d, available %d", tt.name, d, s.ID(tt.slug), tt.requested, tt.left)
			}
		}
	})

	// Nothing refused was half-written.
	if diff := cmp.Diff(before, s.Cart(anna...)); diff != "" {
		t.Errorf("refused requests changed the cart (-before +after):\n%s", diff)
	}
	for _, header := range []string{"Bearer nonsense", "Token " + strings.Repeat("x", 43), "Basic YW5uYTpwdw=="} {
		for _, method := range []string{"GET", "POST"} {
			res := s.Do(method, "/api/cart", fmt.Sprintf(`{"product_id":%d}`, vera), "Authorization", header)
			if res.Status != http.StatusUnauthorized || apptest.ErrorOf(t, res).Error.Code == "" {
				t.Errorf("%s /api/cart with Authorization %q → %d %s; want 401, not a guest cart", method, header, res.Status, res.Body)
			}
		}
	}
}

// A cart shows each product as it is now: a price rise shows at once, a withdrawn product is marked unavailable.
func TestCartShowsProductsAsTheyAreNow(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	anna := s.Customer("anna@mail.ru").Auth
	s.AddToCart("zhaket-vera", 2, anna...)
	s.AddToCart("shuba-elena", 1, anna...)

	s.Exec("UPDATE products SET price = 1750050 WHERE slug = 'zhaket-vera'")
	s.Exec("UPDATE products SET is_active = false WHERE slug = 'shuba-elena'")
	s.Exec("UPDATE product_variants SET stock = 1 WHERE product_id IN (SELECT id FROM products WHERE slug = 'shuba-elena')")

	c := s.Cart(anna...)
	vera, elena := c.Line(t, "zhaket-vera"), c.Line(t, "shuba-elena")
	if vera.Product.Price != "17500.50" || vera.LineTotal != "35001.00" || !vera.Available {
		t.Errorf("a pricier product: %+v; want price 17500.50, line 35001.00, available", vera)
	}
	if elena.Available || elena.Stock != 1 {
		t.Errorf("a withdrawn product: %+v; want available=false, stock 1", elena)
	}
	if got := apptest.CheckTotals(t, c); got != 35001_00+185000_00 {
		t.Errorf("total %s; want 220001.00", got)
	}
	if res := s.Do("POST", "/api/cart", fmt.Sprintf(`{"product_id":%d}`, s.ID("shuba-elena")), anna...); res.Status != 404 {
		t.Errorf("adding more of a withdrawn product → %d %s; want 404", res.Status, res.Body)
	}
	// A withdrawn product can still be taken out of the cart.
	c, _ = s.CartDo(http.StatusOK, "DELETE", "/api/cart", fmt.Sprintf(`{"product_id":%d}`, s.ID("shuba-elena")), anna...)
	if diff := cmp.Diff(map[string]int{"zhaket-vera": 2}, c.Quantities()); diff != "" {
		t.Errorf("after removing the withdrawn product (-want +got):\n%s", diff)
	}
}

// cartCookie returns the cart_token cookie a response sets, if any.
func cartCookie(res apptest.Response) *http.Cookie {
	for _, c := range (&http.Response{Header: res.Header}).Cookies() {
		if c.Name == "cart_token" {
			return c
		}
	}
	return nil
}

func TestGuestCart(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})

	if c := s.Cart(); len(c.Items) != 0 {
		t.Fatalf("a visitor without a token has a cart: %+v", c)
	}
	_, res := s.CartDo(http.StatusCreated, "POST", "/api/cart", fmt.Sprintf(`{"product_id":%d,"quantity":2}`, s.ID("zhaket-vera")))
	tok := res.Header.Get("X-Cart-Token")
	cookie := cartCookie(res)
	if len(tok) < 43 || cookie == nil || cookie.Value != tok || !cookie.HttpOnly || cookie.Path != "/" || cookie.MaxAge <= 0 {
		t.Fatalf("the first add gave token %q and cookie %+v; want a token in X-Cart-Token and the same in an HttpOnly cookie", tok, cookie)
	}

	_, res = s.CartDo(http.StatusCreated, "POST", "/api/cart", fmt.Sprintf(`{"product_id":%d}`, s.ID("palantin")), "X-Cart-Token", tok)
	if res.Header.Get("X-Cart-Token") != "" || cartCookie(res) != nil {
		t.Errorf("adding to an existing guest cart handed out a new token")
	}
	want := map[string]int{"zhaket-vera": 2, "palantin": 1}
	if diff := cmp.Diff(want, s.Cart("X-Cart-Token", tok).Quantities()); diff != "" {
		t.Errorf("the cart by X-Cart-Token (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, s.Cart("Cookie", "cart_token="+tok).Quantities()); diff != "" {
		t.Errorf("the cart by cookie alone (-want +got):\n%s", diff)
	}
	c, _ := s.CartDo(http.StatusOK, "PUT", "/api/cart", fmt.Sprintf(`{"product_id":%d,"quantity":1}`, s.ID("zhaket-vera")), "Cookie", "cart_token="+tok)
	if diff := cmp.Diff(map[string]int{"zhaket-vera": 1, "palantin": 1}, c.Quantities()); diff != "" {
		t.Errorf("PUT by cookie (-want +got):\n%s", diff)
	}

	// Another guest has a cart of their own, and a token nobody was given opens none.
	_, res = s.CartDo(http.StatusCreated, "POST", "/api/cart", fmt.Sprintf(`{"product_id":%d}`, s.ID("zhaket-olga")))
	other := res.Header.Get("X-Cart-Token")
	if other == "" || other == tok {
		t.Fatalf("a second guest got token %q (the first has %q)", other, tok)
	}
	if diff := cmp.Diff(map[string]int{"zhaket-olga": 1}, s.Cart("X-Cart-Token", other).Quantities()); diff != "" {
		t.Errorf("the other guest's cart (-want +got):\n%s", diff)
	}
	for _, unknown := range []string{strings.Repeat("A", 43), tok[:42], strings.Repeat("x", 200)} {
		if c := s.Cart("X-Cart-Token", unknown); len(c.Items) != 0 {
			t.Errorf("token %.20q… opens a cart: %+v", unknown, c)
		}
	}
	if res := s.Do("DELETE", "/api/cart?product_id="+strconv.FormatInt(s.ID("palantin"), 10), "", "X-Cart-Token", strings.Repeat("A", 43)); res.Status != 404 {
		t.Errorf("DELETE with an unknown token → %d %s; want 404", res.Status, res.Body)
	}
	if diff := cmp.Diff(map[string]int{"zhaket-vera": 1, "palantin": 1}, s.Cart("X-Cart-Token", tok).Quantities()); diff != "" {
		t.Errorf("the first guest's cart was touched by others (-want +got):\n%s", diff)
	}
}

// Signing in with a guest cart brings its contents into the customer's cart, quantities added up to the stock.
func TestGuestCartMergesOnSignIn(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	anna := s.Customer("anna@mail.ru").Auth
	s.AddToCart("zhaket-vera", 4, anna...) // of 5 in stock

	_, res := s.CartDo(http.StatusCreated, "POST", "/api/cart", fmt.Sprintf(`{"product_id":%d,"quantity":3}`, s.ID("zhaket-vera")))
	guest := res.Header.Get("X-Cart-Token")
	s.AddToCart("shuba-sobol", 1, "X-Cart-Token", guest)

	res = s.Do("POST", "/api/auth/login", `{"email":"anna@mail.ru","password":"норковая-шуба-2026"}`, "X-Cart-Token", guest)
	if res.Status != 200 {
		t.Fatalf("login with a guest cart → %d %s", res.Status, res.Body)
	}
	if c := cartCookie(res); c == nil || c.MaxAge >= 0 {
		t.Errorf("login did not tell the browser to forget the guest cart cookie: %+v", c)
	}
	var login apptest.Auth
	res.JSON(t, &login)
	want := map[string]int{"zhaket-vera": 5, "shuba-sobol": 1} // 4 + 3 capped by the stock of 5
	if diff := cmp.Diff(want, s.Cart("Authorization", "Bearer "+login.Token).Quantities()); diff != "" {
		t.Errorf("the merged cart (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, s.Cart(anna...).Quantities()); diff != "" {
		t.Errorf("the merged cart from the customer's other session (-want +got):\n%s", diff)
	}
	if c := s.Cart("X-Cart-Token", guest); len(c.Items) != 0 {
		t.Errorf("the guest token still opens a cart after the merge: %+v", c)
	}
	// Signing in again with the spent token merges nothing more.
	if res := s.Do("POST", "/api/auth/login", `{"email":"anna@mail.ru","password":"норковая-шуба-2026"}`, "X-Cart-Token", guest); res.Status != 200 {
		t.Fatalf("login with a spent guest token → %d %s", res.Status, res.Body)
	}
	if diff := cmp.Diff(want, s.Cart(anna...).Quantities()); diff != "" {
		t.Errorf("a spent guest token changed the cart (-want +got):\n%s", diff)
	}

	// Registration with a guest cart (here by cookie, as a browser sends it) starts the account with that cart.
	_, res = s.CartDo(http.StatusCreated, "POST", "/api/cart", fmt.Sprintf(`{"product_id":%d,"quantity":2}`, s.ID("palantin")))
	guest = res.Header.Get("X-Cart-Token")
	res = s.Do("POST", "/api/auth/register", `{"email":"boris@mail.ru","password":"соболья-шуба-2027"}`, "Cookie", "cart_token="+guest)
	if res.Status != http.StatusCreated {
		t.Fatalf("register with a guest cart → %d %s", res.Status, res.Body)
	}
	var boris apptest.Auth
	res.JSON(t, &boris)
	if diff := cmp.Diff(map[string]int{"palantin": 2}, s.Cart("Authorization", "Bearer "+boris.Token).Quantities()); diff != "" {
		t.Errorf("the new customer's cart (-want +got):\n%s", diff)
	}
	if c := s.Cart("Cookie", "cart_token="+guest); len(c.Items) != 0 {
		t.Errorf("the guest cookie still opens a cart after registration: %+v", c)
	}
	if diff := cmp.Diff(want, s.Cart(anna...).Quantities()); diff != "" {
		t.Errorf("another customer's registration changed this cart (-want +got):\n%s", diff)
	}
}

// A customer's very first adds, sent at the same moment (two tabs, a double click), all land: whichever makes
// the cart, the others find it, and none is refused as out of stock.
func TestFirstAddsAtOnceAllLand(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	s.Exec("UPDATE product_variants SET stock = 1000 WHERE product_id IN (SELECT id FROM products WHERE slug IN ('zhaket-vera', 'palantin'))")
	for round := range 3 {
		anna := s.Customer(fmt.Sprintf("anna%d@mail.ru", round)).Auth
		slugs := []string{"zhaket-vera", "palantin"}
		statuses := make([]int, 20)
		var wg sync.WaitGroup
		for i := range statuses {
			wg.Go(func() {
				req, _ := http.NewRequest("POST", s.URL+"/api/cart",
					strings.NewReader(fmt.Sprintf(`{"product_id":%d}`, s.ID(slugs[i%2]))))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set(anna[0], anna[1])
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				res.Body.Close()
				statuses[i] = res.StatusCode
			})
		}
		wg.Wait()
		for i, st := range statuses {
			if st != http.StatusCreated {
				t.Errorf("round %d: add %d → %d; want 201", round, i, st)
			}
		}
		if got := s.Cart(anna...).Quantities(); got["zhaket-vera"] != 10 || got["palantin"] != 10 {
			t.Errorf("round %d: cart %v; want 10 of each", round, got)
		}
	}
}

// A product's id and its variant's id are different numbers once products have more than one variant: the
// cart answer must show each line with its own product even when one line's variant id is another's product id.
func TestCartLinesShowTheirOwnProduct(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	anna := s.Customer("anna@mail.ru").Auth
	cat := s.Scalar(`SELECT category_id FROM products WHERE slug = 'zhaket-vera'`)
	// Product 910001 sells as variant 910002; product 910002 sells as variant 910003.
	for i, slug := range []string{"shuba-a", "shuba-b"} {
		s.Exec(`INSERT INTO products (id, category_id, slug, name, price) OVERRIDING SYSTEM VALUE
			VALUES ($1, $2, $3, $4, $5)`, 910001+i, cat, slug, "Шуба "+slug, 100000*(i+1))
		s.Exec(`INSERT INTO product_variants (id, product_id, sku, stock) OVERRIDING SYSTEM VALUE
			VALUES ($1, $2, $3, 5)`, 910002+i, 910001+i, "T-"+slug)
	}
	s.CartDo(http.StatusCreated, "POST", "/api/cart", `{"product_id":910001}`, anna...)
	c, _ := s.CartDo(http.StatusCreated, "POST", "/api/cart", `{"product_id":910002}`, anna...)
	for slug, name := range map[string]string{"shuba-a": "Шуба shuba-a", "shuba-b": "Шуба shuba-b"} {
		if l := c.Line(t, slug); l.Product.Name != name {
			t.Errorf("line %s shows %q; want %q", slug, l.Product.Name, name)
		}
	}
	if c.TotalPrice != "3000.00" {
		t.Errorf("total %s; want 3000.00 (1000.00 + 2000.00)", c.TotalPrice)
	}
}
