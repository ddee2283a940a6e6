package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mekhaishuby/furstore/internal/mail/mailtest"
	"github.com/mekhaishuby/furstore/internal/money"
)

// seedOrder is the seed's example order body, verbatim: server-owned fields and all.
const seedOrder = `{"id": 41, "created_timestamp": "2023-07-25", "phone_number": "79855508853", "requires_delivery": false, "delivery_address": "пушкина, калатушкина", "payment_on_get": true, "is_paid": true, "status": "Выдан", "user": 8}`

type orderBody struct {
	ID               int64  `json:"id"`
	CreatedTimestamp string `json:"created_timestamp"`
	PhoneNumber      string `json:"phone_number"`
	RequiresDelivery bool   `json:"requires_delivery"`
	DeliveryAddress  string `json:"delivery_address"`
	PaymentOnGet     bool   `json:"payment_on_get"`
	IsPaid           bool   `json:"is_paid"`
	Status           string `json:"status"`
	User             int64  `json:"user"`
	Items            []struct {
		ProductID *int64 `json:"product_id"`
		Name      string `json:"name"`
		Price     string `json:"price"`
		Quantity  int    `json:"quantity"`
		LineTotal string `json:"line_total"`
	} `json:"items"`
	TotalPrice    string `json:"total_price"`
	StatusHistory []struct {
		Status    string    `json:"status"`
		ChangedAt time.Time `json:"changed_at"`
	} `json:"status_history"`
}

// lines is the order as product name → "price × quantity = line total", for comparing with what a test expects.
// It also checks, in exact kopecks, that every line total is price × quantity and the total their sum.
func (o orderBody) lines(t *testing.T) map[string]string {
	t.Helper()
	m := map[string]string{}
	var sum money.Amount
	for _, it := range o.Items {
		price, lineTotal := amount(t, it.Price), amount(t, it.LineTotal)
		if lineTotal != price*money.Amount(it.Quantity) {
			t.Errorf("order %d, %s: line total %s is not %s × %d", o.ID, it.Name, it.LineTotal, it.Price, it.Quantity)
		}
		sum += lineTotal
		m[it.Name] = fmt.Sprintf("%s × %d = %s", it.Price, it.Quantity, it.LineTotal)
	}
	if amount(t, o.TotalPrice) != sum {
		t.Errorf("order %d: total %s, but the lines add up to %s", o.ID, o.TotalPrice, sum)
	}
	return m
}

func (o orderBody) statuses() []string {
	var s []string
	for _, h := range o.StatusHistory {
		s = append(s, h.Status)
	}
	return s
}

// order sends POST /api/order and fails unless the status is want; header holds the customer's Authorization and
// anything else to send.
func (s *shop) order(want int, body string, header ...string) (orderBody, response) {
	s.t.Helper()
	res := s.do("POST", "/api/order", body, header...)
	if res.status != want {
		s.t.Fatalf("POST /api/order %.80s → %d %s; want %d", body, res.status, res.body, want)
	}
	var o orderBody
	if want < 300 {
		res.json(s.t, &o)
	}
	return o, res
}

type orderPage struct {
	Count    int         `json:"count"`
	Next     *string     `json:"next"`
	Previous *string     `json:"previous"`
	Results  []orderBody `json:"results"`
}

func (s *shop) orders(header ...string) orderPage {
	s.t.Helper()
	res := s.do("GET", "/api/orders", "", header...)
	if res.status != 200 {
		s.t.Fatalf("GET /api/orders → %d %s", res.status, res.body)
	}
	var p orderPage
	res.json(s.t, &p)
	return p
}

func (s *shop) getOrder(id int64, header ...string) orderBody {
	s.t.Helper()
	res := s.do("GET", "/api/orders/"+strconv.FormatInt(id, 10), "", header...)
	if res.status != 200 {
		s.t.Fatalf("GET /api/orders/%d → %d %s", id, res.status, res.body)
	}
	var o orderBody
	res.json(s.t, &o)
	return o
}

