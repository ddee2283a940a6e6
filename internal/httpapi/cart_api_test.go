package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mekhaishuby/furstore/internal/money"
)

// shop is the API under test with a line to its database: to change the catalog behind the API's back (a price
// rise, a withdrawn product, a stock count) and to read what no API route shows (stock, order lines).
type shop struct {
	*apiClient
	db  *pgxpool.Pool
	ids map[string]int64 // product ids by slug, inactive products included
}

func newShop(t *testing.T, opt apiOptions) *shop {
	t.Helper()
	c := newAPIWith(t, opt)
	db, err := pgxpool.New(context.Background(), c.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	s := &shop{apiClient: c, db: db, ids: map[string]int64{}}
	rows, err := db.Query(context.Background(), "SELECT slug, id FROM products")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var slug string
		var id int64
		if err := rows.Scan(&slug, &id); err != nil {
			t.Fatal(err)
		}
		s.ids[slug] = id
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return s
}

// id is the product id of a slug of the fixture catalog.
func (s *shop) id(slug string) int64 {
	s.t.Helper()
	id, ok := s.ids[slug]
	if !ok {
		s.t.Fatalf("no product %q in the fixture catalog", slug)
	}
	return id
}

// exec runs SQL on the shop's database, as staff or another process would.
func (s *shop) exec(sql string, args ...any) {
	s.t.Helper()
	if _, err := s.db.Exec(context.Background(), sql, args...); err != nil {
		s.t.Fatalf("%s: %v", sql, err)
	}
}

// stock is how many of a product the warehouse holds, read from the database.
func (s *shop) stock(slug string) int {
	s.t.Helper()
	var n int
	if err := s.db.QueryRow(context.Background(), "SELECT stock FROM products WHERE slug = $1", slug).Scan(&n); err != nil {
		s.t.Fatal(err)
	}
	return n
}

// customer is a registered user: their id and the header that signs their requests in.
type customer struct {
	id   int64
	auth []string
}

func (s *shop) customer(email string) customer {
	s.t.Helper()
	a := s.register(email, "норковая-шуба-2026")
	return customer{id: a.User.ID, auth: []string{"Authorization", "Bearer " + a.Token}}
}

type cartLine struct {
	ID      int64 `json:"id"`
	Product struct {
		ID    int64  `json:"id"`
		Slug  string `json:"slug"`
		Name  string `json:"name"`
		Price string `json:"price"`
	} `json:"product"`
	Quantity  int    `json:"quantity"`
	LineTotal string `json:"line_total"`
	Available bool   `json:"available"`
	Stock     int    `json:"stock"`
}

type cartBody struct {
	Items         []cartLine `json:"items"`
	TotalQuantity int        `json:"total_quantity"`
	TotalPrice    string     `json:"total_price"`
}

// quantities is the cart as slug → quantity, for comparing with what a test expects.
func (c cartBody) quantities() map[string]int {
	m := map[string]int{}
	for _, l := range c.Items {
		m[l.Product.Slug] = l.Quantity
	}
	return m
}

func (c cartBody) line(t *testing.T, slug string) cartLine {
	t.Helper()
	for _, l := range c.Items {
		if l.Product.Slug == slug {
			return l
		}
	}
	t.Fatalf("no %s in the cart: %+v", slug, c)
	return cartLine{}
}

// checkTotals checks, in exact kopecks, that every line total is price × quantity and that the cart's totals are
// the sums of its lines; it returns the total price.
func checkTotals(t *testing.T, c cartBody) money.Amount {
	t.Helper()
	var sum money.Amount
	var qty int
	for _, l := range c.Items {
		price, lineTotal := amount(t, l.Product.Price), amount(t, l.LineTotal)
		if lineTotal != price*money.Amount(l.Quantity) {
			t.Errorf("%s: line total %s is not %s × %d", l.Product.Slug, l.LineTotal, l.Product.Price, l.Quantity)
		}
		sum += lineTotal
		qty += l.Quantity
	}
	if got := amount(t, c.TotalPrice); got != sum {
		t.Errorf("total_price %s, but the lines add up to %s", c.TotalPrice, sum)
	}
	if c.TotalQuantity != qty {
		t.Errorf("total_quantity %d, but the lines hold %d", c.TotalQuantity, qty)
	}
	return sum
}

// amount parses a money string of the API exactly; the API writes amounts with exactly two decimals.
func amount(t *testing.T, s string) money.Amount {
	t.Helper()
	a, err := money.Parse(s)
	if err != nil || !strings.Contains(s, ".") || len(s)-strings.Index(s, ".") != 3 {
		t.Fatalf("%q is not an amount with two decimals: %v", s, err)
	}
	return a
}

// cartDo sends a cart request and returns its answer, failing unless the status is want.
func (s *shop) cartDo(want int, method, path, body string, header ...string) (cartBody, response) {
	s.t.Helper()
	res := s.do(method, path, body, header...)
	if res.status != want {
		s.t.Fatalf("%s %s %s → %d %s; want %d", method, path, body, res.status, res.body, want)
	}
	var c cartBody
	res.json(s.t, &c)
	if c.Items == nil {
		s.t.Fatalf("%s %s: items is not a list: %s", method, path, res.body)
	}
	checkTotals(s.t, c)
	return c, res
}

func (s *shop) cart(header ...string) cartBody {
	s.t.Helper()
	c, _ := s.cartDo(http.StatusOK, "GET", "/api/cart", "", header...)
	return c
}

func (s *shop) add(slug string, quantity int, header ...string) cartBody {
	s.t.Helper()
	c, _ := s.cartDo(http.StatusCreated, "POST", "/api/cart", fmt.Sprintf(`{"product_id":%d,"quantity":%d}`, s.id(slug), quantity), header...)
	return c
}

// shortage is an insufficient_stock answer: what was asked for and what is left.
type shortage struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
		Details []struct {
			ProductID int64  `json:"product_id"`
			Name      string `json:"name"`
			Requested int    `json:"requested"`
			Available int    `json:"available"`
		} `json:"details"`
	} `json:"error"`
}

