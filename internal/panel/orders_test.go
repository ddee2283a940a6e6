package panel_test

import (
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/mekhaishuby/furstore/internal/apptest"
)

// text is the page as a person reads it: tags dropped, spaces (no-break ones too) folded.
func (p page) text() string {
	s := regexp.MustCompile(`<[^>]+>`).ReplaceAllString(p.body, " ")
	s = strings.ReplaceAll(html.UnescapeString(s), "\u00a0", " ")
	return strings.TrimSpace(regexp.MustCompile(`\s+`).ReplaceAllString(s, " "))
}

// has fails the test for every piece of text the page lacks.
func (p page) has(t *testing.T, what string, want ...string) {
	t.Helper()
	text := p.text()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, text)
		}
	}
}

// staffBrowser is a browser signed in as a staff member of s.
func staffBrowser(t *testing.T, s *apptest.Server) *browser {
	t.Helper()
	s.Staff("sklad@mekha-shuby.ru")
	b := newBrowser(t, s)
	if p := b.signIn("sklad@mekha-shuby.ru", "кладовщица-2026"); p.status != http.StatusSeeOther {
		t.Fatalf("sign in → %d", p.status)
	}
	return b
}

// Pages of 25, «Назад» and «Дальше» keeping the filter.
func TestOrderListPages(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	anna := s.Customer("anna@mail.ru")
	s.Exec(`INSERT INTO orders (user_id, phone_number, requires_delivery, payment_on_get, total)
		SELECT $1, '79855508853', false, true, 100 * n FROM generate_series(1, 30) n`, anna.ID)
	b := staffBrowser(t, s)
	first := b.do("GET", "/admin/orders?is_paid=false", nil)
	if n := strings.Count(first.body, `<a href="/admin/orders/`); n != 25 {
		t.Errorf("the first page lists %d orders", n)
	}
	if !strings.Contains(first.body, `href="/admin/orders?is_paid=false&amp;page=2" rel="next"`) || strings.Contains(first.body, `rel="prev"`) {
		t.Errorf("the first page's links:\n%s", first.body)
	}
	second := b.do("GET", "/admin/orders?is_paid=false&page=2", nil)
	if n := strings.Count(second.body, `<a href="/admin/orders/`); n != 5 {
		t.Errorf("the second page lists %d orders", n)
	}
	if !strings.Contains(second.body, `href="/admin/orders?is_paid=false" rel="prev"`) || strings.Contains(second.body, `rel="next"`) {
		t.Errorf("the second page's links:\n%s", second.body)
	}
	second.has(t, "the second page", "Найдено: 30 заказов, страница 2")
	if p := b.do("GET", "/admin/orders?page=0", nil); p.status != http.StatusBadRequest || !strings.Contains(p.body, "Страница: целое число от 1.") {
		t.Errorf("?page=0 → %d", p.status)
	}
}
