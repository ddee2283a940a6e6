package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/mekhaishuby/furstore/internal/apptest"
	"github.com/mekhaishuby/furstore/internal/httpapi"
)

// TestBackOfficeIsStaffOnly walks the route table: every route under /api/admin/ must be declared staff-only,
// answer 401 without a token and 403 to a customer, and be documented. A route added without the guard fails.
func TestBackOfficeIsStaffOnly(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	customer := []string{"Authorization", "Bearer " + s.Register("anna@mail.ru", "норковая-шуба-2026").Token}
	n := 0
	for _, r := range s.App.Routes {
		method, path, _ := strings.Cut(r.Pattern, " ")
		if !strings.HasPrefix(path, "/api/admin") {
			if r.Access == httpapi.Staff {
				t.Errorf("%s is staff-only but outside /api/admin/", r.Pattern)
			}
			continue
		}
		n++
		if r.Access != httpapi.Staff {
			t.Errorf("%s is not declared staff-only", r.Pattern)
		}
		path = strings.NewReplacer("{id}", "1", "{image_id}", "1").Replace(path)
		body := ""
		if method == "POST" || method == "PUT" || method == "PATCH" {
			body = "{}"
		}
		if res := s.Do(method, path, body); res.Status != http.StatusUnauthorized || apptest.ErrorOf(t, res).Error.Code != "not_authenticated" {
			t.Errorf("%s without a token → %d %s; want 401", r.Pattern, res.Status, res.Body)
		}
		if res := s.Do(method, path, body, customer...); res.Status != http.StatusForbidden || apptest.ErrorOf(t, res).Error.Code != "forbidden" {
			t.Errorf("%s with a customer's token → %d %s; want 403", r.Pattern, res.Status, res.Body)
		}
	}
	if n < 20 {
		t.Errorf("only %d back office routes found; the table walk is broken", n)
	}
}

// Answers that belong to one person — the account, the cart, orders, the back office — are never stored by a
// browser's or a proxy's cache; the public catalog keeps its own caching.
func TestPrivateAnswersAreNotStored(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	staff := s.Staff("boss@mekha.ru")
	anna := s.Customer("anna@mail.ru")
	for _, c := range []struct {
		path   string
		header []string
	}{{"/api/auth/me", anna.Auth}, {"/api/cart", anna.Auth}, {"/api/orders", anna.Auth}, {"/api/admin/orders", staff}, {"/api/cart", nil}} {
		if res := s.Do("GET", c.path, "", c.header...); res.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s → %d, Cache-Control %q", c.path, res.Status, res.Header.Get("Cache-Control"))
		}
	}
	if res := s.Do("POST", "/api/auth/login", `{"email":"anna@mail.ru","password":"норковая-шуба-2026"}`); res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("sign-in answer: Cache-Control %q", res.Header.Get("Cache-Control"))
	}
	if res := s.Do("GET", "/api/products", ""); res.Header.Get("Cache-Control") == "no-store" {
		t.Error("the public catalog is marked no-store")
	}
}
