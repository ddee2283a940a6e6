package panel_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mekhaishuby/furstore/internal/apptest"
)

// A manager ships an order with the carrier's tracking number, prints its packing slip, and refunds part of an
// order paid online; a refund the payment cannot cover is refused in words and changes nothing.
func TestOrderShippedPrintedAndRefunded(t *testing.T) {
	t.Parallel()
	s := apptest.StartPaying(t, apptest.Options{})
	b := staffBrowser(t, s)
	anna := s.Customer("anna@mail.ru")
	o := s.Place(anna.Auth, `{"phone_number":"79855508853","requires_delivery":true,"delivery_address":"Москва, ул. Пушкина, д. 1","payment_on_get":false}`,
		"zhaket-vera", 2)
	s.PayOnline(o.ID, anna.Auth)
	path := fmt.Sprintf("/admin/orders/%d", o.ID)

	move := func(status string, extra ...string) page {
		t.Helper()
		form := b.do("GET", path, nil)
		v := url.Values{"csrf": {form.csrf(t)}, "status": {status}}
		for i := 0; i+1 < len(extra); i += 2 {
			v.Set(extra[i], extra[i+1])
		}
		return b.do("POST", path+"/status", v)
	}
	if p := move("confirmed", "tracking_number", "80081234567890"); p.status != http.StatusBadRequest || !strings.Contains(p.text(), "Трек-номер указывают только при отправке") {
		t.Errorf("a tracking number with «Подтверждён» → %d\n%s", p.status, p.text())
	}
	for _, step := range []string{"confirmed", "assembled"} {
		if p := move(step); p.status != http.StatusSeeOther {
			t.Fatalf("%s → %d\n%s", step, p.status, p.text())
		}
	}
	if p := move("shipped", "tracking_number", "80081234567890"); p.status != http.StatusSeeOther {
		t.Fatalf("shipped → %d\n%s", p.status, p.text())
	}
	b.do("GET", path, nil).has(t, "the shipped order", "Отправлен", "Трек-номер: 80081234567890", "Платёж ЮKassa", "прошёл")
	slip := b.do("GET", path+"/slip", nil)
	slip.has(t, "the packing slip", "Упаковочный лист", "Жакет «Вера»", "Трек-номер: 80081234567890", "Итого: 32 800,00 ₽")

	refund := func(amount, reason string) page {
		t.Helper()
		form := b.do("GET", path, nil)
		return b.do("POST", path+"/refund", url.Values{"csrf": {form.csrf(t)}, "amount": {amount}, "reason": {reason}})
	}
	if p := refund("50000", "брак"); p.status != http.StatusConflict || !strings.Contains(p.text(), "больше, чем осталось вернуть") || !strings.Contains(p.body, `value="50000"`) {
		t.Errorf("too much → %d\n%s", p.status, p.text())
	}
	if p := refund("1000,50", ""); p.status != http.StatusBadRequest || !strings.Contains(p.text(), "Укажите причину") {
		t.Errorf("no reason → %d\n%s", p.status, p.text())
	}
	if n := s.Scalar("SELECT count(*) FROM refunds"); n != 0 {
		t.Fatalf("a refused refund wrote %d refunds", n)
	}
	if p := refund("1000,50", "скидка за задержку"); p.status != http.StatusSeeOther {
		t.Fatalf("refund → %d\n%s", p.status, p.text())
	}
	b.do("GET", path, nil).has(t, "the refunded order", "Возврат: скидка за задержку", "1 000,50 ₽")
	if n := s.Scalar("SELECT count(*) FROM audit_log WHERE action LIKE '%refund%' AND object_id = $1", o.ID); n != 1 {
		t.Errorf("%d refunds in the audit log", n)
	}
}