func TestCartAddSetRemove(t *testing.T) {
	t.Parallel()
	s := newShop(t, apiOptions{})
	anna := s.customer("anna@mail.ru").auth

	if c := s.cart(anna...); len(c.Items) != 0 || c.TotalPrice != "0.00" || c.TotalQuantity != 0 {
		t.Fatalf("a new customer's cart: %+v", c)
	}
	c, res := s.cartDo(http.StatusCreated, "POST", "/api/cart", fmt.Sprintf(`{"product_id":%d}`, s.id("zhaket-vera")), anna...)
	if diff := cmp.Diff(map[string]int{"zhaket-vera": 1}, c.quantities()); diff != "" {
		t.Fatalf("add without a quantity adds one (-want +got):\n%s", diff)
	}
	if res.header.Get("X-Cart-Token") != "" {
		t.Errorf("a signed-in customer was given a guest cart token")
	}
	s.add("zhaket-vera", 2, anna...)
	c = s.add("palantin", 3, anna...)
	if diff := cmp.Diff(map[string]int{"zhaket-vera": 3, "palantin": 3}, c.quantities()); diff != "" {
		t.Fatalf("adding again increments (-want +got):\n%s", diff)
	}
	// 3 × 16400.00 + 3 × 19990.50: exact to the kopeck.
	if c.TotalPrice != "109171.50" || c.TotalQuantity != 6 || c.line(t, "palantin").LineTotal != "59971.50" {
		t.Errorf("totals: %s for %d pieces, palantin line %s; want 109171.50 for 6, 59971.50",
			c.TotalPrice, c.TotalQuantity, c.line(t, "palantin").LineTotal)
	}
	if l := c.line(t, "zhaket-vera"); l.Product.Name != "Жакет «Вера»" || l.Product.Price != "16400.00" || !l.Available || l.Stock != 5 {
		t.Errorf("the line shows the product wrongly: %+v", l)
	}

	c, _ = s.cartDo(http.StatusOK, "PUT", "/api/cart", fmt.Sprintf(`{"product_id":%d,"quantity":1}`, s.id("zhaket-vera")), anna...)
	if c.line(t, "zhaket-vera").Quantity != 1 || c.TotalPrice != "76371.50" {
		t.Errorf("PUT quantity 1: %+v; want vera × 1, total 76371.50", c)
	}
	c, _ = s.cartDo(http.StatusOK, "PUT", "/api/cart", fmt.Sprintf(`{"product_id":%d,"quantity":2}`, s.id("zhaket-olga")), anna...)
	if diff := cmp.Diff(map[string]int{"zhaket-vera": 1, "palantin": 3, "zhaket-olga": 2}, c.quantities()); diff != "" {
		t.Errorf("PUT of a product not in the cart puts it there (-want +got):\n%s", diff)
	}

	c, _ = s.cartDo(http.StatusOK, "DELETE", "/api/cart", fmt.Sprintf(`{"product_id":%d}`, s.id("zhaket-vera")), anna...)
	if diff := cmp.Diff(map[string]int{"palantin": 3, "zhaket-olga": 2}, c.quantities()); diff != "" {
		t.Errorf("DELETE with the id in the body (-want +got):\n%s", diff)
	}
	c, _ = s.cartDo(http.StatusOK, "DELETE", "/api/cart?product_id="+strconv.FormatInt(s.id("palantin"), 10), "", anna...)
	if diff := cmp.Diff(map[string]int{"zhaket-olga": 2}, c.quantities()); diff != "" || c.TotalPrice != "32800.00" {
		t.Errorf("DELETE with ?product_id=: total %s (-want +got):\n%s", c.TotalPrice, diff)
	}
	if diff := cmp.Diff(map[string]int{"zhaket-olga": 2}, s.cart(anna...).quantities()); diff != "" {
		t.Errorf("GET after the changes (-want +got):\n%s", diff)
	}
}

