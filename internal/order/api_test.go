package order_test

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mekhaishuby/furstore/internal/apptest"
	"github.com/mekhaishuby/furstore/internal/mail/mailtest"
)

type orderPage struct {
	Count    int             `json:"count"`
	Next     *string         `json:"next"`
	Previous *string         `json:"previous"`
	Results  []apptest.Order `json:"results"`
}

// orders is the customer's first page of orders, GET /api/orders.
func orders(t *testing.T, s *apptest.Server, header ...string) orderPage {
	t.Helper()
	res := s.Do("GET", "/api/orders", "", header...)
	if res.Status != 200 {
		t.Fatalf("GET /api/orders → %d %s", res.Status, res.Body)
	}
	var p orderPage
	res.JSON(t, &p)
	return p
}

func TestPlaceOrderWithTheSeedBody(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	anna := s.Customer("anna@mail.ru")
	s.AddToCart("zhaket-vera", 2, anna.Auth...)
	s.AddToCart("palantin", 1, anna.Auth...)

	start := time.Now()
	o, res := s.PlaceOrder(http.StatusCreated, apptest.SeedOrder, anna.Auth...)
	if o.ID == 41 || o.ID < 1 || res.Header.Get("Location") != "/api/orders/"+strconv.FormatInt(o.ID, 10) {
		t.Errorf("order id %d, Location %q: the id is the server's", o.ID, res.Header.Get("Location"))
	}
	if o.IsPaid || o.Status != "В обработке" || o.User != anna.ID {
		t.Errorf("is_paid %v, status %q, user %d; want false, «В обработке», %d (the client's values are ignored)", o.IsPaid, o.Status, o.User, anna.ID)
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
	if diff := cmp.Diff(want, o.Lines(t)); diff != "" || o.TotalPrice != "52790.50" {
		t.Errorf("order total %s, want 52790.50; lines (-want +got):\n%s", o.TotalPrice, diff)
	}
	for _, it := range o.Items {
		if it.ProductID == nil || (*it.ProductID != s.ID("zhaket-vera") && *it.ProductID != s.ID("palantin")) {
			t.Errorf("line %s names product %v", it.Name, it.ProductID)
		}
	}
	if diff := cmp.Diff([]string{"В обработке"}, o.Statuses()); diff != "" {
		t.Errorf("status history (-want +got):\n%s", diff)
	}

	if c := s.Cart(anna.Auth...); len(c.Items) != 0 {
		t.Errorf("the cart after the order: %+v; want empty", c)
	}
	if diff := cmp.Diff(map[string]int{"zhaket-vera": 3, "palantin": 6}, s.Stocks("zhaket-vera", "palantin")); diff != "" {
		t.Errorf("stock after the order (-want +got):\n%s", diff)
	}

	// A later price change does not rewrite the order.
	s.Exec("UPDATE products SET price = 1750000 WHERE slug = 'zhaket-vera'")
	got := s.Order(o.ID, anna.Auth...)
	if diff := cmp.Diff(want, got.Lines(t)); diff != "" || got.TotalPrice != "52790.50" {
		t.Errorf("after a price rise the order shows total %s; lines (-want +got):\n%s", got.TotalPrice, diff)
	}
	// Ordering again with the cart now empty is refused.
	if _, res := s.PlaceOrder(http.StatusBadRequest, apptest.SeedOrder, anna.Auth...); apptest.ErrorOf(t, res).Error.Code != "empty_cart" {
		t.Errorf("a second order from the emptied cart → %s; want empty_cart", res.Body)
	}
	if p := orders(t, s, anna.Auth...); p.Count != 1 || len(p.Results) != 1 || p.Results[0].ID != o.ID {
		t.Errorf("GET /api/orders: %+v; want the one order %d", p, o.ID)
	}
}

func TestOrderPhoneAndDelivery(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	anna := s.Customer("anna@mail.ru").Auth

	for _, phone := range []string{"79855508853", "+7 985 550-88-53", "8 (985) 550-88-53"} {
		s.AddToCart("palantin", 1, anna...)
		o, _ := s.PlaceOrder(http.StatusCreated, fmt.Sprintf(`{"phone_number":%q,"requires_delivery":false,"payment_on_get":true}`, phone), anna...)
		if o.PhoneNumber != "79855508853" {
			t.Errorf("phone %q was kept as %q; want 79855508853", phone, o.PhoneNumber)
		}
	}
	// Delivery with an address of exactly 500 characters (1000 bytes of Cyrillic) is accepted.
	address := strings.Repeat("я", 500)
	s.AddToCart("palantin", 1, anna...)
	o, _ := s.PlaceOrder(http.StatusCreated, fmt.Sprintf(`{"phone_number":"+7 985 550-88-53","requires_delivery":true,"delivery_address":%q,"payment_on_get":false}`, address), anna...)
	if !o.RequiresDelivery || o.DeliveryAddress != address || o.PaymentOnGet {
		t.Errorf("a delivery order: requires_delivery %v, %d-character address, payment_on_get %v", o.RequiresDelivery, len([]rune(o.DeliveryAddress)), o.PaymentOnGet)
	}
	if p := orders(t, s, anna...); p.Count != 4 {
		t.Errorf("%d orders; want 4", p.Count)
	}
}

func TestOrderBadInput(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	anna := s.Customer("anna@mail.ru").Auth
	s.AddToCart("zhaket-vera", 2, anna...)
	cartBefore := s.Cart(anna...)

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
			res := s.Do("POST", "/api/order", tt.body, append(tt.header, anna...)...)
			e := apptest.ErrorOf(t, res)
			if res.Status != tt.status || e.Error.Code != tt.code || (tt.field != "" && e.Error.Fields[tt.field] == "") {
				t.Errorf("→ %d %s; want %d %s naming %q", res.Status, res.Body, tt.status, tt.code, tt.field)
			}
		})
	}
	t.Run("two bad fields are both named", func(t *testing.T) {
		res := s.Do("POST", "/api/order", `{"phone_number":"12","requires_delivery":true}`, anna...)
		if e := apptest.ErrorOf(t, res); res.Status != 400 || e.Error.Code != "invalid_input" || e.Error.Fields["phone_number"] == "" || e.Error.Fields["delivery_address"] == "" {
			t.Errorf("→ %d %s; want 400 invalid_input naming phone_number and delivery_address", res.Status, res.Body)
		}
	})

	// Nothing was half-written: no order, the cart and the stock as they were.
	if p := orders(t, s, anna...); p.Count != 0 || len(p.Results) != 0 {
		t.Errorf("refused orders left orders behind: %+v", p)
	}
	if diff := cmp.Diff(cartBefore, s.Cart(anna...)); diff != "" {
		t.Errorf("refused orders changed the cart (-before +after):\n%s", diff)
	}
	if got := s.Stock("zhaket-vera"); got != 5 {
		t.Errorf("refused orders changed the stock: %d, want 5", got)
	}
}

