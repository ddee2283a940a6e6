package panel_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/mekhaishuby/furstore/internal/apptest"
)

// Выгрузки: each CSV downloads with the cookie session, the same bytes as the API's file, and without a
// session the browser is sent to sign in.
func TestExportsDownloadWithTheCookieSession(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	staff := s.Staff("buh@mekha-shuby.ru")
	anna := s.Customer("anna@mail.ru")
	s.AddToCart("zhaket-vera", 1, anna.Auth...)
	s.PlaceOrder(201, `{"phone_number":"79855508853","payment_on_get":true}`, anna.Auth...)
	b := newBrowser(t, s)
	if p := b.signIn("buh@mekha-shuby.ru", "кладовщица-2026"); p.status != http.StatusSeeOther {
		t.Fatalf("sign in → %d", p.status)
	}

	b.get("/admin/exports").mustShow(t, "Выгрузки", "Скачать orders.csv", "Скачать products.csv", "Скачать units.csv")
	for file, want := range map[string]string{"orders": "Жакет «Вера»", "products": "zhaket-vera", "units": "КИЗ;Товар"} {
		got := b.get("/admin/exports/" + file + ".csv")
		api := s.Do("GET", "/api/admin/export/"+file+".csv", "", staff...)
		if api.Status != http.StatusOK {
			t.Fatalf("the API's %s.csv → %d", file, api.Status)
		}
		if got.body != string(api.Body) {
			t.Errorf("%s.csv from the panel differs from the API's:\n%q\n%q", file, got.body, api.Body)
		}
		if !strings.HasPrefix(got.body, "\ufeff") || !strings.Contains(got.body, want) ||
			!strings.HasPrefix(got.header.Get("Content-Disposition"), `attachment; filename="`+file+"-") {
			t.Errorf("%s.csv: %s\n%.300s", file, got.header.Get("Content-Disposition"), got.body)
		}
	}
	if p := b.do("GET", "/admin/exports/orders.csv?from=2026-12-10&to=2026-12-01", nil); p.status != http.StatusBadRequest ||
		!strings.Contains(p.body, "Даты выгрузки заказов") {
		t.Errorf("orders.csv with dates the wrong way round → %d\n%.300s", p.status, p.body)
	}

	stranger := newBrowser(t, s)
	for _, file := range []string{"orders", "products", "units"} {
		p := stranger.do("GET", "/admin/exports/"+file+".csv", nil)
		if p.status != http.StatusSeeOther || !strings.HasPrefix(p.header.Get("Location"), "/admin/login?next=") || strings.Contains(p.body, ";") {
			t.Errorf("%s.csv without a session → %d %s", file, p.status, p.header.Get("Location"))
		}
	}
}