func TestCartBadInput(t *testing.T) {
	t.Parallel()
	s := newShop(t, apiOptions{})
	anna := s.customer("anna@mail.ru").auth
	s.add("zhaket-vera", 1, anna...)
	before := s.cart(anna...)

	vera, hidden := s.id("zhaket-vera"), s.id("zhaket-hidden")
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
		{"DELETE of a product not in the cart", "DELETE", "/api/cart", fmt.Sprintf(`{"product_id":%d}`, s.id("palantin")), "", 404, "not_in_cart", ""},
		{"DELETE ?product_id= not in the cart", "DELETE", fmt.Sprintf("/api/cart?product_id=%d", s.id("palantin")), "", "", 404, "not_in_cart", ""},
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
			res := s.do(tt.method, tt.path, tt.body, header...)
			e := errorOf(t, res)
			if res.status != tt.status || e.Error.Code != tt.code || (tt.field != "" && e.Error.Fields[tt.field] == "") {
				t.Errorf("→ %d %s; want %d %s naming %q", res.status, res.body, tt.status, tt.code, tt.field)
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
			res := s.do(tt.method, "/api/cart", fmt.Sprintf(`{"product_id":%d,"quantity":%d}`, s.id(tt.slug), tt.quantity), anna...)
			var e shortage
			res.json(t, &e)
			if res.status != http.StatusConflict || e.Error.Code != "insufficient_stock" || e.Error.Fields["quantity"] == "" || len(e.Error.Details) != 1 {
				t.Errorf("%s → %d %s; want 409 insufficient_stock with details", tt.name, res.status, res.body)
				continue
			}
			d := e.Error.Details[0]
			if d.ProductID != s.id(tt.slug) || d.Requested != tt.requested || d.Available != tt.left || d.Name == "" {
				t.Errorf("%s: details %+v; want product %d, requested %d, available %d", tt.name, d, s.id(tt.slug), tt.requested, tt.left)
			}
		}
	})

	// Nothing refused was half-written.
	if diff := cmp.Diff(before, s.cart(anna...)); diff != "" {
		t.Errorf("refused requests changed the cart (-before +after):\n%s", diff)
	}
	for _, header := range []string{"Bearer nonsense", "Token " + strings.Repeat("x", 43), "Basic YW5uYTpwdw=="} {
		for _, method := range []string{"GET", "POST"} {
			res := s.do(method, "/api/cart", fmt.Sprintf(`{"product_id":%d}`, vera), "Authorization", header)
			if res.status != http.StatusUnauthorized || errorOf(t, res).Error.Code == "" {
				t.Errorf("%s /api/cart with Authorization %q → %d %s; want 401, not a guest cart", method, header, res.status, res.body)
			}
		}
	}
}