func TestOrderNeedsASignedInCustomerWithACart(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	_, res := s.CartDo(http.StatusCreated, "POST", "/api/cart", fmt.Sprintf(`{"product_id":%d}`, s.ID("zhaket-vera")))
	guest := res.Header.Get("X-Cart-Token")

	for _, header := range [][]string{
		{"X-Cart-Token", guest},
		{"Authorization", "Bearer nonsense"},
		{"Authorization", "Bearer " + strings.Repeat("A", 43), "X-Cart-Token", guest},
	} {
		res := s.Do("POST", "/api/order", apptest.SeedOrder, header...)
		if res.Status != http.StatusUnauthorized || apptest.ErrorOf(t, res).Error.Code == "" {
			t.Errorf("POST /api/order with %q → %d %s; want 401", header, res.Status, res.Body)
		}
		for _, path := range []string{"/api/orders", "/api/orders/1"} {
			if res := s.Do("GET", path, "", header...); res.Status != http.StatusUnauthorized {
				t.Errorf("GET %s with %q → %d; want 401", path, header, res.Status)
			}
		}
	}
	if diff := cmp.Diff(map[string]int{"zhaket-vera": 1}, s.Cart("X-Cart-Token", guest).Quantities()); diff != "" {
		t.Errorf("the guest cart after refused orders (-want +got):\n%s", diff)
	}

	anna := s.Customer("anna@mail.ru").Auth
	if _, res := s.PlaceOrder(http.StatusBadRequest, apptest.SeedOrder, anna...); apptest.ErrorOf(t, res).Error.Code != "empty_cart" {
		t.Errorf("an order from an empty cart → %s; want empty_cart", res.Body)
	}
	if _, res := s.PlaceOrder(http.StatusBadRequest, apptest.SeedOrder, append([]string{"Idempotency-Key", "empty-1"}, anna...)...); apptest.ErrorOf(t, res).Error.Code != "empty_cart" {
		t.Errorf("an order from an empty cart with an Idempotency-Key → %s; want empty_cart", res.Body)
	}
	// The refused attempt did not use up its key: the same key works once the cart has something.
	s.AddToCart("palantin", 1, anna...)
	s.PlaceOrder(http.StatusCreated, apptest.SeedOrder, append([]string{"Idempotency-Key", "empty-1"}, anna...)...)
}