// stocks reads the stock of several products at once, as slug → stock.
func (s *shop) stocks(slugs ...string) map[string]int {
	s.t.Helper()
	m := map[string]int{}
	for _, slug := range slugs {
		m[slug] = s.stock(slug)
	}
	return m
}

func TestPlaceOrderWithTheSeedBody(t *testing.T) {
	t.Parallel()
	s := newShop(t, apiOptions{})
	anna := s.customer("anna@mail.ru")
	s.add("zhaket-vera", 2, anna.auth...)
	s.add("palantin", 1, anna.auth...)

	start := time.Now()
	o, res := s.order(http.StatusCreated, seedOrder, anna.auth...)
	if o.ID == 41 || o.ID < 1 || res.header.Get("Location") != "/api/orders/"+strconv.FormatInt(o.ID, 10) {
		t.Errorf("order id %d, Location %q: the id is the server's", o.ID, res.header.Get("Location"))
	}
	if o.IsPaid || o.Status != "В обработке" || o.User != anna.id {
		t.Errorf("is_paid %v, status %q, user %d; want false, «В обработке», %d (the client's values are ignored)", o.IsPaid, o.Status, o.User, anna.id)
	}
	if at, err := time.Parse(time.RFC3339Nano, o.CreatedTimestamp); err != nil || at.Before(start.Add(-time.Minute)) || at.After(time.Now().Add(time.Minute)) {
		t.Errorf("created_timestamp %q is not the moment of the order (%v)", o.CreatedTimestamp, err)
	}
	if o.PhoneNumber != "79855508853" || o.RequiresDelivery || o.DeliveryAddress != "пушкина, калатушкина" || !o.PaymentOnGet {
		t.Errorf("the customer's fields were not kept: %+v", o)
	}
	want := map[string]string{
		"Жакет «Вера»":      "16400.00 × 2 = 32800.00",
		"Палантин из норки": "19990.50 × 1 = 19990.50",
	}
	if diff := cmp.Diff(want, o.lines(t)); diff != "" || o.TotalPrice != "52790.50" {
		t.Errorf("order total %s, want 52790.50; lines (-want +got):\n%s", o.TotalPrice, diff)
	}
	for _, it := range o.Items {
		if it.ProductID == nil || (*it.ProductID != s.id("zhaket-vera") && *it.ProductID != s.id("palantin")) {
			t.Errorf("line %s names product %v", it.Name, it.ProductID)
		}
	}
	if diff := cmp.Diff([]string{"В обработке"}, o.statuses()); diff != "" {
		t.Errorf("status history (-want +got):\n%s", diff)
	}

	if c := s.cart(anna.auth...); len(c.Items) != 0 {
		t.Errorf("the cart after the order: %+v; want empty", c)
	}
	if diff := cmp.Diff(map[string]int{"zhaket-vera": 3, "palantin": 6}, s.stocks("zhaket-vera", "palantin")); diff != "" {
		t.Errorf("stock after the order (-want +got):\n%s", diff)
	}

	// A later price change does not rewrite the order.
	s.exec("UPDATE products SET price = 1750000 WHERE slug = 'zhaket-vera'")
	got := s.getOrder(o.ID, anna.auth...)
	if diff := cmp.Diff(want, got.lines(t)); diff != "" || got.TotalPrice != "52790.50" {
		t.Errorf("after a price rise the order shows total %s; lines (-want +got):\n%s", got.TotalPrice, diff)
	}
	// Ordering again with the cart now empty is refused.
	if _, res := s.order(http.StatusBadRequest, seedOrder, anna.auth...); errorOf(t, res).Error.Code != "empty_cart" {
		t.Errorf("a second order from the emptied cart → %s; want empty_cart", res.body)
	}
	if p := s.orders(anna.auth...); p.Count != 1 || len(p.Results) != 1 || p.Results[0].ID != o.ID {
		t.Errorf("GET /api/orders: %+v; want the one order %d", p, o.ID)
	}
}