// A cart shows each product as it is now: a price rise shows at once, a withdrawn product is marked unavailable.
func TestCartShowsProductsAsTheyAreNow(t *testing.T) {
	t.Parallel()
	s := newShop(t, apiOptions{})
	anna := s.customer("anna@mail.ru").auth
	s.add("zhaket-vera", 2, anna...)
	s.add("shuba-elena", 1, anna...)

	s.exec("UPDATE products SET price = 1750050 WHERE slug = 'zhaket-vera'")
	s.exec("UPDATE products SET is_active = false WHERE slug = 'shuba-elena'")
	s.exec("UPDATE products SET stock = 1 WHERE slug = 'shuba-elena'")

	c := s.cart(anna...)
	vera, elena := c.line(t, "zhaket-vera"), c.line(t, "shuba-elena")
	if vera.Product.Price != "17500.50" || vera.LineTotal != "35001.00" || !vera.Available {
		t.Errorf("a pricier product: %+v; want price 17500.50, line 35001.00, available", vera)
	}
	if elena.Available || elena.Stock != 1 {
		t.Errorf("a withdrawn product: %+v; want available=false, stock 1", elena)
	}
	if got := checkTotals(t, c); got != 35001_00+185000_00 {
		t.Errorf("total %s; want 220001.00", got)
	}
	if res := s.do("POST", "/api/cart", fmt.Sprintf(`{"product_id":%d}`, s.id("shuba-elena")), anna...); res.status != 404 {
		t.Errorf("adding more of a withdrawn product → %d %s; want 404", res.status, res.body)
	}
	// A withdrawn product can still be taken out of the cart.
	c, _ = s.cartDo(http.StatusOK, "DELETE", "/api/cart", fmt.Sprintf(`{"product_id":%d}`, s.id("shuba-elena")), anna...)
	if diff := cmp.Diff(map[string]int{"zhaket-vera": 2}, c.quantities()); diff != "" {
		t.Errorf("after removing the withdrawn product (-want +got):\n%s", diff)
	}
}

// cartCookie returns the cart_token cookie a response sets, if any.
func cartCookie(res response) *http.Cookie {
	for _, c := range (&http.Response{Header: res.header}).Cookies() {
		if c.Name == "cart_token" {
			return c
		}
	}
	return nil
}

