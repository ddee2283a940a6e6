package httpapi_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/mekhaishuby/furstore/internal/apptest"
)

// What the store cannot keep faithfully is refused, over the real routes, and nothing of it is stored: each
// of these was accepted once (null read as a default, invalid text saved as U+FFFD, the last of two keys
// silently winning, control and invisible characters kept in names and addresses).
func TestHostileInputIsRefusedAndNothingIsStored(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	anna := s.Customer("anna@mail.ru")
	product := s.ID("shuba-elena")
	tests := []struct {
		name, method, path, body string
		header                   []string
		status                   int
		code, field              string
	}{
		{name: "null quantity is no default of 1", method: "POST", path: "/api/cart",
			body: `{"product_id":` + strconv.FormatInt(product, 10) + `,"quantity":null}`, status: 400, code: "required", field: "quantity"},
		{name: "null delivery flag is not false", method: "POST", path: "/api/order", header: anna.Auth,
			body: `{"phone_number":"79855508853","requires_delivery":null,"payment_on_get":true}`, status: 400, code: "required", field: "requires_delivery"},
		{name: "invalid UTF-8 in a password", method: "POST", path: "/api/auth/register",
			body: "{\"email\":\"boris@mail.ru\",\"password\":\"\xff\xff\xff\xff\xff\xff\xff\xff\xff\"}", status: 400, code: "invalid_text", field: "password"},
		{name: "a lone surrogate in a name", method: "POST", path: "/api/auth/register",
			body: `{"email":"boris@mail.ru","password":"норковая-шуба-2026","first_name":"Борис\ud800"}`, status: 400, code: "invalid_text", field: "first_name"},
		{name: "a key twice, in two cases", method: "POST", path: "/api/auth/register",
			body: `{"email":"boris@mail.ru","EMAIL":"vera@mail.ru","password":"норковая-шуба-2026"}`, status: 400, code: "duplicate_field", field: "email"},
		{name: "a line break in a name", method: "POST", path: "/api/auth/register",
			body: `{"email":"boris@mail.ru","password":"норковая-шуба-2026","first_name":"Борис\nАдминистратор"}`, status: 400, code: "invalid_value", field: "first_name"},
		{name: "a right-to-left override in a name", method: "POST", path: "/api/auth/register",
			body: `{"email":"boris@mail.ru","password":"норковая-шуба-2026","last_name":"\u202Eвонов"}`, status: 400, code: "invalid_value", field: "last_name"},
		{name: "a zero-width joiner in a name", method: "PATCH", path: "/api/auth/me", header: anna.Auth,
			body: `{"first_name":"Ан\u200dна"}`, status: 400, code: "invalid_value", field: "first_name"},
		{name: "a control character in an address", method: "POST", path: "/api/order", header: anna.Auth,
			body:   `{"phone_number":"79855508853","requires_delivery":true,"delivery_address":"Москва\r\nул. Пушкина","payment_on_get":true}`,
			status: 400, code: "invalid_value", field: "delivery_address"},
		{name: "a charset other than UTF-8", method: "POST", path: "/api/auth/register",
			header: []string{"Content-Type", "application/json; charset=windows-1251"},
			body:   `{"email":"boris@mail.ru","password":"норковая-шуба-2026"}`, status: 415, code: "unsupported_charset"},
		{name: "one parameter twice", method: "GET", path: "/api/products/get_products?sort_by=price&sort_by=-name",
			status: 400, code: "repeated_parameter", field: "sort_by"},
		{name: "a malformed query string is named as such, before the body", method: "POST", path: "/api/products?sort_by=price;x",
			header: []string{"Content-Type", "text/plain"}, body: `{}`, status: 400, code: "invalid_query"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := s.Do(tt.method, tt.path, tt.body, tt.header...)
			e := apptest.ErrorOf(t, res)
			if res.Status != tt.status || e.Error.Code != tt.code {
				t.Fatalf("→ %d %s; want %d %s", res.Status, res.Body, tt.status, tt.code)
			}
			if tt.field != "" && e.Error.Fields[tt.field] == "" {
				t.Errorf("fields %v do not name %s", e.Error.Fields, tt.field)
			}
		})
	}
	// Nothing of it was stored: one account (Анна's, unchanged), no cart line, no order.
	if n := s.Scalar("SELECT count(*) FROM users"); n != 1 {
		t.Errorf("%d accounts; want only Анна's", n)
	}
	if n := s.Scalar("SELECT count(*) FROM users WHERE first_name = 'Анна'"); n != 1 {
		t.Errorf("Анна's name changed")
	}
	if n := s.Scalar("SELECT count(*) FROM cart_items") + s.Scalar("SELECT count(*) FROM orders"); n != 0 {
		t.Errorf("%d cart lines and orders stored; want none", n)
	}
}

// A password is kept byte for byte or refused: one of invalid UTF-8 can never have been stored as U+FFFD, so
// another string of invalid bytes cannot sign in as it.
func TestInvalidTextNeverSignsIn(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	s.Register("anna@mail.ru", "норковая-шуба-2026")
	res := s.Do("POST", "/api/auth/login", "{\"email\":\"anna@mail.ru\",\"password\":\"\xfe\xfe\xfe\xfe\xfe\xfe\xfe\xfe\xfe\"}")
	if res.Status != http.StatusBadRequest || !strings.Contains(string(res.Body), "invalid_text") {
		t.Errorf("login with invalid UTF-8 → %d %s; want 400 invalid_text", res.Status, res.Body)
	}
}