func TestOrderPhoneAndDelivery(t *testing.T) {
	t.Parallel()
	s := newShop(t, apiOptions{})
	anna := s.customer("anna@mail.ru").auth

	for _, phone := range []string{"79855508853", "+7 985 550-88-53", "8 (985) 550-88-53"} {
		s.add("palantin", 1, anna...)
		o, _ := s.order(http.StatusCreated, fmt.Sprintf(`{"phone_number":%q,"requires_delivery":false,"payment_on_get":true}`, phone), anna...)
		if o.PhoneNumber != "79855508853" {
			t.Errorf("phone %q was kept as %q; want 79855508853", phone, o.PhoneNumber)
		}
	}
	// Delivery with an address of exactly 500 characters (1000 bytes of Cyrillic) is accepted.
	address := strings.Repeat("я", 500)
	s.add("palantin", 1, anna...)
	o, _ := s.order(http.StatusCreated, fmt.Sprintf(`{"phone_number":"+7 985 550-88-53","requires_delivery":true,"delivery_address":%q,"payment_on_get":false}`, address), anna...)
	if !o.RequiresDelivery || o.DeliveryAddress != address || o.PaymentOnGet {
		t.Errorf("a delivery order: requires_delivery %v, %d-character address, payment_on_get %v", o.RequiresDelivery, len([]rune(o.DeliveryAddress)), o.PaymentOnGet)
	}
	if p := s.orders(anna...); p.Count != 4 {
		t.Errorf("%d orders; want 4", p.Count)
	}
}

func TestOrderBadInput(t *testing.T) {
	t.Parallel()
	s := newShop(t, apiOptions{})
	anna := s.customer("anna@mail.ru").auth
	s.add("zhaket-vera", 2, anna...)
	cartBefore := s.cart(anna...)

	tests := []struct {
		name, body string
		header     []string
		status     int
		code       string
		field      string
	}{
		{"no phone", `{"requires_delivery":false,"payment_on_get":true}`, nil, 400, "required", "phone_number"},
		{"blank phone", `{"phone_number":"  ","requires_delivery":false}`, nil, 400, "required", "phone_number"},
		{"short phone", `{"phone_number":"12345","requires_delivery":false}`, nil, 400, "invalid_phone", "phone_number"},
		{"foreign phone", `{"phone_number":"+1 202 555 0100","requires_delivery":false}`, nil, 400, "invalid_phone", "phone_number"},
		{"letters in the phone", `{"phone_number":"8 985 SHUBA-53","requires_delivery":false}`, nil, 400, "invalid_phone", "phone_number"},
		{"phone as a number", `{"phone_number":79855508853,"requires_delivery":false}`, nil, 400, "invalid_type", "phone_number"},
		{"delivery without an address", `{"phone_number":"79855508853","requires_delivery":true,"payment_on_get":true}`, nil, 400, "required", "delivery_address"},
		{"delivery to a blank address", `{"phone_number":"79855508853","requires_delivery":true,"delivery_address":"   "}`, nil, 400, "required", "delivery_address"},
		{"address of 501 characters", `{"phone_number":"79855508853","requires_delivery":true,"delivery_address":"` + strings.Repeat("я", 501) + `"}`, nil, 400, "invalid_value", "delivery_address"},
		{"absurdly long address for pickup", `{"phone_number":"79855508853","requires_delivery":false,"delivery_address":"` + strings.Repeat("a", 5000) + `"}`, nil, 400, "invalid_value", "delivery_address"},
		{"two bad fields", `{"requires_delivery":true}`, nil, 400, "required", "delivery_address"},
		{"requires_delivery as a string", `{"phone_number":"79855508853","requires_delivery":"yes"}`, nil, 400, "invalid_type", "requires_delivery"},
		{"Idempotency-Key too long", `{"phone_number":"79855508853"}`, []string{"Idempotency-Key", strings.Repeat("k", 101)}, 400, "invalid_value", "Idempotency-Key"},
		{"malformed JSON", `{"phone_number":"79855508853",`, nil, 400, "malformed_json", ""},
		{"not JSON", `phone_number=79855508853`, []string{"Content-Type", "application/x-www-form-urlencoded"}, 415, "unsupported_media_type", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := s.do("POST", "/api/order", tt.body, append(tt.header, anna...)...)
			e := errorOf(t, res)
			if res.status != tt.status || e.Error.Code != tt.code || (tt.field != "" && e.Error.Fields[tt.field] == "") {
				t.Errorf("→ %d %s; want %d %s naming %q", res.status, res.body, tt.status, tt.code, tt.field)
			}
		})
	}
	t.Run("two bad fields are both named", func(t *testing.T) {
		res := s.do("POST", "/api/order", `{"phone_number":"12","requires_delivery":true}`, anna...)
		if e := errorOf(t, res); res.status != 400 || e.Error.Code != "invalid_input" || e.Error.Fields["phone_number"] == "" || e.Error.Fields["delivery_address"] == "" {
			t.Errorf("→ %d %s; want 400 invalid_input naming phone_number and delivery_address", res.status, res.body)
		}
	})

	// Nothing was half-written: no order, the cart and the stock as they were.
	if p := s.orders(anna...); p.Count != 0 || len(p.Results) != 0 {
		t.Errorf("refused orders left orders behind: %+v", p)
	}
	if diff := cmp.Diff(cartBefore, s.cart(anna...)); diff != "" {
		t.Errorf("refused orders changed the cart (-before +after):\n%s", diff)
	}
	if got := s.stock("zhaket-vera"); got != 5 {
		t.Errorf("refused orders changed the stock: %d, want 5", got)
	}
}

