package panel_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/mekhaishuby/furstore/internal/apptest"
)

// Товары filters by stock and by discount, in the panel and in the back office's JSON list alike (the JSON
// list's document named in_stock and on_sale, and the list ignored them).
func TestProductListFiltersByStockAndDiscount(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	staff := s.Staff("sklad@mekha-shuby.ru")
	if res := s.Do("PATCH", "/api/admin/products/"+strconv.FormatInt(s.ID("zhaket-vera"), 10), `{"old_price":"20000"}`, staff...); res.Status != http.StatusOK {
		t.Fatalf("set an old price → %d %s", res.Status, res.Body)
	}
	b := newBrowser(t, s)
	b.signIn("sklad@mekha-shuby.ru", "кладовщица-2026")
	for query, want := range map[string][]string{
		"on_sale=true":                       {"Жакет «Вера»"},
		"in_stock=false":                     {"Норковая шуба «Анна»"},
		"in_stock=true&on_sale=false&q=шуба": {"Норковая шуба «Елена»", "Соболья шуба «Царица»"},
	} {
		p := b.do("GET", "/admin/products?"+query, nil)
		text := p.text()
		if p.status != 200 || !strings.Contains(text, "Найдено: "+strconv.Itoa(len(want))) {
			t.Errorf("%s → %d:\n%.600s", query, p.status, text)
		}
		for _, name := range want {
			if !strings.Contains(text, name) {
				t.Errorf("%s lacks %s", query, name)
			}
		}
	}
	var page struct {
		Count int `json:"count"`
	}
	s.Do("GET", "/api/admin/products?in_stock=false", "", staff...).JSON(t, &page)
	if page.Count != 1 {
		t.Errorf("the JSON list with in_stock=false has %d products; want 1", page.Count)
	}
}