func TestGuestCart(t *testing.T) {
	t.Parallel()
	s := newShop(t, apiOptions{})

	if c := s.cart(); len(c.Items) != 0 {
		t.Fatalf("a visitor without a token has a cart: %+v", c)
	}
	_, res := s.cartDo(http.StatusCreated, "POST", "/api/cart", fmt.Sprintf(`{"product_id":%d,"quantity":2}`, s.id("zhaket-vera")))
	tok := res.header.Get("X-Cart-Token")
	cookie := cartCookie(res)
	if len(tok) < 43 || cookie == nil || cookie.Value != tok || !cookie.HttpOnly || cookie.Path != "/" || cookie.MaxAge <= 0 {
		t.Fatalf("the first add gave token %q and cookie %+v; want a token in X-Cart-Token and the same in an HttpOnly cookie", tok, cookie)
	}

	_, res = s.cartDo(http.StatusCreated, "POST", "/api/cart", fmt.Sprintf(`{"product_id":%d}`, s.id("palantin")), "X-Cart-Token", tok)
	if res.header.Get("X-Cart-Token") != "" || cartCookie(res) != nil {
		t.Errorf("adding to an existing guest cart handed out a new token")
	}
	want := map[string]int{"zhaket-vera": 2, "palantin": 1}
	if diff := cmp.Diff(want, s.cart("X-Cart-Token", tok).quantities()); diff != "" {
		t.Errorf("the cart by X-Cart-Token (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, s.cart("Cookie", "cart_token="+tok).quantities()); diff != "" {
		t.Errorf("the cart by cookie alone (-want +got):\n%s", diff)
	}
	c, _ := s.cartDo(http.StatusOK, "PUT", "/api/cart", fmt.Sprintf(`{"product_id":%d,"quantity":1}`, s.id("zhaket-vera")), "Cookie", "cart_token="+tok)
	if diff := cmp.Diff(map[string]int{"zhaket-vera": 1, "palantin": 1}, c.quantities()); diff != "" {
		t.Errorf("PUT by cookie (-want +got):\n%s", diff)
	}

	// Another guest has a cart of their own, and a token nobody was given opens none.
	_, res = s.cartDo(http.StatusCreated, "POST", "/api/cart", fmt.Sprintf(`{"product_id":%d}`, s.id("zhaket-olga")))
	other := res.header.Get("X-Cart-Token")
	if other == "" || other == tok {
		t.Fatalf("a second guest got token %q (the first has %q)", other, tok)
	}
	if diff := cmp.Diff(map[string]int{"zhaket-olga": 1}, s.cart("X-Cart-Token", other).quantities()); diff != "" {
		t.Errorf("the other guest's cart (-want +got):\n%s", diff)
	}
	for _, unknown := range []string{strings.Repeat("A", 43), tok[:42], strings.Repeat("x", 200)} {
		if c := s.cart("X-Cart-Token", unknown); len(c.Items) != 0 {
			t.Errorf("token %.20q… opens a cart: %+v", unknown, c)
		}
	}
	if res := s.do("DELETE", "/api/cart?product_id="+strconv.FormatInt(s.id("palantin"), 10), "", "X-Cart-Token", strings.Repeat("A", 43)); res.status != 404 {
		t.Errorf("DELETE with an unknown token → %d %s; want 404", res.status, res.body)
	}
	if diff := cmp.Diff(map[string]int{"zhaket-vera": 1, "palantin": 1}, s.cart("X-Cart-Token", tok).quantities()); diff != "" {
		t.Errorf("the first guest's cart was touched by others (-want +got):\n%s", diff)
	}
}

// Signing in with a guest cart brings its contents into the customer's cart, quantities added up to the stock.
func TestGuestCartMergesOnSignIn(t *testing.T) {
	t.Parallel()
	s := newShop(t, apiOptions{})
	anna := s.customer("anna@mail.ru").auth
	s.add("zhaket-vera", 4, anna...) // of 5 in stock

	_, res := s.cartDo(http.StatusCreated, "POST", "/api/cart", fmt.Sprintf(`{"product_id":%d,"quantity":3}`, s.id("zhaket-vera")))
	guest := res.header.Get("X-Cart-Token")
	s.add("shuba-sobol", 1, "X-Cart-Token", guest)

	res = s.do("POST", "/api/auth/login", `{"email":"anna@mail.ru","password":"норковая-шуба-2026"}`, "X-Cart-Token", guest)
	if res.status != 200 {
		t.Fatalf("login with a guest cart → %d %s", res.status, res.body)
	}
	if c := cartCookie(res); c == nil || c.MaxAge >= 0 {
		t.Errorf("login did not tell the browser to forget the guest cart cookie: %+v", c)
	}
	var login authResult
	res.json(t, &login)
	want := map[string]int{"zhaket-vera": 5, "shuba-sobol": 1} // 4 + 3 capped by the stock of 5
	if diff := cmp.Diff(want, s.cart("Authorization", "Bearer "+login.Token).quantities()); diff != "" {
		t.Errorf("the merged cart (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, s.cart(anna...).quantities()); diff != "" {
		t.Errorf("the merged cart from the customer's other session (-want +got):\n%s", diff)
	}
	if c := s.cart("X-Cart-Token", guest); len(c.Items) != 0 {
		t.Errorf("the guest token still opens a cart after the merge: %+v", c)
	}
	// Signing in again with the spent token merges nothing more.
	if res := s.do("POST", "/api/auth/login", `{"email":"anna@mail.ru","password":"норковая-шуба-2026"}`, "X-Cart-Token", guest); res.status != 200 {
		t.Fatalf("login with a spent guest token → %d %s", res.status, res.body)
	}
	if diff := cmp.Diff(want, s.cart(anna...).quantities()); diff != "" {
		t.Errorf("a spent guest token changed the cart (-want +got):\n%s", diff)
	}

	// Registration with a guest cart (here by cookie, as a browser sends it) starts the account with that cart.
	_, res = s.cartDo(http.StatusCreated, "POST", "/api/cart", fmt.Sprintf(`{"product_id":%d,"quantity":2}`, s.id("palantin")))
	guest = res.header.Get("X-Cart-Token")
	res = s.do("POST", "/api/auth/register", `{"email":"boris@mail.ru","password":"соболья-шуба-2027"}`, "Cookie", "cart_token="+guest)
	if res.status != http.StatusCreated {
		t.Fatalf("register with a guest cart → %d %s", res.status, res.body)
	}
	var boris authResult
	res.json(t, &boris)
	if diff := cmp.Diff(map[string]int{"palantin": 2}, s.cart("Authorization", "Bearer "+boris.Token).quantities()); diff != "" {
		t.Errorf("the new customer's cart (-want +got):\n%s", diff)
	}
	if c := s.cart("Cookie", "cart_token="+guest); len(c.Items) != 0 {
		t.Errorf("the guest cookie still opens a cart after registration: %+v", c)
	}
	if diff := cmp.Diff(want, s.cart(anna...).quantities()); diff != "" {
		t.Errorf("another customer's registration changed this cart (-want +got):\n%s", diff)
	}
}