func TestOrderNeedsASignedInCustomerWithACart(t *testing.T) {
	t.Parallel()
	s := newShop(t, apiOptions{})
	_, res := s.cartDo(http.StatusCreated, "POST", "/api/cart", fmt.Sprintf(`{"product_id":%d}`, s.id("zhaket-vera")))
	guest := res.header.Get("X-Cart-Token")

	for _, header := range [][]string{
		{"X-Cart-Token", guest},
		{"Authorization", "Bearer nonsense"},
		{"Authorization", "Bearer " + strings.Repeat("A", 43), "X-Cart-Token", guest},
	} {
		res := s.do("POST", "/api/order", seedOrder, header...)
		if res.status != http.StatusUnauthorized || errorOf(t, res).Error.Code == "" {
			t.Errorf("POST /api/order with %q → %d %s; want 401", header, res.status, res.body)
		}
		for _, path := range []string{"/api/orders", "/api/orders/1"} {
			if res := s.do("GET", path, "", header...); res.status != http.StatusUnauthorized {
				t.Errorf("GET %s with %q → %d; want 401", path, header, res.status)
			}
		}
	}
	if diff := cmp.Diff(map[string]int{"zhaket-vera": 1}, s.cart("X-Cart-Token", guest).quantities()); diff != "" {
		t.Errorf("the guest cart after refused orders (-want +got):\n%s", diff)
	}

	anna := s.customer("anna@mail.ru").auth
	if _, res := s.order(http.StatusBadRequest, seedOrder, anna...); errorOf(t, res).Error.Code != "empty_cart" {
		t.Errorf("an order from an empty cart → %s; want empty_cart", res.body)
	}
	if _, res := s.order(http.StatusBadRequest, seedOrder, append([]string{"Idempotency-Key", "empty-1"}, anna...)...); errorOf(t, res).Error.Code != "empty_cart" {
		t.Errorf("an order from an empty cart with an Idempotency-Key → %s; want empty_cart", res.body)
	}
	// The refused attempt did not use up its key: the same key works once the cart has something.
	s.add("palantin", 1, anna...)
	s.order(http.StatusCreated, seedOrder, append([]string{"Idempotency-Key", "empty-1"}, anna...)...)
}

