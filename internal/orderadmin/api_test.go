package orderadmin_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mekhaishuby/furstore/internal/apptest"
)

// aoOrder is an order as the back office shows it.
type aoOrder struct {
	ID               int64  `json:"id"`
	PhoneNumber      string `json:"phone_number"`
	RequiresDelivery bool   `json:"requires_delivery"`
	DeliveryAddress  string `json:"delivery_address"`
	IsPaid           bool   `json:"is_paid"`
	Status           string `json:"status"`
	User             int64  `json:"user"`
	TotalPrice       string `json:"total_price"`
	Items            []struct {
		ID        int64    `json:"id"`
		ProductID *int64   `json:"product_id"`
		VariantID int64    `json:"variant_id"`
		Name      string   `json:"name"`
		Quantity  int      `json:"quantity"`
		FurCodes  []string `json:"fur_codes"`
		MarkedFur bool     `json:"marked_fur"`
	} `json:"items"`
	StatusHistory []struct {
		Status    string    `json:"status"`
		ChangedAt time.Time `json:"changed_at"`
		ChangedBy *struct {
			ID    int64   `json:"id"`
			Email *string `json:"email"`
		} `json:"changed_by"`
		Note string `json:"note"`
	} `json:"status_history"`
	Customer struct {
		ID        int64  `json:"id"`
		Email     string `json:"email"`
		FirstName string `json:"first_name"`
	} `json:"customer"`
	NextStatuses []string          `json:"next_statuses"`
	Payments     []apptest.Payment `json:"payments"`
	Refunds      []apptest.Refund  `json:"refunds"`
}

func (o aoOrder) statuses() []string {
	var s []string
	for _, h := range o.StatusHistory {
		s = append(s, h.Status)
	}
	return s
}

type aoPage struct {
	Count   int       `json:"count"`
	Next    *string   `json:"next"`
	Results []aoOrder `json:"results"`
}

func (p aoPage) ids() []int64 {
	ids := []int64{}
	for _, o := range p.Results {
		ids = append(ids, o.ID)
	}
	return ids
}

// aoAllowed reads where an invalid_transition error's details say the order may go; nil when they say nothing.
func aoAllowed(e apptest.ErrorBody) []string {
	var d struct {
		Allowed []string `json:"allowed"`
	}
	_ = json.Unmarshal(e.Error.Details, &d)
	return d.Allowed
}

func aoGet(t *testing.T, s *apptest.Server, id int64, staff []string) aoOrder {
	t.Helper()
	res := s.Do("GET", fmt.Sprintf("/api/admin/orders/%d", id), "", staff...)
	if res.Status != http.StatusOK {
		t.Fatalf("GET /api/admin/orders/%d → %d %s", id, res.Status, res.Body)
	}
	var o aoOrder
	res.JSON(t, &o)
	return o
}

func aoList(t *testing.T, s *apptest.Server, query string, staff []string) aoPage {
	t.Helper()
	res := s.Do("GET", "/api/admin/orders?"+query, "", staff...)
	if res.Status != http.StatusOK {
		t.Fatalf("GET /api/admin/orders?%s → %d %s", query, res.Status, res.Body)
	}
	var p aoPage
	res.JSON(t, &p)
	return p
}

// aoMove posts a status change and fails unless the answer is want.
func aoMove(t *testing.T, s *apptest.Server, want int, id int64, body string, staff []string) (aoOrder, apptest.Response) {
	t.Helper()
	res := s.Do("POST", fmt.Sprintf("/api/admin/orders/%d/status", id), body, staff...)
	if res.Status != want {
		t.Fatalf("POST /api/admin/orders/%d/status %s → %d %s; want %d", id, body, res.Status, res.Body, want)
	}
	var o aoOrder
	if want < 300 {
		res.JSON(t, &o)
	}
	return o, res
}

func aoUserID(s *apptest.Server, email string) int64 {
	return int64(s.Scalar("SELECT id FROM users WHERE email = $1", email))
}

// aoMail is a queued mail.
type aoMail struct{ kind, to, subject, text, html string }

