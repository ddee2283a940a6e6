package order

import (
	"strings"
	"testing"

	"github.com/mekhaishuby/furstore/internal/account"
)

func TestStatusMail(t *testing.T) {
	o := Order{ID: 41, Customer: account.Person{Email: "anna@mail.ru", FirstName: "Анна"}, IsPaid: true, RequiresDelivery: true,
		Address: "Москва, <ул. Пушкина>"}
	m := statusMail(o, Shipped, "https://shop.example")
	if m.Kind != "order_status" || m.To != "anna@mail.ru" || m.Subject != "Заказ №41: Отправлен" {
		t.Errorf("%+v", m)
	}
	for _, want := range []string{"Здравствуйте, Анна!", "Заказ №41", "Отправлен", "передан в доставку", "Москва, <ул. Пушкина>", "https://shop.example"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("the text lacks %q:\n%s", want, m.Text)
		}
	}
	if !strings.Contains(m.HTML, "Москва, &lt;ул. Пушкина&gt;") || strings.Contains(m.Text, "вернутся") {
		t.Errorf("html:\n%s\ntext:\n%s", m.HTML, m.Text)
	}
	m = statusMail(o, Cancelled, "https://shop.example")
	if !strings.Contains(m.Text, "отменён") || !strings.Contains(m.Text, "вернутся") || !strings.Contains(m.HTML, "вернутся") ||
		strings.Contains(m.Text, "Пушкина") {
		t.Errorf("the cancellation of a paid order:\n%s", m.Text)
	}
	for _, st := range Statuses() {
		if news[st] == "" {
			t.Errorf("no news for %s", st)
		}
	}
}