// When a line is short, the answer names every short line and what is left, and nothing at all changes.
func TestOrderWithAShortLineChangesNothing(t *testing.T) {
	t.Parallel()
	s := newShop(t, apiOptions{})
	anna := s.customer("anna@mail.ru").auth
	s.add("zhaket-vera", 3, anna...)
	s.add("shuba-sobol", 1, anna...)
	s.add("palantin", 2, anna...)
	// Meanwhile other customers bought Вера jackets and the sable coat.
	s.exec("UPDATE products SET stock = 1 WHERE slug = 'zhaket-vera'")
	s.exec("UPDATE products SET stock = 0 WHERE slug = 'shuba-sobol'")
	cartBefore := s.cart(anna...)
	stockBefore := s.stocks("zhaket-vera", "shuba-sobol", "palantin")

	res := s.do("POST", "/api/order", seedOrder, anna...)
	var e shortage
	res.json(t, &e)
	if res.status != http.StatusConflict || e.Error.Code != "insufficient_stock" {
		t.Fatalf("→ %d %s; want 409 insufficient_stock", res.status, res.body)
	}
	type short struct {
		Name                 string
		Requested, Available int
	}
	got := map[int64]short{}
	for _, d := range e.Error.Details {
		got[d.ProductID] = short{d.Name, d.Requested, d.Available}
	}
	want := map[int64]short{
		s.id("zhaket-vera"): {"Жакет «Вера»", 3, 1},
		s.id("shuba-sobol"): {"Соболья шуба «Царица»", 1, 0},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("details (-want +got):\n%s", diff)
	}
	for id := range want {
		if e.Error.Fields[fmt.Sprintf("items[%d]", id)] == "" {
			t.Errorf("fields do not name items[%d]: %v", id, e.Error.Fields)
		}
	}
	if !strings.Contains(e.Error.Message, "Жакет «Вера»") || !strings.Contains(e.Error.Message, "Соболья шуба «Царица»") || strings.Contains(e.Error.Message, "Палантин") {
		t.Errorf("the message should name the two short products only: %q", e.Error.Message)
	}

	if diff := cmp.Diff(cartBefore, s.cart(anna...)); diff != "" {
		t.Errorf("the cart changed (-before +after):\n%s", diff)
	}
	if diff := cmp.Diff(stockBefore, s.stocks("zhaket-vera", "shuba-sobol", "palantin")); diff != "" {
		t.Errorf("the stock changed (-before +after):\n%s", diff)
	}
	if p := s.orders(anna...); p.Count != 0 {
		t.Errorf("an order was made: %+v", p)
	}

	// A withdrawn product is short too, with nothing left.
	s.exec("UPDATE products SET is_active = false WHERE slug = 'palantin'")
	res = s.do("POST", "/api/order", seedOrder, anna...)
	e = shortage{}
	res.json(t, &e)
	if res.status != http.StatusConflict || len(e.Error.Details) != 3 {
		t.Errorf("with a withdrawn product too → %d %s; want 409 naming three products", res.status, res.body)
	}
	s.exec("UPDATE products SET is_active = true WHERE slug = 'palantin'")

	// The customer takes what is left and orders.
	s.cartDo(http.StatusOK, "PUT", "/api/cart", fmt.Sprintf(`{"product_id":%d,"quantity":1}`, s.id("zhaket-vera")), anna...)
	s.cartDo(http.StatusOK, "DELETE", "/api/cart", fmt.Sprintf(`{"product_id":%d}`, s.id("shuba-sobol")), anna...)
	o, _ := s.order(http.StatusCreated, seedOrder, anna...)
	if diff := cmp.Diff(map[string]string{"Жакет «Вера»": "16400.00 × 1 = 16400.00", "Палантин из норки": "19990.50 × 2 = 39981.00"}, o.lines(t)); diff != "" || o.TotalPrice != "56381.00" {
		t.Errorf("the order after fixing the cart: total %s (-want +got):\n%s", o.TotalPrice, diff)
	}
	if diff := cmp.Diff(map[string]int{"zhaket-vera": 0, "shuba-sobol": 0, "palantin": 5}, s.stocks("zhaket-vera", "shuba-sobol", "palantin")); diff != "" {
		t.Errorf("stock after the order (-want +got):\n%s", diff)
	}
}