// aoMails returns the mails of kind queued for address, oldest first.
func aoMails(t *testing.T, s *apptest.Server, kind, to string) []aoMail {
	t.Helper()
	rows, err := s.DB.Query(context.Background(),
		"SELECT kind, to_address, subject, coalesce(text_body, ''), coalesce(html_body, '') FROM mail_outbox WHERE kind = $1 AND to_address = $2 ORDER BY id", kind, to)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []aoMail
	for rows.Next() {
		var m aoMail
		if err := rows.Scan(&m.kind, &m.to, &m.subject, &m.text, &m.html); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// aoAudit is an audit log entry.
type aoAudit struct {
	Actor  string
	Action string
	Object int64
	Before string
	After  string
}

// aoAudits returns the audit entries about an order, oldest first, with before/after as compact JSON.
func aoAudits(t *testing.T, s *apptest.Server, orderID int64) []aoAudit {
	t.Helper()
	rows, err := s.DB.Query(context.Background(), `SELECT actor_email, action, object_id, coalesce(before::text, ''), coalesce(after::text, '')
		FROM audit_log WHERE object_type = 'order' AND object_id = $1 ORDER BY id`, orderID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []aoAudit
	for rows.Next() {
		var a aoAudit
		if err := rows.Scan(&a.Actor, &a.Action, &a.Object, &a.Before, &a.After); err != nil {
			t.Fatal(err)
		}
		a.Before, a.After = aoCompact(t, a.Before), aoCompact(t, a.After)
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func aoCompact(t *testing.T, s string) string {
	t.Helper()
	if s == "" {
		return ""
	}
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

const (
	aoPickup   = `{"phone_number":"+7 985 550-88-53","requires_delivery":false,"payment_on_get":true}`
	aoDelivery = `{"phone_number":"+7 985 550-88-53","requires_delivery":true,"delivery_address":"Москва, ул. Пушкина, д. 1","payment_on_get":true}`
)

func TestAdminOrderListFilters(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	boss := s.Staff("boss@mekha.ru")
	anna := s.Customer("anna@mail.ru")
	boris := s.Customer("Boris.K@Yandex.ru")
	// Profile phones would match every order of these customers; only boris keeps one, his own.
	s.Exec("UPDATE users SET phone = ''")
	s.Exec("UPDATE users SET phone = '79031112233' WHERE id = $1", boris.ID)

	o1 := s.Place(anna.Auth, aoDelivery, "zhaket-vera", 1)
	o2 := s.Place(boris.Auth, `{"phone_number":"8 916 123-45-67","requires_delivery":false,"payment_on_get":false}`, "palantin", 2)
	o3 := s.Place(anna.Auth, `{"phone_number":"+7 999 000-11-22","requires_delivery":false,"payment_on_get":true}`, "zhaket-olga", 1)
	// Around a day's edges in Moscow (UTC+3): o1 late on the 19th, o2 just after midnight on the 20th (still the
	// 19th in UTC), o3 late on the 20th.
	s.Exec("UPDATE orders SET created_at = '2025-11-19 23:30:00+03' WHERE id = $1", o1.ID)
	s.Exec("UPDATE orders SET created_at = '2025-11-20 00:10:00+03', is_paid = true, status = 'confirmed' WHERE id = $1", o2.ID)
	s.Exec("UPDATE orders SET created_at = '2025-11-20 23:59:30+03' WHERE id = $1", o3.ID)

	all := aoList(t, s, "", boss)
	if diff := cmp.Diff([]int64{o3.ID, o2.ID, o1.ID}, all.ids()); diff != "" || all.Count != 3 {
		t.Fatalf("all orders, newest first: count %d (-want +got):\n%s", all.Count, diff)
	}
	got := all.Results[1]
	if got.Customer.ID != boris.ID || got.Customer.Email != "boris.k@yandex.ru" || got.Customer.FirstName != "Анна" ||
		got.User != boris.ID || got.Status != "Подтверждён" || !got.IsPaid || got.PhoneNumber != "79161234567" ||
		got.TotalPrice != "39981.00" || len(got.Items) != 1 || got.Items[0].ID == 0 || len(got.StatusHistory) != 1 {
		t.Errorf("boris's order in the list: %+v", got)
	}
	if diff := cmp.Diff([]string{"Собран", "Отменён"}, got.NextStatuses); diff != "" {
		t.Errorf("next statuses of a confirmed order (-want +got):\n%s", diff)
	}

	for _, tt := range []struct {
		query string
		want  []int64
	}{
		{"status=" + url.QueryEscape("Подтверждён"), []int64{o2.ID}},
		{"status=confirmed", []int64{o2.ID}},
		{"status=processing", []int64{o3.ID, o1.ID}},
		{"status=delivered", []int64{}},
		{"is_paid=true", []int64{o2.ID}},
		{"is_paid=false", []int64{o3.ID, o1.ID}},
		{"requires_delivery=true", []int64{o1.ID}},
		{"requires_delivery=false", []int64{o3.ID, o2.ID}},
		{"from=2025-11-20", []int64{o3.ID, o2.ID}},
		{"to=2025-11-19", []int64{o1.ID}},
		{"from=2025-11-20&to=2025-11-20", []int64{o3.ID, o2.ID}},
		{"from=2025-11-21", []int64{}},
		{"from=" + url.QueryEscape("2025-11-20T00:00:00Z"), []int64{o3.ID}},
		{"to=" + url.QueryEscape("2025-11-19T21:10:00Z"), []int64{o2.ID, o1.ID}}, // o2's very moment, inclusive
		{"to=" + url.QueryEscape("2025-11-20T00:09:59+03:00"), []int64{o1.ID}},
		{"q=ANNA%40", []int64{o3.ID, o1.ID}},
		{"q=yandex", []int64{o2.ID}},
		{"q=" + url.QueryEscape("+7 (985) 550-88-53"), []int64{o1.ID}},
		{"q=79855508853", []int64{o1.ID}},
		{"q=" + url.QueryEscape("8 985 550 88 53"), []int64{o1.ID}},
		{"q=" + url.QueryEscape("123-45"), []int64{o2.ID}},
		{"q=" + url.QueryEscape("+7 903 111-22-33"), []int64{o2.ID}}, // boris's profile phone
		{"q=nobody", []int64{}},
		{"status=processing&requires_delivery=false&q=anna", []int64{o3.ID}},
	} {
		p := aoList(t, s, tt.query, boss)
		if diff := cmp.Diff(tt.want, p.ids()); diff != "" || p.Count != len(tt.want) {
			t.Errorf("?%s: count %d (-want +got):\n%s", tt.query, p.Count, diff)
		}
	}

	t.Run("pages", func(t *testing.T) {
		p := aoList(t, s, "page_size=2", boss)
		if p.Count != 3 || len(p.Results) != 2 || p.Next == nil || !strings.Contains(*p.Next, "page=2") {
			t.Errorf("first page of 2: %+v", p)
		}
		if p := aoList(t, s, "page_size=2&page=2", boss); len(p.Results) != 1 || p.Results[0].ID != o1.ID || p.Next != nil {
			t.Errorf("second page: %+v", p)
		}
		res := s.Do("GET", "/api/admin/orders?page_size=2&page=3", "", boss...)
		if res.Status != http.StatusNotFound || apptest.ErrorOf(t, res).Error.Code != "page_not_found" {
			t.Errorf("a page past the last → %d %s", res.Status, res.Body)
		}
	})

	t.Run("bad values", func(t *testing.T) {
		for _, tt := range []struct{ query, field string }{
			{"status=" + url.QueryEscape("Потерян"), "status"},
			{"status=CONFIRMED", "status"},
			{"is_paid=yes", "is_paid"},
			{"is_paid=1", "is_paid"},
			{"requires_delivery=maybe", "requires_delivery"},
			{"from=2025-13-01", "from"},
			{"from=20.11.2025", "from"},
			{"to=yesterday", "to"},
			{"from=2025-11-21&to=2025-11-20", "to"},
			{"q=" + strings.Repeat("a", 255), "q"},
			{"page=0", "page"},
			{"page_size=101", "page_size"},
		} {
			res := s.Do("GET", "/api/admin/orders?"+tt.query, "", boss...)
			if e := apptest.ErrorOf(t, res); res.Status != http.StatusBadRequest || e.Error.Fields[tt.field] == "" {
				t.Errorf("?%.40s → %d %s; want 400 naming %s", tt.query, res.Status, res.Body, tt.field)
			}
		}
		res := s.Do("GET", "/api/admin/orders?is_paid=yes&from=never", "", boss...)
		if e := apptest.ErrorOf(t, res); res.Status != 400 || e.Error.Fields["is_paid"] == "" || e.Error.Fields["from"] == "" {
			t.Errorf("two bad filters → %d %s; want both named", res.Status, res.Body)
		}
	})
}

func TestAdminOrderDetail(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	boss := s.Staff("boss@mekha.ru")
	anna := s.Customer("anna@mail.ru")
	s.MarkFur("shuba-elena")
	o := s.Place(anna.Auth, aoDelivery, "shuba-elena", 2, "palantin", 1)

	got := aoGet(t, s, o.ID, boss)
	if got.ID != o.ID || got.Status != "В обработке" || got.TotalPrice != o.TotalPrice || got.DeliveryAddress != "Москва, ул. Пушкина, д. 1" ||
		got.Customer.ID != anna.ID || got.Customer.Email != "anna@mail.ru" || got.Customer.FirstName != "Анна" {
		t.Errorf("the order: %+v", got)
	}
	type line struct {
		Product   int64
		Quantity  int
		Codes     []string
		MarkedFur bool
	}
	var lines []line
	for _, it := range got.Items {
		if it.ID == 0 || it.ProductID == nil {
			t.Errorf("a line without its id or product: %+v", it)
			continue
		}
		lines = append(lines, line{*it.ProductID, it.Quantity, it.FurCodes, it.MarkedFur})
	}
	want := []line{{s.ID("shuba-elena"), 2, []string{}, true}, {s.ID("palantin"), 1, []string{}, false}}
	if diff := cmp.Diff(want, lines); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
	if h := got.StatusHistory; len(h) != 1 || h[0].Status != "В обработке" || h[0].ChangedBy == nil || h[0].ChangedBy.ID != anna.ID ||
		h[0].ChangedBy.Email == nil || *h[0].ChangedBy.Email != "anna@mail.ru" || h[0].Note != "" {
		t.Errorf("history of a new order: %+v", h)
	}
	if diff := cmp.Diff([]string{"Подтверждён", "Отменён"}, got.NextStatuses); diff != "" {
		t.Errorf("next statuses (-want +got):\n%s", diff)
	}
	if got.Payments == nil || len(got.Payments) != 0 || got.Refunds == nil || len(got.Refunds) != 0 {
		t.Errorf("payments %v, refunds %v; want two empty lists", got.Payments, got.Refunds)
	}
	// A product deleted from the catalog since: the line stays as it was (an order line is a snapshot of its
	// product). A fur garment that was ordered cannot be deleted at all: its units keep their КИЗ forever.
	if res := s.Do("DELETE", fmt.Sprintf("/api/admin/products/%d", s.ID("shuba-elena")), "", boss...); res.Status != http.StatusConflict {
		t.Errorf("deleting an ordered fur garment → %d %s; want 409 product_in_use", res.Status, res.Body)
	}
	s.Do("DELETE", fmt.Sprintf("/api/admin/products/%d", s.ID("palantin")), "", boss...)
	if got := aoGet(t, s, o.ID, boss); len(got.Items) != 2 || got.Items[1].Name != "Палантин из норки" || !got.Items[0].MarkedFur {
		t.Errorf("a line of a deleted product: %+v", got.Items)
	}
	for _, path := range []string{"/api/admin/orders/999999", "/api/admin/orders/abc", "/api/admin/orders/0"} {
		if res := s.Do("GET", path, "", boss...); res.Status != http.StatusNotFound || apptest.ErrorOf(t, res).Error.Code != "order_not_found" {
			t.Errorf("GET %s → %d %s; want 404 order_not_found", path, res.Status, res.Body)
		}
	}
}

// Every allowed transition of a delivery and a pickup order, each recorded in the history, mailed to the
// customer and audited.
func TestAdminOrderStatusWalk(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	boss := s.Staff("boss@mekha.ru")
	bossID := aoUserID(s, "boss@mekha.ru")
	anna := s.Customer("anna@mail.ru")

	for _, tt := range []struct {
		name  string
		body  string
		steps []string // what is sent: labels and codes alike
		want  []string // the labels they are
		next  [][]string
	}{
		{"delivery", aoDelivery,
			[]string{"Подтверждён", "assembled", "Отправлен", "delivered"},
			[]string{"Подтверждён", "Собран", "Отправлен", "Выдан"},
			[][]string{{"Собран", "Отменён"}, {"Отправлен", "Отменён"}, {"Выдан"}, {}}},
		{"pickup", aoPickup,
			[]string{"confirmed", "Собран", "ready_for_pickup", "Выдан"},
			[]string{"Подтверждён", "Собран", "Готов к выдаче", "Выдан"},
			[][]string{{"Собран", "Отменён"}, {"Готов к выдаче", "Отменён"}, {"Выдан"}, {}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			o := s.Place(anna.Auth, tt.body, "zhaket-vera", 1)
			stock := s.Stock("zhaket-vera")
			history := []string{"В обработке"}
			for i, step := range tt.steps {
				note := fmt.Sprintf("шаг %d", i+1)
				got, _ := aoMove(t, s, http.StatusOK, o.ID, fmt.Sprintf(`{"status":%q,"note":%q}`, step, note), boss)
				history = append(history, tt.want[i])
				if got.Status != tt.want[i] {
					t.Errorf("%s: status %q; want %q", step, got.Status, tt.want[i])
				}
				if diff := cmp.Diff(history, got.statuses()); diff != "" {
					t.Errorf("%s: history (-want +got):\n%s", step, diff)
				}
				last := got.StatusHistory[len(got.StatusHistory)-1]
				if last.ChangedBy == nil || last.ChangedBy.ID != bossID || last.ChangedBy.Email == nil || *last.ChangedBy.Email != "boss@mekha.ru" || last.Note != note {
					t.Errorf("%s: history entry %+v; want by boss@mekha.ru with note %q", step, last, note)
				}
				if diff := cmp.Diff(tt.next[i], got.NextStatuses); diff != "" {
					t.Errorf("%s: next statuses (-want +got):\n%s", step, diff)
				}
			}
			if s.Stock("zhaket-vera") != stock {
				t.Errorf("stock moved from %d to %d without a cancellation", stock, s.Stock("zhaket-vera"))
			}
			var subjects []string
			for _, m := range aoMails(t, s, "order_status", "anna@mail.ru") {
				if strings.HasPrefix(m.subject, fmt.Sprintf("Заказ №%d:", o.ID)) {
					subjects = append(subjects, m.subject)
					if !strings.Contains(m.text, "Анна") || !strings.Contains(m.html, "<b>") {
						t.Errorf("mail %q: text %q, html %q", m.subject, m.text, m.html)
					}
				}
			}
			var want []string
			var audits []aoAudit
			prev := "В обработке"
			for i, label := range tt.want {
				want = append(want, fmt.Sprintf("Заказ №%d: %s", o.ID, label))
				audits = append(audits, aoAudit{Actor: "boss@mekha.ru", Action: "order.status", Object: o.ID,
					Before: fmt.Sprintf(`{"status":%q}`, prev), After: fmt.Sprintf(`{"note":"шаг %d","status":%q}`, i+1, label)})
				prev = label
			}
			if diff := cmp.Diff(want, subjects); diff != "" {
				t.Errorf("mails to the customer (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(audits, aoAudits(t, s, o.ID)); diff != "" {
				t.Errorf("audit log (-want +got):\n%s", diff)
			}
			// Delivered is final.
			_, res := aoMove(t, s, http.StatusConflict, o.ID, `{"status":"Отменён"}`, boss)
			if e := apptest.ErrorOf(t, res); e.Error.Code != "invalid_transition" || aoAllowed(e) == nil || len(aoAllowed(e)) != 0 {
				t.Errorf("moving a delivered order → %s", res.Body)
			}
		})
	}
}

func TestAdminOrderForbiddenTransitions(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	boss := s.Staff("boss@mekha.ru")
	anna := s.Customer("anna@mail.ru")
	o := s.Place(anna.Auth, aoDelivery, "zhaket-vera", 1)
	stock := s.Stock("zhaket-vera")

	for _, tt := range []struct {
		name, from, to string
		allowed        []string
	}{
		{"a jump", "processing", "Собран", []string{"Подтверждён", "Отменён"}},
		{"the same status again", "processing", "В обработке", []string{"Подтверждён", "Отменён"}},
		{"back", "confirmed", "processing", []string{"Собран", "Отменён"}},
		{"pickup's way for a delivery", "assembled", "Готов к выдаче", []string{"Отправлен", "Отменён"}},
		{"the same status again, by code", "assembled", "assembled", []string{"Отправлен", "Отменён"}},
		{"cancelling what has left", "shipped", "Отменён", []string{"Выдан"}},
		{"un-cancelling", "cancelled", "Подтверждён", []string{}},
	} {
		s.Exec("UPDATE orders SET status = $1 WHERE id = $2", tt.from, o.ID)
		_, res := aoMove(t, s, http.StatusConflict, o.ID, fmt.Sprintf(`{"status":%q}`, tt.to), boss)
		e := apptest.ErrorOf(t, res)
		if e.Error.Code != "invalid_transition" || e.Error.Fields["status"] == "" {
			t.Errorf("%s → %s", tt.name, res.Body)
		}
		if diff := cmp.Diff(tt.allowed, aoAllowed(e)); diff != "" {
			t.Errorf("%s: details.allowed (-want +got):\n%s", tt.name, diff)
		}
		for _, label := range tt.allowed {
			if !strings.Contains(e.Error.Message, "«"+label+"»") {
				t.Errorf("%s: the message %q does not name «%s»", tt.name, e.Error.Message, label)
			}
		}
	}

	s.Exec("UPDATE orders SET status = 'processing' WHERE id = $1", o.ID)
	for _, tt := range []struct {
		name, body, contentType string
		status                  int
		code, field             string
	}{
		{"unknown status", `{"status":"Потерян"}`, "", 400, "invalid_status", "status"},
		{"a code in capitals", `{"status":"CONFIRMED"}`, "", 400, "invalid_status", "status"},
		{"no status", `{"note":"x"}`, "", 400, "required", "status"},
		{"empty status", `{"status":""}`, "", 400, "required", "status"},
		{"status not a string", `{"status":2}`, "", 400, "invalid_type", "status"},
		{"unknown field", `{"status":"Подтверждён","stauts":"x"}`, "", 400, "unknown_field", "stauts"},
		{"note too long", fmt.Sprintf(`{"status":"Подтверждён","note":%q}`, strings.Repeat("я", 501)), "", 400, "invalid_value", "note"},
		{"not JSON", `status=confirmed`, "application/x-www-form-urlencoded", 415, "unsupported_media_type", ""},
		{"malformed JSON", `{"status":`, "", 400, "malformed_json", ""},
	} {
		header := boss
		if tt.contentType != "" {
			header = append([]string{"Content-Type", tt.contentType}, boss...)
		}
		res := s.Do("POST", fmt.Sprintf("/api/admin/orders/%d/status", o.ID), tt.body, header...)
		if e := apptest.ErrorOf(t, res); res.Status != tt.status || e.Error.Code != tt.code || (tt.field != "" && e.Error.Fields[tt.field] == "") {
			t.Errorf("%s → %d %s; want %d %s naming %q", tt.name, res.Status, res.Body, tt.status, tt.code, tt.field)
		}
	}
	for _, path := range []string{"/api/admin/orders/999999/status", "/api/admin/orders/x/status"} {
		if res := s.Do("POST", path, `{"status":"Подтверждён"}`, boss...); res.Status != http.StatusNotFound || apptest.ErrorOf(t, res).Error.Code != "order_not_found" {
			t.Errorf("POST %s → %d %s", path, res.Status, res.Body)
		}
	}

	// Nothing refused was written.
	if got := aoGet(t, s, o.ID, boss); len(got.StatusHistory) != 1 {
		t.Errorf("refused changes reached the history: %v", got.statuses())
	}
	if n := len(aoMails(t, s, "order_status", "anna@mail.ru")); n != 0 {
		t.Errorf("%d status mails for refused changes", n)
	}
	if a := aoAudits(t, s, o.ID); len(a) != 0 {
		t.Errorf("refused changes were audited: %+v", a)
	}
	if s.Stock("zhaket-vera") != stock {
		t.Errorf("refused cancellations moved stock: %d → %d", stock, s.Stock("zhaket-vera"))
	}
}

func TestAdminOrderCancelReturnsStock(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	boss := s.Staff("boss@mekha.ru")
	anna := s.Customer("anna@mail.ru")
	o := s.Place(anna.Auth, aoPickup, "zhaket-vera", 2, "shuba-sobol", 1)
	if diff := cmp.Diff(map[string]int{"zhaket-vera": 3, "shuba-sobol": 0}, s.Stocks("zhaket-vera", "shuba-sobol")); diff != "" {
		t.Fatalf("stock after the order (-want +got):\n%s", diff)
	}
	aoMove(t, s, http.StatusOK, o.ID, `{"status":"Подтверждён"}`, boss)
	aoMove(t, s, http.StatusOK, o.ID, `{"status":"Собран"}`, boss)
	got, _ := aoMove(t, s, http.StatusOK, o.ID, `{"status":"Отменён","note":"покупатель передумал"}`, boss)
	if got.Status != "Отменён" || len(got.NextStatuses) != 0 || got.StatusHistory[3].Note != "покупатель передумал" {
		t.Errorf("the cancelled order: %+v", got)
	}
	if diff := cmp.Diff(map[string]int{"zhaket-vera": 5, "shuba-sobol": 1}, s.Stocks("zhaket-vera", "shuba-sobol")); diff != "" {
		t.Errorf("stock after the cancellation (-want +got):\n%s", diff)
	}
	// The shop's cached cards see the stock back at once.
	if res := s.Do("GET", fmt.Sprintf("/api/products/%d", s.ID("shuba-sobol")), ""); !strings.Contains(string(res.Body), `"stock":1`) {
		t.Errorf("the sable coat's card after the cancellation: %s", res.Body)
	}
	mails := aoMails(t, s, "order_status", "anna@mail.ru")
	if len(mails) != 3 || mails[2].subject != fmt.Sprintf("Заказ №%d: Отменён", o.ID) || !strings.Contains(mails[2].text, "отменён") ||
		strings.Contains(mails[2].text, "вернутся") {
		t.Errorf("mails: %+v", mails)
	}
	if a := aoAudits(t, s, o.ID); len(a) != 3 || a[2].Before != `{"status":"Собран"}` || a[2].After != `{"note":"покупатель передумал","status":"Отменён"}` {
		t.Errorf("audit: %+v", a)
	}
	_, res := aoMove(t, s, http.StatusConflict, o.ID, `{"status":"Отменён"}`, boss)
	if apptest.ErrorOf(t, res).Error.Code != "invalid_transition" {
		t.Errorf("cancelling again → %s", res.Body)
	}
	if diff := cmp.Diff(map[string]int{"zhaket-vera": 5, "shuba-sobol": 1}, s.Stocks("zhaket-vera", "shuba-sobol")); diff != "" {
		t.Errorf("a second cancellation gave stock back again (-want +got):\n%s", diff)
	}
}

func TestAdminOrderCancelRefundsAPaidOrder(t *testing.T) {
	t.Parallel()
	s := apptest.StartPaying(t, apptest.Options{})
	boss := s.Staff("boss@mekha.ru")
	anna := s.Customer("anna@mail.ru").Auth
	o := s.PlaceOnline(anna, "zhaket-vera", 2)
	p := s.PayOnline(o.ID, anna)
	before := aoGet(t, s, o.ID, boss)
	if !before.IsPaid || len(before.Payments) != 1 || before.Payments[0].Status != "succeeded" || len(before.Refunds) != 0 {
		t.Fatalf("the paid order: %+v", before)
	}

	got, _ := aoMove(t, s, http.StatusOK, o.ID, `{"status":"Отменён","note":"нет в наличии"}`, boss)
	refunds := s.YooKassa.Refunds()
	if len(refunds) != 1 || refunds[0].Amount != apptest.Amount(t, o.TotalPrice) || refunds[0].PaymentID != *p.PaymentID {
		t.Fatalf("ЮKassa's refunds after staff cancelled a paid order: %+v; want all of %s", refunds, o.TotalPrice)
	}
	if got.Status != "Отменён" || len(got.Refunds) != 1 || got.Refunds[0].Status != "succeeded" || got.Refunds[0].Amount != o.TotalPrice ||
		!strings.Contains(got.Refunds[0].Reason, "нет в наличии") {
		t.Errorf("the order after cancelling: status %q, refunds %+v", got.Status, got.Refunds)
	}
	if s.Stock("zhaket-vera") != 5 {
		t.Errorf("stock %d after the cancellation; want 5", s.Stock("zhaket-vera"))
	}
	mails := aoMails(t, s, "order_status", "anna@mail.ru")
	if len(mails) != 1 || !strings.Contains(mails[0].text, "вернутся") {
		t.Errorf("the cancellation mail of a paid order: %+v", mails)
	}
}

func TestAdminOrderFurCodes(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	boss := s.Staff("boss@mekha.ru")
	anna := s.Customer("anna@mail.ru")
	s.MarkFur("shuba-elena")
	o := s.Place(anna.Auth, aoPickup, "shuba-elena", 2, "palantin", 1)
	other := s.Place(anna.Auth, aoPickup, "zhaket-vera", 1)
	elena, palantin := s.ID("shuba-elena"), s.ID("palantin")
	path := fmt.Sprintf("/api/admin/orders/%d/fur-codes", o.ID)
	codes := func() []string {
		t.Helper()
		for _, it := range aoGet(t, s, o.ID, boss).Items {
			if it.ProductID != nil && *it.ProductID == elena {
				return it.FurCodes
			}
		}
		t.Fatal("no line of the coat")
		return nil
	}
	put := func(want int, body string) apptest.Response {
		t.Helper()
		res := s.Do("PUT", path, body, boss...)
		if res.Status != want {
			t.Fatalf("PUT %s %s → %d %s; want %d", path, body, res.Status, res.Body, want)
		}
		return res
	}

	res := put(http.StatusOK, fmt.Sprintf(`{"product_id":%d,"codes":["RU-430302-AAA7582720"]}`, elena))
	var got aoOrder
	res.JSON(t, &got)
	if got.ID != o.ID || !slices.Equal(got.Items[0].FurCodes, []string{"RU-430302-AAA7582720"}) || !got.Items[0].MarkedFur {
		t.Errorf("after one code: %+v", got.Items)
	}
	put(http.StatusOK, fmt.Sprintf(`{"product_id":%d,"codes":["RU-430302-AAA7582720"," RU-430302-AAA7582721 "]}`, elena))
	if diff := cmp.Diff([]string{"RU-430302-AAA7582720", "RU-430302-AAA7582721"}, codes()); diff != "" {
		t.Errorf("stored codes (-want +got):\n%s", diff)
	}
	v := s.Scalar(`SELECT id FROM product_variants WHERE product_id = $1`, elena)
	wantAudit := []aoAudit{
		{"boss@mekha.ru", "order.fur_codes", o.ID, fmt.Sprintf(`{"fur_codes":[],"product_id":%d,"variant_id":%d}`, elena, v),
			fmt.Sprintf(`{"fur_codes":["RU-430302-AAA7582720"],"product_id":%d,"variant_id":%d}`, elena, v)},
		{"boss@mekha.ru", "order.fur_codes", o.ID, fmt.Sprintf(`{"fur_codes":["RU-430302-AAA7582720"],"product_id":%d,"variant_id":%d}`, elena, v),
			fmt.Sprintf(`{"fur_codes":["RU-430302-AAA7582720","RU-430302-AAA7582721"],"product_id":%d,"variant_id":%d}`, elena, v)},
	}
	if diff := cmp.Diff(wantAudit, aoAudits(t, s, o.ID)); diff != "" {
		t.Errorf("audit (-want +got):\n%s", diff)
	}

	for _, tt := range []struct {
		name, path, body string
		status           int
		code, field      string
	}{
		{"bad format", path, fmt.Sprintf(`{"product_id":%d,"codes":["RU-430302-AAA758272"]}`, elena), 400, "invalid_fur_code", "codes[0]"},
		{"lower case", path, fmt.Sprintf(`{"product_id":%d,"codes":["RU-430302-AAA7582720","ru-430302-aaa7582721"]}`, elena), 400, "invalid_fur_code", "codes[1]"},
		{"a formula", path, fmt.Sprintf(`{"product_id":%d,"codes":["=1+1"]}`, elena), 400, "invalid_fur_code", "codes[0]"},
		{"duplicate", path, fmt.Sprintf(`{"product_id":%d,"codes":["RU-430302-AAA7582720","RU-430302-AAA7582720"]}`, elena), 400, "duplicate_fur_code", "codes[1]"},
		{"too many", path, fmt.Sprintf(`{"product_id":%d,"codes":["RU-430302-AAA7582720","RU-430302-AAA7582721","RU-430302-AAA7582722"]}`, elena), 400, "too_many_codes", "codes"},
		{"no codes", path, fmt.Sprintf(`{"product_id":%d}`, elena), 400, "required", "codes"},
		{"codes not a list", path, fmt.Sprintf(`{"product_id":%d,"codes":"RU-430302-AAA7582720"}`, elena), 400, "invalid_type", "codes"},
		{"no product", path, `{"codes":[]}`, 400, "required", "product_id"},
		{"unknown field", path, fmt.Sprintf(`{"product_id":%d,"codes":[],"kiz":[]}`, elena), 400, "unknown_field", "kiz"},
		{"not marked fur", path, fmt.Sprintf(`{"product_id":%d,"codes":["RU-430302-AAA7582720"]}`, palantin), 409, "not_marked_fur", "product_id"},
		{"a product not in the order", path, fmt.Sprintf(`{"product_id":%d,"codes":[]}`, s.ID("zhaket-vera")), 404, "line_not_found", ""},
		{"an unknown product", path, `{"product_id":999999,"codes":[]}`, 404, "line_not_found", ""},
		{"a variant not in the order", path, `{"variant_id":999999,"codes":[]}`, 404, "line_not_found", ""},
		{"a variant of another product", path, fmt.Sprintf(`{"product_id":%d,"variant_id":%d,"codes":[]}`, palantin, v), 404, "line_not_found", ""},
		{"an unknown order", "/api/admin/orders/999999/fur-codes", fmt.Sprintf(`{"product_id":%d,"codes":[]}`, elena), 404, "order_not_found", ""},
		{"another order's line", fmt.Sprintf("/api/admin/orders/%d/fur-codes", other.ID), fmt.Sprintf(`{"product_id":%d,"codes":[]}`, elena), 404, "line_not_found", ""},
	} {
		res := s.Do("PUT", tt.path, tt.body, boss...)
		if e := apptest.ErrorOf(t, res); res.Status != tt.status || e.Error.Code != tt.code || (tt.field != "" && e.Error.Fields[tt.field] == "") {
			t.Errorf("%s → %d %s; want %d %s naming %q", tt.name, res.Status, res.Body, tt.status, tt.code, tt.field)
		}
	}
	if diff := cmp.Diff([]string{"RU-430302-AAA7582720", "RU-430302-AAA7582721"}, codes()); diff != "" {
		t.Errorf("refused requests changed the codes (-want +got):\n%s", diff)
	}
	if n := len(aoAudits(t, s, o.ID)); n != 2 {
		t.Errorf("%d audit entries after refused requests; want 2", n)
	}

	res = put(http.StatusOK, fmt.Sprintf(`{"product_id":%d,"codes":[]}`, elena))
	res.JSON(t, &got)
	if got.Items[0].FurCodes == nil || len(got.Items[0].FurCodes) != 0 || len(codes()) != 0 {
		t.Errorf("[] clears the codes: %+v", got.Items[0])
	}
}

// aoCSV fetches an export and checks what every export shares; it returns the rows after the header.
func aoCSV(t *testing.T, s *apptest.Server, path string, staff []string, header ...string) [][]string {
	t.Helper()
	res := s.Do("GET", path, "", staff...)
	if res.Status != http.StatusOK {
		t.Fatalf("GET %s → %d %s", path, res.Status, res.Body)
	}
	name := strings.TrimSuffix(strings.TrimPrefix(strings.SplitN(path, "?", 2)[0], "/api/admin/export/"), ".csv")
	today := time.Now().In(time.FixedZone("MSK", 3*60*60)).Format(time.DateOnly)
	if ct, cd := res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"); ct != "text/csv; charset=utf-8" ||
		cd != fmt.Sprintf(`attachment; filename="%s-%s.csv"`, name, today) {
		t.Errorf("%s: Content-Type %q, Content-Disposition %q", path, ct, cd)
	}
	body, ok := strings.CutPrefix(string(res.Body), "\ufeff")
	if !ok {
		t.Fatalf("%s does not start with the UTF-8 BOM: %q", path, res.Body[:min(len(res.Body), 20)])
	}
	r := csv.NewReader(strings.NewReader(body))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s is not CSV with ';': %v", path, err)
	}
	if len(rows) == 0 {
		t.Fatalf("%s is empty", path)
	}
	if diff := cmp.Diff(header, rows[0]); diff != "" {
		t.Errorf("%s: header row (-want +got):\n%s", path, diff)
	}
	return rows[1:]
}

var aoOrdersHeader = []string{"Номер", "Дата", "Покупатель", "E-mail", "Телефон", "Статус", "Оплачен", "Оплата при получении",
	"Доставка", "Адрес", "Позиций", "Штук", "Сумма", "Товары"}

func TestAdminOrderExportOrders(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	boss := s.Staff("boss@mekha.ru")
	anna := s.Customer("anna@mail.ru")
	eve := s.Customer("eve@mail.ru")
	s.Exec("UPDATE users SET first_name = 'Анна', last_name = 'Петрова-Водкина; «Меха»' WHERE id = $1", anna.ID)
	s.Exec(`UPDATE users SET first_name = '=HYPERLINK("http://evil.example","жми")', last_name = '' WHERE id = $1`, eve.ID)

	o1 := s.Place(anna.Auth, aoDelivery, "zhaket-vera", 2, "palantin", 1)
	o2 := s.Place(eve.Auth, `{"phone_number":"8 916 123-45-67","requires_delivery":true,"delivery_address":"+7 (495) 123 \"кв. 5\"","payment_on_get":false}`, "zhaket-olga", 1)
	s.Exec("UPDATE orders SET created_at = '2025-11-20 09:05:00+00', status = 'delivered', is_paid = true WHERE id = $1", o1.ID)
	s.Exec("UPDATE orders SET created_at = '2025-11-21 20:30:00+00' WHERE id = $1", o2.ID)

	rows := aoCSV(t, s, "/api/admin/export/orders.csv", boss, aoOrdersHeader...)
	want := [][]string{
		{fmt.Sprint(o2.ID), "2025-11-21 23:30", `'=HYPERLINK("http://evil.example","жми")`, "eve@mail.ru", "79161234567", "В обработке",
			"нет", "нет", "доставка", `'+7 (495) 123 "кв. 5"`, "1", "1", "16400,00", "Жакет «Ольга» × 1"},
		{fmt.Sprint(o1.ID), "2025-11-20 12:05", "Анна Петрова-Водкина; «Меха»", "anna@mail.ru", "79855508853", "Выдан",
			"да", "да", "доставка", "Москва, ул. Пушкина, д. 1", "2", "3", "52790,50", "Жакет «Вера» × 2; Палантин из норки × 1"},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("orders.csv (-want +got):\n%s", diff)
	}

	for _, tt := range []struct {
		query string
		want  []string
	}{
		{"status=" + url.QueryEscape("Выдан"), []string{fmt.Sprint(o1.ID)}},
		{"is_paid=false", []string{fmt.Sprint(o2.ID)}},
		{"from=2025-11-21", []string{fmt.Sprint(o2.ID)}},
		{"to=2025-11-20&requires_delivery=true", []string{fmt.Sprint(o1.ID)}},
		{"q=eve", []string{fmt.Sprint(o2.ID)}},
		{"status=cancelled", nil},
	} {
		var got []string
		for _, r := range aoCSV(t, s, "/api/admin/export/orders.csv?"+tt.query, boss, aoOrdersHeader...) {
			got = append(got, r[0])
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("orders.csv?%s (-want +got):\n%s", tt.query, diff)
		}
	}
	res := s.Do("GET", "/api/admin/export/orders.csv?is_paid=да", "", boss...)
	if e := apptest.ErrorOf(t, res); res.Status != http.StatusBadRequest || e.Error.Fields["is_paid"] == "" ||
		!strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Errorf("a bad filter → %d %s %s; want 400 JSON naming is_paid", res.Status, res.Header.Get("Content-Type"), res.Body)
	}
}

// More orders than one batch of the export, many of them placed at the very same moment: each comes exactly once.
func TestAdminOrderExportOrdersInBatches(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	boss := s.Staff("boss@mekha.ru")
	anna := s.Customer("anna@mail.ru")
	s.Exec(`INSERT INTO orders (user_id, phone_number, requires_delivery, payment_on_get, total, created_at)
		SELECT $1, '79855508853', false, true, 100 * n, '2025-11-20 12:00:00+03'::timestamptz + (n / 700) * interval '1 hour'
		FROM generate_series(1, 1234) AS n`, anna.ID)
	s.Exec(`INSERT INTO order_items (order_id, product_id, variant_id, sku, name, price, quantity) SELECT id, $1, 0, 'MS-1', 'Палантин из норки', total, 1 FROM orders`, s.ID("palantin"))
	rows := aoCSV(t, s, "/api/admin/export/orders.csv", boss, aoOrdersHeader...)
	seen := map[string]bool{}
	for _, r := range rows {
		if seen[r[0]] {
			t.Fatalf("order %s exported twice", r[0])
		}
		seen[r[0]] = true
	}
	if len(rows) != 1234 {
		t.Errorf("%d rows; want 1234", len(rows))
	}
	if len(rows) > 0 && (rows[0][1] != "2025-11-20 13:00" || rows[len(rows)-1][1] != "2025-11-20 12:00" || rows[len(rows)-1][12] != "1,00") {
		t.Errorf("not newest first: first %v, last %v", rows[0], rows[len(rows)-1])
	}
	if p := aoList(t, s, "page_size=1", boss); p.Count != 1234 {
		t.Errorf("the list counts %d", p.Count)
	}
}

func TestAdminOrderExportProducts(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	boss := s.Staff("boss@mekha.ru")
	s.MarkFur("shuba-elena")
	s.Exec("UPDATE products SET old_price = 20000050 WHERE slug = 'shuba-elena'")
	s.Exec("UPDATE products SET name = '-2+3 @палантин' WHERE slug = 'palantin'")

	rows := aoCSV(t, s, "/api/admin/export/products.csv", boss,
		"ID", "Артикул", "Название", "Категория", "Цена", "Старая цена", "Остаток", "Активен", "Маркировка")
	bySlug := map[string][]string{}
	var ids []int
	for _, r := range rows {
		bySlug[r[1]] = r
		id, err := strconv.Atoi(r[0])
		if err != nil {
			t.Fatalf("id %q", r[0])
		}
		ids = append(ids, id)
	}
	if len(rows) != 7 {
		t.Errorf("%d products; want all 7, the inactive one too", len(rows))
	}
	if !slices.IsSorted(ids) {
		t.Errorf("not in id order: %v", ids)
	}
	for slug, want := range map[string][]string{
		"shuba-elena":   {fmt.Sprint(s.ID("shuba-elena")), "shuba-elena", "Норковая шуба «Елена»", "Женщинам / Шубы / Норковые шубы", "185000,00", "200000,50", "2", "да", "да"},
		"zhaket-hidden": {fmt.Sprint(s.ID("zhaket-hidden")), "zhaket-hidden", "Жакет «Скрытый»", "Женщинам / Жакеты", "20000,00", "", "3", "нет", "нет"},
		"palantin":      {fmt.Sprint(s.ID("palantin")), "palantin", "'-2+3 @палантин", "Аксессуары", "19990,50", "", "7", "да", "нет"},
	} {
		if diff := cmp.Diff(want, bySlug[slug]); diff != "" {
			t.Errorf("%s (-want +got):\n%s", slug, diff)
		}
	}
}

// Marking an order shipped may carry the carrier's tracking number: the order shows it to staff and to the
// customer, and the customer's mail names it; given with another status, or too long, it is 400 and nothing moves.
func TestAdminOrderShippedWithTrackingNumber(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	boss := s.Staff("boss@mekha.ru")
	anna := s.Customer("anna@mail.ru")
	o := s.Place(anna.Auth, aoDelivery, "zhaket-vera", 1)
	bad := func(body string) {
		t.Helper()
		_, res := aoMove(t, s, http.StatusBadRequest, o.ID, body, boss)
		if e := apptest.ErrorOf(t, res); e.Error.Fields["tracking_number"] == "" {
			t.Errorf("%s → %s", body, res.Body)
		}
	}
	bad(`{"status":"Подтверждён","tracking_number":"80081234567890"}`)
	aoMove(t, s, http.StatusOK, o.ID, `{"status":"Подтверждён"}`, boss)
	aoMove(t, s, http.StatusOK, o.ID, `{"status":"Собран"}`, boss)
	bad(`{"status":"Отправлен","tracking_number":"` + strings.Repeat("8", 101) + `"}`)
	aoMove(t, s, http.StatusOK, o.ID, `{"status":"Отправлен","tracking_number":" 80081234567890 "}`, boss)

	var staffView, own struct {
		Status         string  `json:"status"`
		TrackingNumber *string `json:"tracking_number"`
	}
	s.Do("GET", fmt.Sprintf("/api/admin/orders/%d", o.ID), "", boss...).JSON(t, &staffView)
	s.Do("GET", fmt.Sprintf("/api/orders/%d", o.ID), "", anna.Auth...).JSON(t, &own)
	for _, v := range []struct {
		Status         string  `json:"status"`
		TrackingNumber *string `json:"tracking_number"`
	}{staffView, own} {
		if v.Status != "Отправлен" || v.TrackingNumber == nil || *v.TrackingNumber != "80081234567890" {
			t.Errorf("order shows %q, tracking %v", v.Status, v.TrackingNumber)
		}
	}
	mails := aoMails(t, s, "order_status", "anna@mail.ru")
	last := mails[len(mails)-1]
	if !strings.HasSuffix(last.subject, "Отправлен") || !strings.Contains(last.text, "Номер для отслеживания: 80081234567890") ||
		!strings.Contains(last.html, "80081234567890") {
		t.Errorf("shipping mail %q:\n%s", last.subject, last.text)
	}
}