// When a line is short, the answer names every short line and what is left, and nothing at all changes.
func TestOrderWithAShortLineChangesNothing(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	anna := s.Customer("anna@mail.ru").Auth
	s.AddToCart("zhaket-vera", 3, anna...)
	s.AddToCart("shuba-sobol", 1, anna...)
	s.AddToCart("palantin", 2, anna...)
	// Meanwhile other customers bought Вера jackets and the sable coat.
	s.Exec("UPDATE product_variants SET stock = 1 WHERE product_id IN (SELECT id FROM products WHERE slug = 'zhaket-vera')")
	s.Exec("UPDATE product_variants SET stock = 0 WHERE product_id IN (SELECT id FROM products WHERE slug = 'shuba-sobol')")
	cartBefore := s.Cart(anna...)
	stockBefore := s.Stocks("zhaket-vera", "shuba-sobol", "palantin")

	res := s.Do("POST", "/api/order", apptest.SeedOrder, anna...)
	var e apptest.Shortage
	res.JSON(t, &e)
	if res.Status != http.StatusConflict || e.Error.Code != "insufficient_stock" {
		t.Fatalf("→ %d %s; want 409 insufficient_stock", res.Status, res.Body)
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
		s.ID("zhaket-vera"): {"Жакет «Вера»", 3, 1},
		s.ID("shuba-sobol"): {"Соболья шуба «Царица»", 1, 0},
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

	if diff := cmp.Diff(cartBefore, s.Cart(anna...)); diff != "" {
		t.Errorf("the cart changed (-before +after):\n%s", diff)
	}
	if diff := cmp.Diff(stockBefore, s.Stocks("zhaket-vera", "shuba-sobol", "palantin")); diff != "" {
		t.Errorf("the stock changed (-before +after):\n%s", diff)
	}
	if p := orders(t, s, anna...); p.Count != 0 {
		t.Errorf("an order was made: %+v", p)
	}

	// A withdrawn product is short too, with nothing left.
	s.Exec("UPDATE products SET is_active = false WHERE slug = 'palantin'")
	res = s.Do("POST", "/api/order", apptest.SeedOrder, anna...)
	e = apptest.Shortage{}
	res.JSON(t, &e)
	if res.Status != http.StatusConflict || len(e.Error.Details) != 3 {
		t.Errorf("with a withdrawn product too → %d %s; want 409 naming three products", res.Status, res.Body)
	}
	s.Exec("UPDATE products SET is_active = true WHERE slug = 'palantin'")

	// The customer takes what is left and orders.
	s.CartDo(http.StatusOK, "PUT", "/api/cart", fmt.Sprintf(`{"product_id":%d,"quantity":1}`, s.ID("zhaket-vera")), anna...)
	s.CartDo(http.StatusOK, "DELETE", "/api/cart", fmt.Sprintf(`{"product_id":%d}`, s.ID("shuba-sobol")), anna...)
	o, _ := s.PlaceOrder(http.StatusCreated, apptest.SeedOrder, anna...)
	if diff := cmp.Diff(map[string]string{"Жакет «Вера»": "16400.00 × 1 = 16400.00", "Палантин из норки": "19990.50 × 2 = 39981.00"}, o.Lines(t)); diff != "" || o.TotalPrice != "56381.00" {
		t.Errorf("the order after fixing the cart: total %s (-want +got):\n%s", o.TotalPrice, diff)
	}
	if diff := cmp.Diff(map[string]int{"zhaket-vera": 0, "shuba-sobol": 0, "palantin": 5}, s.Stocks("zhaket-vera", "shuba-sobol", "palantin")); diff != "" {
		t.Errorf("stock after the order (-want +got):\n%s", diff)
	}
}

func TestIdempotencyKeyRepeatedReturnsTheFirstOrder(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	anna := s.Customer("anna@mail.ru").Auth
	withKey := func(key string) []string { return append([]string{"Idempotency-Key", key}, anna...) }

	s.AddToCart("zhaket-vera", 1, anna...)
	first, _ := s.PlaceOrder(http.StatusCreated, apptest.SeedOrder, withKey("checkout-7f3a")...)
	s.AddToCart("palantin", 1, anna...) // the customer goes on shopping; a retry of the first submit must not take this
	again, res := s.PlaceOrder(http.StatusOK, apptest.SeedOrder, withKey("checkout-7f3a")...)
	if again.ID != first.ID || res.Header.Get("Location") != "" {
		t.Fatalf("the repeat answered order %d (Location %q); want the first, %d", again.ID, res.Header.Get("Location"), first.ID)
	}
	if diff := cmp.Diff(first.Lines(t), again.Lines(t)); diff != "" {
		t.Errorf("the repeat's lines differ from the first order's (-first +repeat):\n%s", diff)
	}
	if p := orders(t, s, anna...); p.Count != 1 {
		t.Errorf("%d orders after a repeated key; want 1", p.Count)
	}
	if diff := cmp.Diff(map[string]int{"palantin": 1}, s.Cart(anna...).Quantities()); diff != "" {
		t.Errorf("the repeat touched the cart (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]int{"zhaket-vera": 4, "palantin": 7}, s.Stocks("zhaket-vera", "palantin")); diff != "" {
		t.Errorf("stock (-want +got):\n%s", diff)
	}

	// Another key is another order; another customer's same key is theirs alone.
	second, _ := s.PlaceOrder(http.StatusCreated, apptest.SeedOrder, withKey("checkout-9b1c")...)
	boris := s.Customer("boris@mail.ru").Auth
	s.AddToCart("zhaket-olga", 1, boris...)
	theirs, _ := s.PlaceOrder(http.StatusCreated, apptest.SeedOrder, append([]string{"Idempotency-Key", "checkout-7f3a"}, boris...)...)
	if second.ID == first.ID || theirs.ID == first.ID || theirs.ID == second.ID {
		t.Errorf("orders %d, %d, %d: want three different", first.ID, second.ID, theirs.ID)
	}
	if p := orders(t, s, anna...); p.Count != 2 {
		t.Errorf("anna has %d orders; want 2", p.Count)
	}
}

func TestOrderHistory(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	anna := s.Customer("anna@mail.ru").Auth
	var ids []int64
	for _, slug := range []string{"zhaket-vera", "palantin", "zhaket-olga"} {
		s.AddToCart(slug, 1, anna...)
		o, _ := s.PlaceOrder(http.StatusCreated, apptest.SeedOrder, anna...)
		ids = append(ids, o.ID)
	}

	p := orders(t, s, anna...)
	var got []int64
	for _, o := range p.Results {
		got = append(got, o.ID)
	}
	if diff := cmp.Diff([]int64{ids[2], ids[1], ids[0]}, got); diff != "" || p.Count != 3 || p.Next != nil || p.Previous != nil {
		t.Errorf("GET /api/orders: count %d, next %v, previous %v; newest first (-want +got):\n%s", p.Count, p.Next, p.Previous, diff)
	}
	if len(p.Results) == 3 {
		if diff := cmp.Diff(map[string]string{"Палантин из норки": "19990.50 × 1 = 19990.50"}, p.Results[1].Lines(t)); diff != "" {
			t.Errorf("the listed order's lines (-want +got):\n%s", diff)
		}
	}
	res := s.Do("GET", "/api/orders?page=2&page_size=2", "", anna...)
	var page2 orderPage
	res.JSON(t, &page2)
	if res.Status != 200 || page2.Count != 3 || len(page2.Results) != 1 || page2.Results[0].ID != ids[0] || page2.Previous == nil || page2.Next != nil {
		t.Errorf("page 2 of 2 → %d %s", res.Status, res.Body)
	}

	boris := s.Customer("boris@mail.ru").Auth
	if p := orders(t, s, boris...); p.Count != 0 || len(p.Results) != 0 {
		t.Errorf("another customer sees orders: %+v", p)
	}
	for _, path := range []string{
		fmt.Sprintf("/api/orders/%d", ids[0]), // anna's
		"/api/orders/999999", "/api/orders/abc", "/api/orders/0", "/api/orders/-1", "/api/orders/99999999999999999999",
	} {
		if res := s.Do("GET", path, "", boris...); res.Status != 404 || apptest.ErrorOf(t, res).Error.Code == "" {
			t.Errorf("boris: GET %s → %d %s; want 404", path, res.Status, res.Body)
		}
	}
	if res := s.Do("POST", fmt.Sprintf("/api/orders/%d/cancel", ids[0]), "", boris...); res.Status != 404 {
		t.Errorf("boris cancels anna's order → %d %s; want 404", res.Status, res.Body)
	}
	if o := s.Order(ids[0], anna...); o.Status != "В обработке" {
		t.Errorf("anna's order after boris tried to cancel it: %q", o.Status)
	}
}

func TestCancelOrder(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	anna := s.Customer("anna@mail.ru").Auth
	s.AddToCart("zhaket-vera", 2, anna...)
	s.AddToCart("shuba-sobol", 1, anna...)
	o, _ := s.PlaceOrder(http.StatusCreated, apptest.SeedOrder, anna...)
	if diff := cmp.Diff(map[string]int{"zhaket-vera": 3, "shuba-sobol": 0}, s.Stocks("zhaket-vera", "shuba-sobol")); diff != "" {
		t.Fatalf("stock after the order (-want +got):\n%s", diff)
	}

	cancel := fmt.Sprintf("/api/orders/%d/cancel", o.ID)
	res := s.Do("POST", cancel, "", anna...)
	var got apptest.Order
	res.JSON(t, &got)
	if res.Status != 200 || got.ID != o.ID || got.Status != "Отменён" {
		t.Fatalf("cancel → %d %s; want 200 «Отменён»", res.Status, res.Body)
	}
	if diff := cmp.Diff([]string{"В обработке", "Отменён"}, got.Statuses()); diff != "" {
		t.Errorf("status history (-want +got):\n%s", diff)
	} else if h := got.StatusHistory; h[1].ChangedAt.Before(h[0].ChangedAt) || h[0].ChangedAt.IsZero() {
		t.Errorf("status history times go back: %v", h)
	}
	if diff := cmp.Diff(map[string]int{"zhaket-vera": 5, "shuba-sobol": 1}, s.Stocks("zhaket-vera", "shuba-sobol")); diff != "" {
		t.Errorf("stock after the cancellation (-want +got):\n%s", diff)
	}
	if got := s.Order(o.ID, anna...); got.Status != "Отменён" || len(got.StatusHistory) != 2 {
		t.Errorf("GET after the cancellation: %q, %d history entries", got.Status, len(got.StatusHistory))
	}

	res = s.Do("POST", cancel, "", anna...)
	if res.Status != http.StatusConflict || apptest.ErrorOf(t, res).Error.Code != "not_cancellable" {
		t.Errorf("cancelling again → %d %s; want 409 not_cancellable", res.Status, res.Body)
	}
	if diff := cmp.Diff(map[string]int{"zhaket-vera": 5, "shuba-sobol": 1}, s.Stocks("zhaket-vera", "shuba-sobol")); diff != "" {
		t.Errorf("a second cancellation gave stock back again (-want +got):\n%s", diff)
	}

	// The sable coat is on sale again: someone else buys it. Once staff confirmed an order, it is theirs to cancel.
	boris := s.Customer("boris@mail.ru").Auth
	s.AddToCart("shuba-sobol", 1, boris...)
	theirs, _ := s.PlaceOrder(http.StatusCreated, apptest.SeedOrder, boris...)
	s.Exec("UPDATE orders SET status = 'confirmed' WHERE id = $1", theirs.ID)
	res = s.Do("POST", fmt.Sprintf("/api/orders/%d/cancel", theirs.ID), "", boris...)
	if res.Status != http.StatusConflict || apptest.ErrorOf(t, res).Error.Code != "not_cancellable" {
		t.Errorf("cancelling a confirmed order → %d %s; want 409 not_cancellable", res.Status, res.Body)
	}
	if got := s.Stock("shuba-sobol"); got != 0 {
		t.Errorf("a refused cancellation gave the stock back: %d", got)
	}
	for _, path := range []string{"/api/orders/abc/cancel", "/api/orders/999999/cancel"} {
		if res := s.Do("POST", path, "", anna...); res.Status != 404 {
			t.Errorf("POST %s → %d; want 404", path, res.Status)
		}
	}
}

func TestOrderConfirmationMail(t *testing.T) {
	t.Parallel()
	box := mailtest.Start(t)
	s := apptest.Start(t, apptest.Options{Mail: box})
	anna := s.Customer("anna@mail.ru").Auth // the welcome mail is the first
	s.AddToCart("zhaket-vera", 2, anna...)
	s.AddToCart("palantin", 1, anna...)
	o, _ := s.PlaceOrder(http.StatusCreated, `{"phone_number":"8 (985) 550-88-53","requires_delivery":true,"delivery_address":"Москва, ул. Пушкина, д. 10","payment_on_get":true}`, anna...)

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
	s := apptest.Start(t, apptest.Options{})
	s.WatchCatalog()

	stockOnCard := func() int {
		var card struct {
			Stock int `json:"stock"`
		}
		s.Do("GET", "/api/product?slug=zhaket-vera", "").JSON(t, &card)
		return card.Stock
	}
	if got := stockOnCard(); got != 5 || stockOnCard() != 5 {
		t.Fatalf("card stock %d, want 5", got)
	}
	anna := s.Customer("anna@mail.ru")
	s.AddToCart("zhaket-vera", 2, anna.Auth...)
	o, _ := s.PlaceOrder(201, `{"phone_number":"79855508853","payment_on_get":true}`, anna.Auth...)
	apptest.WaitFor(t, func() bool { return stockOnCard() == 3 })

	if res := s.Do("POST", fmt.Sprintf("/api/orders/%d/cancel", o.ID), "", anna.Auth...); res.Status != 200 {
		t.Fatalf("cancel → %d %s", res.Status, res.Body)
	}
	apptest.WaitFor(t, func() bool { return stockOnCard() == 5 })

	s.Exec("UPDATE product_variants SET stock = 1 WHERE product_id IN (SELECT id FROM products WHERE slug = 'zhaket-vera')") // not through the application
	apptest.WaitFor(t, func() bool { return stockOnCard() == 1 })
}

// A listing served from the cache shows a sale on this server in the very next answer: the customer who bought
// the last pieces does not see them in stock, whether the listing filters by stock or only shows it.
func TestCachedListingFollowsASaleAtOnce(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	s.WatchCatalog()
	type listing struct {
		Results []struct {
			Slug    string `json:"slug"`
			InStock bool   `json:"in_stock"`
		} `json:"results"`
	}
	show := func(path string) map[string]bool {
		var l listing
		s.Do("GET", path, "").JSON(t, &l)
		out := map[string]bool{}
		for _, r := range l.Results {
			out[r.Slug] = r.InStock
		}
		return out
	}
	const all, inStock = "/api/products?category=zhakety", "/api/products?category=zhakety&in_stock=true&facets=true"
	for range 2 { // the second answer comes from the cache
		if got := show(all); !got["zhaket-olga"] {
			t.Fatalf("before the sale: %v", got)
		}
		if got := show(inStock); !got["zhaket-olga"] {
			t.Fatalf("before the sale, in stock: %v", got)
		}
	}
	anna := s.Customer("anna@mail.ru")
	s.AddToCart("zhaket-olga", 3, anna.Auth...) // all there is
	s.PlaceOrder(201, `{"phone_number":"79855508853","payment_on_get":true}`, anna.Auth...)
	if got := show(all); got["zhaket-olga"] {
		t.Errorf("right after the sale the listing shows the jacket in stock: %v", got)
	}
	if got := show(inStock); len(got) == 0 || got["zhaket-olga"] {
		t.Errorf("right after the sale, in stock: %v", got)
	}
	if _, listed := show(inStock)["zhaket-olga"]; listed {
		t.Error("a sold-out jacket listed under in_stock=true")
	}
}
