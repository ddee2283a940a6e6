package httpapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/mekhaishuby/furstore/internal/httpapi"
)

// staff signs in a new staff member and returns their Authorization header.
func (c *apiClient) staff(email string) []string {
	c.t.Helper()
	const password = "кладовщица-2026"
	if _, err := c.accounts.CreateSuperuser(context.Background(), email, func() (string, error) { return password, nil }); err != nil {
		c.t.Fatal(err)
	}
	res, a := c.login(email, password)
	if res.status != http.StatusOK {
		c.t.Fatalf("staff login → %d %s", res.status, res.body)
	}
	return []string{"Authorization", "Bearer " + a.Token}
}

// TestBackOfficeIsStaffOnly walks the route table: every route under /api/admin/ must be declared staff-only,
// answer 401 without a token and 403 to a customer, and be documented. A route added without the guard fails.
func TestBackOfficeIsStaffOnly(t *testing.T) {
	t.Parallel()
	c := newAPI(t)
	customer := []string{"Authorization", "Bearer " + c.register("anna@mail.ru", "норковая-шуба-2026").Token}
	n := 0
	for _, r := range c.routes {
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
		if res := c.do(method, path, body); res.status != http.StatusUnauthorized || errorOf(t, res).Error.Code != "not_authenticated" {
			t.Errorf("%s without a token → %d %s; want 401", r.Pattern, res.status, res.body)
		}
		if res := c.do(method, path, body, customer...); res.status != http.StatusForbidden || errorOf(t, res).Error.Code != "forbidden" {
			t.Errorf("%s with a customer's token → %d %s; want 403", r.Pattern, res.status, res.body)
		}
	}
	if n < 20 {
		t.Errorf("only %d back office routes found; the table walk is broken", n)
	}
}
