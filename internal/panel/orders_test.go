package panel_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mekhaishuby/furstore/internal/apptest"
)

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

// A staff member finds an order placed through the public API, opens it, confirms it with its button and sees
// the new status and its history; a jump the graph forbids shows the service's reason and changes nothing.
func TestOrderPagesConfirmAnOrder(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	s.MarkFur("shuba-elena")
	anna, boris := s.Customer("anna@mail.ru"), s.Customer("boris@mail.ru")
	s.AddToCart("shuba-elena", 1, anna.Auth...)
	furs, _ := s.PlaceOrder(201, `{"phone_number":"79855508853","requires_delivery":true,"delivery_address":"Москва, ул. Пушкина, д. 1","payment_on_get":true}`, anna.Auth...)
	s.AddToCart("palantin", 2, boris.Auth...)
	scarves, _ := s.PlaceOrder(201, `{"phone_number":"79161234567","payment_on_get":true}`, boris.Auth...)
	b := staffBrowser(t, s)
	if home := b.do("GET", "/admin/", nil); !strings.Contains(home.body, `<a href="/admin/orders?status=processing">Ждут подтверждения</a>`) {
		t.Errorf("Сводка does not link the orders waiting")
	}

	list := b.do("GET", "/admin/orders", nil)
	if list.status != 200 || !strings.Contains(list.body, fmt.Sprintf(`href="/admin/orders/%d"`, furs.ID)) {
		t.Fatalf("orders → %d\n%.800s", list.status, list.body)
	}
	list.has(t, "the list", "Найдено: 2 заказа", "anna@mail.ru", "+7 985 550-88-53", "boris@mail.ru", "В обработке",
		"185 000,00 ₽", "39 981,00 ₽", "Доставка", "Самовывоз", "При получении")
	if !strings.Contains(list.body, `aria-current="page">Заказы`) {
		t.Errorf("the menu does not mark Заказы")
	}

	path := fmt.Sprintf("/admin/orders/%d", furs.ID)
	o := b.do("GET", path, nil)
	if o.status != 200 {
		t.Fatalf("the order → %d\n%.800s", o.status, o.body)
	}
	o.has(t, "the order", fmt.Sprintf("Заказ № %d", furs.ID), "anna@mail.ru", "+7 985 550-88-53",
		"Доставка: Москва, ул. Пушкина, д. 1", "Оплата при получении, не оплачен", "Норковая шуба «Елена»",
		"1 185 000,00 ₽ 185 000,00 ₽", "Изделия из меха (КИЗ)", "не указан в резерве", "В обработке покупатель",
		"Подтверждён", "Отменить заказ")

	// A jump the graph forbids: the page again, the reason in words, nothing changed.
	csrf := o.csrf(t)
	bad := b.do("POST", path+"/status", url.Values{"csrf": {csrf}, "status": {"delivered"}, "note": {"сразу выдали"}})
	if bad.status != http.StatusConflict {
		t.Fatalf("a forbidden jump → %d\n%.800s", bad.status, bad.body)
	}
	bad.has(t, "the refused jump", "Заказ «В обработке» нельзя сразу сделать «Выдан»: дальше он может стать только «Подтверждён» или «Отменён».")
	if !strings.Contains(bad.body, `value="сразу выдали"`) {
		t.Errorf("the note typed is lost")
	}
	if got := s.Order(furs.ID, anna.Auth...); got.Status != "В обработке" || len(got.StatusHistory) != 1 {
		t.Errorf("after a refused jump the order is %q with %d steps", got.Status, len(got.StatusHistory))
	}
	if p := b.do("POST", path+"/status", url.Values{"csrf": {csrf}, "status": {"нет такого"}}); p.status != http.StatusBadRequest ||
		!strings.Contains(p.body, "Выберите, каким станет заказ") {
		t.Errorf("an unknown status → %d", p.status)
	}

	done := b.do("POST", path+"/status", url.Values{"csrf": {csrf}, "status": {"confirmed"}, "note": {"позвонили, ждёт"}})
	if done.status != http.StatusSeeOther || done.header.Get("Location") != path {
		t.Fatalf("confirm → %d %s\n%.800s", done.status, done.header.Get("Location"), done.body)
	}
	after := b.do("GET", path, nil)
	after.has(t, "the confirmed order", "Статус Подтверждён", "В обработке покупатель",
		"Подтверждён sklad@mekha-shuby.ru позвонили, ждёт", "Собран")
	if got := s.Order(furs.ID, anna.Auth...); got.Status != "Подтверждён" {
		t.Errorf("the customer sees %q", got.Status)
	}
	if n := s.Scalar(`SELECT count(*) FROM audit_log WHERE action = 'order.status' AND object_id = $1`, furs.ID); n != 1 {
		t.Errorf("%d audit entries for the change", n)
	}

	// The filter: by status, by customer, and a bad one shown in words.
	confirmed := b.do("GET", "/admin/orders?status=confirmed", nil)
	if !strings.Contains(confirmed.body, path+`"`) || strings.Contains(confirmed.body, fmt.Sprintf(`/admin/orders/%d"`, scarves.ID)) {
		t.Errorf("?status=confirmed:\n%s", confirmed.text())
	}
	if !strings.Contains(confirmed.body, `<option value="confirmed" selected>`) {
		t.Errorf("the filter form forgot the status chosen")
	}
	byPhone := b.do("GET", "/admin/orders?q=916+123", nil)
	if strings.Contains(byPhone.body, path+`"`) || !strings.Contains(byPhone.body, fmt.Sprintf(`/admin/orders/%d"`, scarves.ID)) {
		t.Errorf("?q=916 123:\n%s", byPhone.text())
	}
	wrong := b.do("GET", "/admin/orders?status=lost&from=вчера&is_paid=maybe", nil)
	if wrong.status != http.StatusBadRequest {
		t.Errorf("a bad filter → %d", wrong.status)
	}
	wrong.has(t, "a bad filter", "Статус: выберите один из списка.", "Оплата: выберите", "Дата «с»: укажите день")
	if !strings.Contains(wrong.body, `name="from" value="вчера"`) {
		t.Errorf("the filter form forgot what was typed")
	}

	// «Отменить заказ»: the stock goes back on sale, and the page offers no more changes.
	other := fmt.Sprintf("/admin/orders/%d", scarves.ID)
	if p := b.do("POST", other+"/status", url.Values{"csrf": {csrf}, "status": {"cancelled"}, "note": {"передумал"}}); p.status != http.StatusSeeOther {
		t.Fatalf("cancel → %d\n%.800s", p.status, p.body)
	}
	cancelled := b.do("GET", other, nil)
	cancelled.has(t, "the cancelled order", "Статус Отменён", "Отменён sklad@mekha-shuby.ru передумал")
	if strings.Contains(cancelled.body, "Изменить статус") || s.Stock("palantin") != 7 {
		t.Errorf("after cancelling: buttons still shown or stock %d, not 7", s.Stock("palantin"))
	}
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

// An order that does not exist, or a path that names none, is the 404 page; without a staff session the pages
// send to sign in and the form is refused.
func TestOrderPagesRefuse(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	anna := s.Customer("anna@mail.ru")
	s.AddToCart("palantin", 1, anna.Auth...)
	o, _ := s.PlaceOrder(201, `{"phone_number":"79855508853","payment_on_get":true}`, anna.Auth...)
	b := staffBrowser(t, s)
	for _, path := range []string{"/admin/orders/999999", "/admin/orders/abc", "/admin/orders/0", "/admin/orders/-1"} {
		if p := b.do("GET", path, nil); p.status != http.StatusNotFound || !strings.Contains(p.body, "Такой страницы нет") {
			t.Errorf("GET %s → %d", path, p.status)
		}
	}
	csrf := b.do("GET", "/admin/orders", nil).csrf(t)
	if p := b.do("POST", "/admin/orders/999999/status", url.Values{"csrf": {csrf}, "status": {"confirmed"}}); p.status != http.StatusNotFound {
		t.Errorf("a status for no order → %d", p.status)
	}

	stranger := newBrowser(t, s)
	path := fmt.Sprintf("/admin/orders/%d", o.ID)
	if p := stranger.do("GET", path, nil); p.status != http.StatusSeeOther || !strings.HasPrefix(p.header.Get("Location"), "/admin/login?next=") {
		t.Errorf("a stranger's GET %s → %d %s", path, p.status, p.header.Get("Location"))
	}
	if p := stranger.do("POST", path+"/status", url.Values{"csrf": {csrf}, "status": {"confirmed"}}); p.status != http.StatusForbidden {
		t.Errorf("a stranger's status → %d", p.status)
	}
	customer := newBrowser(t, s)
	customer.signIn("anna@mail.ru", "норковая-шуба-2026")
	if p := customer.do("GET", "/admin/orders", nil); p.status != http.StatusSeeOther {
		t.Errorf("a customer's GET /admin/orders → %d", p.status)
	}
	if got := s.Order(o.ID, anna.Auth...); got.Status != "В обработке" {
		t.Errorf("the order became %q", got.Status)
	}
}