func TestIdempotencyKeyRepeatedReturnsTheFirstOrder(t *testing.T) {
	t.Parallel()
	s := newShop(t, apiOptions{})
	anna := s.customer("anna@mail.ru").auth
	withKey := func(key string) []string { return append([]string{"Idempotency-Key", key}, anna...) }

	s.add("zhaket-vera", 1, anna...)
	first, _ := s.order(http.StatusCreated, seedOrder, withKey("checkout-7f3a")...)
	s.add("palantin", 1, anna...) // the customer goes on shopping; a retry of the first submit must not take this
	again, res := s.order(http.StatusOK, seedOrder, withKey("checkout-7f3a")...)
	if again.ID != first.ID || res.header.Get("Location") != "" {
		t.Fatalf("the repeat answered order %d (Location %q); want the first, %d", again.ID, res.header.Get("Location"), first.ID)
	}
	if diff := cmp.Diff(first.lines(t), again.lines(t)); diff != "" {
		t.Errorf("the repeat's lines differ from the first order's (-first +repeat):\n%s", diff)
	}
	if p := s.orders(anna...); p.Count != 1 {
		t.Errorf("%d orders after a repeated key; want 1", p.Count)
	}
	if diff := cmp.Diff(map[string]int{"palantin": 1}, s.cart(anna...).quantities()); diff != "" {
		t.Errorf("the repeat touched the cart (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]int{"zhaket-vera": 4, "palantin": 7}, s.stocks("zhaket-vera", "palantin")); diff != "" {
		t.Errorf("stock (-want +got):\n%s", diff)
	}

	// Another key is another order; another customer's same key is theirs alone.
	second, _ := s.order(http.StatusCreated, seedOrder, withKey("checkout-9b1c")...)
	boris := s.customer("boris@mail.ru").auth
	s.add("zhaket-olga", 1, boris...)
	theirs, _ := s.order(http.StatusCreated, seedOrder, append([]string{"Idempotency-Key", "checkout-7f3a"}, boris...)...)
	if second.ID == first.ID || theirs.ID == first.ID || theirs.ID == second.ID {
		t.Errorf("orders %d, %d, %d: want three different", first.ID, second.ID, theirs.ID)
	}
	if p := s.orders(anna...); p.Count != 2 {
		t.Errorf("anna has %d orders; want 2", p.Count)
	}
}

func TestOrderHistory(t *testing.T) {
	t.Parallel()
	s := newShop(t, apiOptions{})
	anna := s.customer("anna@mail.ru").auth
	var ids []int64
	for _, slug := range []string{"zhaket-vera", "palantin", "zhaket-olga"} {
		s.add(slug, 1, anna...)
		o, _ := s.order(http.StatusCreated, seedOrder, anna...)
		ids = append(ids, o.ID)
	}

	p := s.orders(anna...)
	var got []int64
	for _, o := range p.Results {
		got = append(got, o.ID)
	}
	if diff := cmp.Diff([]int64{ids[2], ids[1], ids[0]}, got); diff != "" || p.Count != 3 || p.Next != nil || p.Previous != nil {
		t.Errorf("GET /api/orders: count %d, next %v, previous %v; newest first (-want +got):\n%s", p.Count, p.Next, p.Previous, diff)
	}
	if len(p.Results) == 3 {
		if diff := cmp.Diff(map[string]string{"Палантин из норки": "19990.50 × 1 = 19990.50"}, p.Results[1].lines(t)); diff != "" {
			t.Errorf("the listed order's lines (-want +got):\n%s", diff)
		}
	}
	res := s.do("GET", "/api/orders?page=2&page_size=2", "", anna...)
	var page2 orderPage
	res.json(t, &page2)
	if res.status != 200 || page2.Count != 3 || len(page2.Results) != 1 || page2.Results[0].ID != ids[0] || page2.Previous == nil || page2.Next != nil {
		t.Errorf("page 2 of 2 → %d %s", res.status, res.body)
	}

	boris := s.customer("boris@mail.ru").auth
	if p := s.orders(boris...); p.Count != 0 || len(p.Results) != 0 {
		t.Errorf("another customer sees orders: %+v", p)
	}
	for _, path := range []string{
		fmt.Sprintf("/api/orders/%d", ids[0]), // anna's
		"/api/orders/999999", "/api/orders/abc", "/api/orders/0", "/api/orders/-1", "/api/orders/99999999999999999999",
	} {
		if res := s.do("GET", path, "", boris...); res.status != 404 || errorOf(t, res).Error.Code == "" {
			t.Errorf("boris: GET %s → %d %s; want 404", path, res.status, res.body)
		}
	}
	if res := s.do("POST", fmt.Sprintf("/api/orders/%d/cancel", ids[0]), "", boris...); res.status != 404 {
		t.Errorf("boris cancels anna's order → %d %s; want 404", res.status, res.body)
	}
	if o := s.getOrder(ids[0], anna...); o.Status != "В обработке" {
		t.Errorf("anna's order after boris tried to cancel it: %q", o.Status)
	}
}

func TestCancelOrder(t *testing.T) {
	t.Parallel()
	s := newShop(t, apiOptions{})
	anna := s.customer("anna@mail.ru").auth
	s.add("zhaket-vera", 2, anna...)
	s.add("shuba-sobol", 1, anna...)
	o, _ := s.order(http.StatusCreated, seedOrder, anna...)
	if diff := cmp.Diff(map[string]int{"zhaket-vera": 3, "shuba-sobol": 0}, s.stocks("zhaket-vera", "shuba-sobol")); diff != "" {
		t.Fatalf("stock after the order (-want +got):\n%s", diff)
	}

	cancel := fmt.Sprintf("/api/orders/%d/cancel", o.ID)
	res := s.do("POST", cancel, "", anna...)
	var got orderBody
	res.json(t, &got)
	if res.status != 200 || got.ID != o.ID || got.Status != "Отменён" {
		t.Fatalf("cancel → %d %s; want 200 «Отменён»", res.status, res.body)
	}
	if diff := cmp.Diff([]string{"В обработке", "Отменён"}, got.statuses()); diff != "" {
		t.Errorf("status history (-want +got):\n%s", diff)
	} else if h := got.StatusHistory; h[1].ChangedAt.Before(h[0].ChangedAt) || h[0].ChangedAt.IsZero() {
		t.Errorf("status history times go back: %v", h)
	}
	if diff := cmp.Diff(map[string]int{"zhaket-vera": 5, "shuba-sobol": 1}, s.stocks("zhaket-vera", "shuba-sobol")); diff != "" {
		t.Errorf("stock after the cancellation (-want +got):\n%s", diff)
	}
	if got := s.getOrder(o.ID, anna...); got.Status != "Отменён" || len(got.StatusHistory) != 2 {
		t.Errorf("GET after the cancellation: %q, %d history entries", got.Status, len(got.StatusHistory))
	}

	res = s.do("POST", cancel, "", anna...)
	if res.status != http.StatusConflict || errorOf(t, res).Error.Code != "not_cancellable" {
		t.Errorf("cancelling again → %d %s; want 409 not_cancellable", res.status, res.body)
	}
	if diff := cmp.Diff(map[string]int{"zhaket-vera": 5, "shuba-sobol": 1}, s.stocks("zhaket-vera", "shuba-sobol")); diff != "" {
		t.Errorf("a second cancellation gave stock back again (-want +got):\n%s", diff)
	}

	// The sable coat is on sale again: someone else buys it. Once staff confirmed an order, it is theirs to cancel.
	boris := s.customer("boris@mail.ru").auth
	s.add("shuba-sobol", 1, boris...)
	theirs, _ := s.order(http.StatusCreated, seedOrder, boris...)
	s.exec("UPDATE orders SET status = 'confirmed' WHERE id = $1", theirs.ID)
	res = s.do("POST", fmt.Sprintf("/api/orders/%d/cancel", theirs.ID), "", boris...)
	if res.status != http.StatusConflict || errorOf(t, res).Error.Code != "not_cancellable" {
		t.Errorf("cancelling a confirmed order → %d %s; want 409 not_cancellable", res.status, res.body)
	}
	if got := s.stock("shuba-sobol"); got != 0 {
		t.Errorf("a refused cancellation gave the stock back: %d", got)
	}
	for _, path := range []string{"/api/orders/abc/cancel", "/api/orders/999999/cancel"} {
		if res := s.do("POST", path, "", anna...); res.status != 404 {
			t.Errorf("POST %s → %d; want 404", path, res.status)
		}
	}
}

func TestOrderConfirmationMail(t *testing.T) {
	t.Parallel()
	box := mailtest.Start(t)
	s := newShop(t, apiOptions{mail: box})
	anna := s.customer("anna@mail.ru").auth // the welcome mail is the first
	s.add("zhaket-vera", 2, anna...)
	s.add("palantin", 1, anna...)
	o, _ := s.order(http.StatusCreated, `{"phone_number":"8 (985) 550-88-53","requires_delivery":true,"delivery_address":"Москва, ул. Пушкина, д. 10","payment_on_get":true}`, anna...)

	number := fmt.Sprintf("Заказ №%d", o.ID)
	var m *mailtest.Message
	for _, msg := range box.WaitFor(t, 2, 10*time.Second) {
		if strings.Contains(msg.Subject, number) {
			m = &msg
		}
	}
	if m == nil {
		t.Fatalf("no mail with %q in its subject arrived: %+v", number, box.Messages(t))
	}
	if len(m.To) != 1 || m.To[0] != "anna@mail.ru" {
		t.Errorf("the confirmation went to %v", m.To)
	}
	for _, want := range []string{"Здравствуйте, Анна!", "Жакет «Вера» × 2: 32800.00 ₽", "Палантин из норки × 1: 19990.50 ₽", "Итого: 52790.50 ₽",
		"Москва, ул. Пушкина, д. 10", "+79855508853"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("the mail's text lacks %q:\n%s", want, m.Text)
		}
	}
	if !strings.Contains(m.HTML, "Вера") {
		t.Errorf("the mail's HTML lacks the item:\n%s", m.HTML)
	}
	if got := len(box.Messages(t)); got != 2 {
		t.Errorf("%d mails; want the welcome and the confirmation", got)
	}
}

// A product card served from the cache shows the stock an order left, and the stock a cancellation returned;
// so does a stock change made outside the application (psql, a script).
func TestCachedCardFollowsStock(t *testing.T) {
	t.Parallel()
	s := newShop(t, apiOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go s.catalog.WatchChanges(ctx)
	waitFor(t, func() bool { _, ok := s.catalog.Generation(); return ok })

	stockOnCard := func() int {
		var card struct {
			Stock int `json:"stock"`
		}
		s.do("GET", "/api/product?slug=zhaket-vera", "").json(t, &card)
		return card.Stock
	}
	if got := stockOnCard(); got != 5 || stockOnCard() != 5 {
		t.Fatalf("card stock %d, want 5", got)
	}
	anna := s.customer("anna@mail.ru")
	s.add("zhaket-vera", 2, anna.auth...)
	o, _ := s.order(201, `{"phone_number":"79855508853","payment_on_get":true}`, anna.auth...)
	waitFor(t, func() bool { return stockOnCard() == 3 })

	if res := s.do("POST", fmt.Sprintf("/api/orders/%d/cancel", o.ID), "", anna.auth...); res.status != 200 {
		t.Fatalf("cancel → %d %s", res.status, res.body)
	}
	waitFor(t, func() bool { return stockOnCard() == 5 })

	s.exec("UPDATE products SET stock = 1 WHERE slug = 'zhaket-vera'") // not through the application
	waitFor(t, func() bool { return stockOnCard() == 1 })
}
