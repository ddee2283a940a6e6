package catalog_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mekhaishuby/furstore/internal/apptest"
)

// The staff's fur units: receiving by КИЗ, the lists, inspection and units.csv, over HTTP on the real
// PostgreSQL, every answer checked against api/openapi.yaml.

type fuEvent struct {
	At     time.Time `json:"at"`
	Status string    `json:"status"`
	By     *struct {
		ID    int64  `json:"id"`
		Email string `json:"email"`
	} `json:"by"`
	Note    string `json:"note"`
	OrderID *int64 `json:"order_id"`
}

type fuUnit struct {
	ID         int64     `json:"id"`
	KIZ        *string   `json:"kiz"`
	VariantID  int64     `json:"variant_id"`
	ProductID  int64     `json:"product_id"`
	Status     string    `json:"status"`
	OrderID    *int64    `json:"order_id"`
	ReceivedAt time.Time `json:"received_at"`
	History    []fuEvent `json:"history"`
}

// code is the unit's КИЗ, or "-" while it has none.
func (u fuUnit) code() string {
	if u.KIZ == nil {
		return "-"
	}
	return *u.KIZ
}

// trail is the unit's history as "status by note [order]" lines, oldest first.
func (u fuUnit) trail() []string {
	out := []string{}
	for _, e := range u.History {
		by := "shop"
		if e.By != nil {
			by = e.By.Email
		}
		line := fmt.Sprintf("%s by %s: %s", e.Status, by, e.Note)
		if e.OrderID != nil {
			line += " [order]"
		}
		out = append(out, line)
	}
	return out
}

type fuPage struct {
	Count    int      `json:"count"`
	Next     *string  `json:"next"`
	Previous *string  `json:"previous"`
	Results  []fuUnit `json:"results"`
}

func (p fuPage) codes() []string {
	out := []string{}
	for _, u := range p.Results {
		out = append(out, u.code())
	}
	return out
}

type fuReceipt struct {
	Added int      `json:"added"`
	Stock int      `json:"stock"`
	Units []fuUnit `json:"units"`
}

// variantOf is the one variant of a product of the test catalog.
func (s *caShop) variantOf(slug string) int64 {
	s.t.Helper()
	return int64(s.Scalar("SELECT id FROM product_variants WHERE product_id = $1", s.ID(slug)))
}

func (s *caShop) receive(variant int64, body string) fuReceipt {
	s.t.Helper()
	var r fuReceipt
	s.call(http.StatusCreated, "POST", fmt.Sprintf("/api/admin/variants/%d/units", variant), body).JSON(s.t, &r)
	return r
}

func (s *caShop) units(path string) fuPage {
	s.t.Helper()
	var p fuPage
	s.call(http.StatusOK, "GET", path, "").JSON(s.t, &p)
	if p.Results == nil {
		s.t.Fatalf("GET %s: results is not a list", path)
	}
	return p
}

// unit is the unit with the code, looked up as the scanner does.
func (s *caShop) unit(code string) fuUnit {
	s.t.Helper()
	p := s.units("/api/admin/units?kiz=" + code)
	if p.Count != 1 || len(p.Results) != 1 {
		s.t.Fatalf("lookup of %s: %+v", code, p)
	}
	return p.Results[0]
}

func (s *caShop) setUnitStatus(id int64, body string) fuUnit {
	s.t.Helper()
	var u fuUnit
	s.call(http.StatusOK, "POST", fmt.Sprintf("/api/admin/units/%d/status", id), body).JSON(s.t, &u)
	return u
}

// variantStock is the variant's stock and its available units, read from the database: always equal.
func (s *caShop) variantStock(variant int64) int {
	s.t.Helper()
	stock := s.Scalar("SELECT stock FROM product_variants WHERE id = $1", variant)
	if units := s.Scalar("SELECT count(*) FROM fur_units WHERE variant_id = $1 AND status = 'available'", variant); units != stock {
		s.t.Errorf("variant %d: stock %d, but %d available units", variant, stock, units)
	}
	return stock
}

func TestAdminUnitsReceive(t *testing.T) {
	t.Parallel()
	s := newCAShop(t)
	s.MarkFur("shuba-anna") // none in stock: no units yet
	v, product := s.variantOf("shuba-anna"), s.ID("shuba-anna")
	version := s.product(product).Version

	r := s.receive(v, `{"kiz":[" RU-430302-AAA0000002 ","RU-430302-AAA0000001"],"reason":"поставка от 12.11"}`)
	if r.Added != 2 || r.Stock != 2 || len(r.Units) != 2 {
		t.Fatalf("receipt: %+v", r)
	}
	if got := []string{r.Units[0].code(), r.Units[1].code()}; !slices.Equal(got, []string{"RU-430302-AAA0000002", "RU-430302-AAA0000001"}) {
		t.Errorf("units %v; want the codes trimmed, in the order scanned", got)
	}
	for _, u := range r.Units {
		if u.ID == 0 || u.VariantID != v || u.ProductID != product || u.Status != "available" || u.OrderID != nil || u.ReceivedAt.IsZero() {
			t.Errorf("a received unit: %+v", u)
		}
		if diff := cmp.Diff([]string{"available by sklad@mekha-shuby.ru: поставка от 12.11"}, u.trail()); diff != "" {
			t.Errorf("history of %s (-want +got):\n%s", u.code(), diff)
		}
		if h := u.History[0]; h.By.ID != s.adminID || !h.At.Equal(u.ReceivedAt) {
			t.Errorf("history of %s: %+v", u.code(), h)
		}
	}
	if got := s.variantStock(v); got != 2 {
		t.Errorf("variant stock %d; want 2", got)
	}
	if status, _, stock := s.publicCard(product); status != http.StatusOK || stock != 2 {
		t.Errorf("public card → %d, stock %d; want 2 on sale", status, stock)
	}
	if p := s.product(product); p.Stock != 2 || p.Version != version+1 {
		t.Errorf("staff product: stock %d, version %d; want 2, %d", p.Stock, p.Version, version+1)
	}
	var moves struct {
		Results []caMovement `json:"results"`
	}
	s.call(http.StatusOK, "GET", fmt.Sprintf("/api/admin/products/%d/stock", product), "").JSON(t, &moves)
	if m := moves.Results; len(m) == 0 || m[0].Delta != 2 || m[0].StockAfter != 2 || m[0].Reason != "поставка от 12.11" ||
		m[0].ActorEmail == nil || *m[0].ActorEmail != s.adminEmail {
		t.Errorf("stock history: %+v", moves.Results)
	}
	entries := s.audit("product", product)
	if len(entries) == 0 || entries[0].Action != "product.units_receive" || caField(t, entries[0].After, "stock") != "2" ||
		caField(t, entries[0].After, "kiz") != `["RU-430302-AAA0000002","RU-430302-AAA0000001"]` {
		t.Errorf("audit: %+v", entries)
	}

	// The scanner's lookup and the variant's list; received together, they are taken in code order.
	if u := s.unit("RU-430302-AAA0000001"); u.ID != r.Units[1].ID || u.Status != "available" || len(u.History) != 1 {
		t.Errorf("lookup: %+v", u)
	}
	if u := s.unit("%20RU-430302-AAA0000002%20"); u.ID != r.Units[0].ID {
		t.Errorf("lookup of a code with blanks: %+v", u)
	}
	list := s.units(fmt.Sprintf("/api/admin/variants/%d/units", v))
	if diff := cmp.Diff([]string{"RU-430302-AAA0000001", "RU-430302-AAA0000002"}, list.codes()); diff != "" || list.Count != 2 {
		t.Errorf("variant's units, %d (-want +got):\n%s", list.Count, diff)
	}

	// A second delivery: new codes are added, one already known refuses the lot.
	r = s.receive(v, `{"kiz":["RU-430302-AAA0000003"]}`)
	if r.Added != 1 || r.Stock != 3 || r.Units[0].History[0].Note != "received" {
		t.Errorf("second receipt: %+v", r)
	}
	e := s.fails(http.StatusConflict, "kiz_exists", "POST", fmt.Sprintf("/api/admin/variants/%d/units", v),
		`{"kiz":["RU-430302-AAA0000009","RU-430302-AAA0000001"," RU-430302-AAA0000003"]}`)
	if len(e.Error.Fields) != 2 || !strings.Contains(e.Error.Fields["kiz[1]"], "RU-430302-AAA0000001") || e.Error.Fields["kiz[2]"] == "" {
		t.Errorf("kiz_exists names the known codes: %+v", e.Error)
	}
	var details []struct {
		KIZ    string `json:"kiz"`
		UnitID int64  `json:"unit_id"`
		Status string `json:"status"`
	}
	if err := json.Unmarshal(e.Error.Details, &details); err != nil || len(details) != 2 ||
		details[0].KIZ != "RU-430302-AAA0000001" || details[1].KIZ != "RU-430302-AAA0000003" ||
		details[1].UnitID != r.Units[0].ID || details[1].Status != "available" {
		t.Errorf("kiz_exists details: %s", e.Error.Details)
	}
	if n := s.Scalar("SELECT count(*) FROM fur_units WHERE kiz = 'RU-430302-AAA0000009'"); n != 0 || s.variantStock(v) != 3 {
		t.Errorf("a refused delivery added units: %d, stock %d", n, s.variantStock(v))
	}

	// A code is known forever, whatever became of its unit and in whichever variant it is scanned.
	s.setUnitStatus(r.Units[0].ID, `{"status":"written_off","note":"порван мех"}`)
	s.MarkFur("shuba-sobol")
	s.fails(http.StatusConflict, "kiz_exists", "POST", fmt.Sprintf("/api/admin/variants/%d/units", s.variantOf("shuba-sobol")),
		`{"kiz":["RU-430302-AAA0000003"]}`)
}

func TestAdminUnitsReceiveBadInput(t *testing.T) {
	t.Parallel()
	s := newCAShop(t)
	s.MarkFur("shuba-anna")
	v := s.variantOf("shuba-anna")
	path := fmt.Sprintf("/api/admin/variants/%d/units", v)
	for _, tt := range []struct {
		name, path, body string
		status           int
		code             string
		fields           []string
	}{
		{"malformed codes", path, `{"kiz":["RU-430302-AAA0000001","ru-430302-aaa0000002","RU-430302-AAA000000","RU430302AAA0000004",""]}`,
			400, "invalid_kiz", []string{"kiz[1]", "kiz[2]", "kiz[3]", "kiz[4]"}},
		{"a code twice", path, `{"kiz":["RU-430302-AAA0000001","RU-430302-AAA0000002"," RU-430302-AAA0000001"]}`,
			400, "duplicate_kiz", []string{"kiz[2]"}},
		{"malformed and twice", path, `{"kiz":["RU-430302-AAA0000001","RU-430302-AAA0000001","x"]}`,
			400, "invalid_input", []string{"kiz[1]", "kiz[2]"}},
		{"no codes", path, `{"kiz":[]}`, 400, "required", []string{"kiz"}},
		{"no kiz", path, `{"reason":"поставка"}`, 400, "required", []string{"kiz"}},
		{"kiz null", path, `{"kiz":null}`, 400, "invalid_type", []string{"kiz"}},
		{"kiz not a list", path, `{"kiz":"RU-430302-AAA0000001"}`, 400, "invalid_type", []string{"kiz"}},
		{"a code not a string", path, `{"kiz":[7]}`, 400, "invalid_type", nil},
		{"empty reason", path, `{"kiz":["RU-430302-AAA0000001"],"reason":"  "}`, 400, "invalid_reason", []string{"reason"}},
		{"unknown field", path, `{"kiz":["RU-430302-AAA0000001"],"codes":[]}`, 400, "unknown_field", nil},
		{"unknown variant", "/api/admin/variants/999999/units", `{"kiz":["RU-430302-AAA0000001"]}`, 404, "variant_not_found", nil},
		{"not a variant id", "/api/admin/variants/abc/units", `{"kiz":["RU-430302-AAA0000001"]}`, 404, "variant_not_found", nil},
		{"not marked fur", fmt.Sprintf("/api/admin/variants/%d/units", s.variantOf("palantin")), `{"kiz":["RU-430302-AAA0000001"]}`,
			409, "not_marked", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := s.fails(tt.status, tt.code, "POST", tt.path, tt.body)
			var fields []string
			for f := range e.Error.Fields {
				fields = append(fields, f)
			}
			slices.Sort(fields)
			if tt.fields != nil && !slices.Equal(fields, tt.fields) {
				t.Errorf("fields %v; want %v", fields, tt.fields)
			}
		})
	}
	if e := s.fails(http.StatusBadRequest, "invalid_kiz", "POST", path, `{"kiz":[`+strings.Repeat(`"RU-430302-AAA0000001",`, 1000)+`"RU-430302-AAA0000001"]}`); len(e.Error.Fields) != 1 {
		t.Errorf("over 1000 codes: %v; want only kiz named", e.Error.Fields)
	}
	if n := s.Scalar("SELECT count(*) FROM fur_units"); n != 0 {
		t.Errorf("refused requests added %d units", n)
	}
	if s.variantStock(v) != 0 || s.Stock("palantin") != 7 {
		t.Errorf("refused requests changed the stock")
	}
}

// The same КИЗ scanned at the same moment, into one variant or into two: it is stored once, one request wins
// and every other hears kiz_exists; stock follows the units.
func TestAdminUnitsReceiveSameCodeInParallel(t *testing.T) {
	t.Parallel()
	s := newCAShop(t)
	s.MarkFur("shuba-anna")
	s.MarkFur("shuba-sobol")
	anna, sobol := s.variantOf("shuba-anna"), s.variantOf("shuba-sobol")
	race := func(t *testing.T, bodies map[int64][]string) (won int) {
		t.Helper()
		type try struct {
			variant int64
			body    string
		}
		var tries []try
		for v, bs := range bodies {
			for _, b := range bs {
				tries = append(tries, try{v, b})
			}
		}
		res := make([]apptest.Response, len(tries))
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i, tr := range tries {
			wg.Go(func() {
				<-start
				res[i] = s.Do("POST", fmt.Sprintf("/api/admin/variants/%d/units", tr.variant), tr.body, s.admin...)
			})
		}
		close(start)
		wg.Wait()
		for i, r := range res {
			switch {
			case r.Status == http.StatusCreated:
				won++
			case r.Status != http.StatusConflict || apptest.ErrorOf(t, r).Error.Code != "kiz_exists":
				t.Errorf("%s → %d %s; want 201 or 409 kiz_exists", tries[i].body, r.Status, r.Body)
			}
		}
		return won
	}
	const n = 6
	same := func(body string) []string { return slices.Repeat([]string{body}, n) }

	t.Run("one variant", func(t *testing.T) {
		if won := race(t, map[int64][]string{anna: same(`{"kiz":["RU-430302-PAR0000001"]}`)}); won != 1 {
			t.Errorf("%d requests received the code; want 1", won)
		}
	})
	t.Run("two variants", func(t *testing.T) {
		code := `{"kiz":["RU-430302-PAR0000002"]}`
		if won := race(t, map[int64][]string{anna: same(code), sobol: same(code)}); won != 1 {
			t.Errorf("%d requests received the code; want 1", won)
		}
	})
	t.Run("two variants, codes in opposite orders", func(t *testing.T) {
		ab, ba := `{"kiz":["RU-430302-PAR0000003","RU-430302-PAR0000004"]}`, `{"kiz":["RU-430302-PAR0000004","RU-430302-PAR0000003"]}`
		if won := race(t, map[int64][]string{anna: same(ab), sobol: same(ba)}); won != 1 {
			t.Errorf("%d requests received the codes; want 1", won)
		}
	})
	if n := s.Scalar("SELECT count(*) FROM fur_units WHERE kiz LIKE 'RU-430302-PAR%'"); n != 4 {
		t.Errorf("%d units carry the 4 codes; want one each", n)
	}
	// sobol had 1 piece counted by number; anna none.
	if got := s.variantStock(anna) + s.variantStock(sobol); got != 1+4 {
		t.Errorf("stock %d over both variants; want 5", got)
	}
}

func TestAdminUnitsStatus(t *testing.T) {
	t.Parallel()
	s := newCAShop(t)
	s.MarkFur("shuba-anna")
	v, product := s.variantOf("shuba-anna"), s.ID("shuba-anna")
	r := s.receive(v, `{"kiz":["RU-430302-AAA0000001","RU-430302-AAA0000002","RU-430302-AAA0000003","RU-430302-AAA0000004"]}`)
	a, b, c, d := r.Units[0], r.Units[1], r.Units[2], r.Units[3]
	card := func() int {
		t.Helper()
		_, _, stock := s.publicCard(product)
		return stock
	}
	status := func(id int64) string {
		t.Helper()
		var st string
		if err := s.DB.QueryRow(t.Context(), "SELECT status FROM fur_units WHERE id = $1", id).Scan(&st); err != nil {
			t.Fatal(err)
		}
		return st
	}
	path := func(id int64) string { return fmt.Sprintf("/api/admin/units/%d/status", id) }

	// Available → written off: off sale.
	u := s.setUnitStatus(a.ID, `{"status":"written_off","note":" порван мех "}`)
	if u.Status != "written_off" || u.ID != a.ID || u.code() != a.code() || u.OrderID != nil {
		t.Errorf("written off: %+v", u)
	}
	if diff := cmp.Diff([]string{"available by sklad@mekha-shuby.ru: received", "written_off by sklad@mekha-shuby.ru: порван мех"}, u.trail()); diff != "" {
		t.Errorf("history (-want +got):\n%s", diff)
	}
	if s.variantStock(v) != 3 || card() != 3 {
		t.Errorf("after a write-off: stock %d, card %d; want 3", s.variantStock(v), card())
	}

	// An order reserves the oldest available (b); a reserved unit is the order's.
	anna := s.Customer("anna@mail.ru")
	o := s.Place(anna.Auth, `{"phone_number":"+7 985 550-88-53","requires_delivery":false,"payment_on_get":true}`, "shuba-anna", 1)
	if status(b.ID) != "reserved" || s.variantStock(v) != 2 || card() != 2 {
		t.Fatalf("after the order: %s, stock %d; want b reserved, 2", status(b.ID), s.variantStock(v))
	}
	for _, tt := range []struct {
		name string
		id   int64
		body string
		is   string
	}{
		{"written off again", a.ID, `{"status":"written_off","note":"ещё раз"}`, "written_off"},
		{"written off back on sale", a.ID, `{"status":"available","note":"нашлась"}`, "written_off"},
		{"available already", c.ID, `{"status":"available","note":"осмотрена"}`, "available"},
		{"reserved, written off", b.ID, `{"status":"written_off","note":"брак"}`, "reserved"},
		{"reserved, made available", b.ID, `{"status":"available","note":"отмена"}`, "reserved"},
	} {
		e := s.fails(http.StatusConflict, "invalid_transition", "POST", path(tt.id), tt.body)
		if !strings.Contains(string(e.Error.Details), `"status":"`+tt.is+`"`) {
			t.Errorf("%s: details %s; want its status %s", tt.name, e.Error.Details, tt.is)
		}
	}

	// Sold, then sent back by the customer (the return itself is the order's: here straight in the database).
	s.Exec("UPDATE fur_units SET status = 'sold' WHERE id = $1", b.ID)
	s.fails(http.StatusConflict, "invalid_transition", "POST", path(b.ID), `{"status":"available","note":"?"}`)
	s.Exec("UPDATE fur_units SET status = 'returned' WHERE id = $1", b.ID)
	s.Exec("INSERT INTO fur_unit_events (unit_id, status, order_id, note) VALUES ($1, 'returned', $2, 'возврат')", b.ID, o.ID)
	returned := s.units("/api/admin/units?status=returned")
	if diff := cmp.Diff([]string{b.code()}, returned.codes()); diff != "" {
		t.Errorf("units awaiting inspection (-want +got):\n%s", diff)
	}
	u = s.setUnitStatus(b.ID, `{"status":"available","note":"осмотрена, без дефектов"}`)
	if u.Status != "available" || u.OrderID != nil || s.variantStock(v) != 3 || card() != 3 {
		t.Errorf("back on sale: %+v, stock %d, card %d; want 3", u, s.variantStock(v), card())
	}
	if diff := cmp.Diff([]string{"available by sklad@mekha-shuby.ru: received", "reserved by shop:  [order]",
		"returned by shop: возврат [order]", "available by sklad@mekha-shuby.ru: осмотрена, без дефектов"}, u.trail()); diff != "" {
		t.Errorf("history (-want +got):\n%s", diff)
	}
	if h := u.History[1]; h.OrderID == nil || *h.OrderID != o.ID {
		t.Errorf("the reservation names the order: %+v", h)
	}

	// Returned → written off: it never was on sale again, so the stock stays.
	s.Exec("UPDATE fur_units SET status = 'returned', order_id = $2 WHERE id = $1", d.ID, o.ID)
	s.Exec("UPDATE product_variants SET stock = stock - 1 WHERE id = $1", v) // d left the shelf with it
	before := s.variantStock(v)
	if u := s.setUnitStatus(d.ID, `{"status":"written_off","note":"пятна"}`); u.Status != "written_off" || s.variantStock(v) != before {
		t.Errorf("returned → written off: %+v, stock %d; want %d", u, s.variantStock(v), before)
	}

	var moves struct {
		Results []caMovement `json:"results"`
	}
	s.call(http.StatusOK, "GET", fmt.Sprintf("/api/admin/products/%d/stock", product), "").JSON(t, &moves)
	var got []string
	for _, m := range moves.Results {
		got = append(got, fmt.Sprintf("%+d %s", m.Delta, m.Reason))
	}
	want := []string{"+1 КИЗ RU-430302-AAA0000002: осмотрена, без дефектов", "-1 КИЗ RU-430302-AAA0000001: порван мех", "+4 received"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("stock movements, newest first (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"product.update" /* MarkFur */, "product.units_receive", "product.unit_status", "product.unit_status", "product.unit_status"},
		caActions(s.audit("product", product))); diff != "" {
		t.Errorf("audit (-want +got):\n%s", diff)
	}

	// Bad requests change nothing.
	for _, tt := range []struct {
		name, path, body string
		status           int
		code             string
	}{
		{"sold", path(c.ID), `{"status":"sold","note":"x"}`, 400, "invalid_status"},
		{"no status", path(c.ID), `{"note":"x"}`, 400, "required"},
		{"no note", path(c.ID), `{"status":"written_off"}`, 400, "required"},
		{"blank note", path(c.ID), `{"status":"written_off","note":" "}`, 400, "invalid_note"},
		{"unknown field", path(c.ID), `{"status":"written_off","note":"x","reason":"x"}`, 400, "unknown_field"},
		{"unknown unit", path(999999), `{"status":"written_off","note":"x"}`, 404, "unit_not_found"},
		{"not a unit id", "/api/admin/units/0/status", `{"status":"written_off","note":"x"}`, 404, "unit_not_found"},
	} {
		s.fails(tt.status, tt.code, "POST", tt.path, tt.body)
	}
	if status(c.ID) != "available" || s.variantStock(v) != before {
		t.Errorf("a refused request changed the unit or the stock")
	}
}

func TestAdminUnitsLists(t *testing.T) {
	t.Parallel()
	s := newCAShop(t)
	s.MarkFur("shuba-elena") // 2 pieces counted by number: units without a code
	s.MarkFur("shuba-anna")
	elena, anna := s.variantOf("shuba-elena"), s.variantOf("shuba-anna")
	s.receive(elena, `{"kiz":["RU-430302-ELN0000001","RU-430302-ELN0000002","RU-430302-ELN0000003"]}`)
	s.receive(anna, `{"kiz":["RU-430302-ANN0000001"]}`)

	all := s.units(fmt.Sprintf("/api/admin/variants/%d/units", elena))
	if diff := cmp.Diff([]string{"-", "-", "RU-430302-ELN0000001", "RU-430302-ELN0000002", "RU-430302-ELN0000003"}, all.codes()); diff != "" || all.Count != 5 {
		t.Errorf("elena's units, %d, oldest first (-want +got):\n%s", all.Count, diff)
	}
	if h := all.Results[0].History; len(h) != 1 || h[0].Status != "available" || h[0].By != nil {
		t.Errorf("a counted unit's history: %+v", h)
	}
	p := s.units(fmt.Sprintf("/api/admin/variants/%d/units?page=2&page_size=2", elena))
	if diff := cmp.Diff([]string{"RU-430302-ELN0000001", "RU-430302-ELN0000002"}, p.codes()); diff != "" || p.Count != 5 || p.Next == nil || p.Previous == nil {
		t.Errorf("page 2 (-want +got):\n%s\n%+v", diff, p)
	}
	s.setUnitStatus(all.Results[2].ID, `{"status":"written_off","note":"брак"}`)
	if got := s.units(fmt.Sprintf("/api/admin/variants/%d/units?status=written_off", elena)).codes(); !slices.Equal(got, []string{"RU-430302-ELN0000001"}) {
		t.Errorf("written off: %v", got)
	}
	if got := s.units(fmt.Sprintf("/api/admin/variants/%d/units?status=available", elena)).Count; got != 4 {
		t.Errorf("%d available; want 4", got)
	}
	if got := s.units(fmt.Sprintf("/api/admin/variants/%d/units?status=sold", anna)); got.Count != 0 || len(got.Results) != 0 {
		t.Errorf("none sold: %+v", got)
	}
	if got := s.units("/api/admin/units?status=available").Count; got != 5 {
		t.Errorf("%d available store-wide; want 5", got)
	}
	if got := s.units("/api/admin/units?kiz=RU-430302-ZZZ0000001"); got.Count != 0 || len(got.Results) != 0 {
		t.Errorf("an unknown code: %+v", got)
	}
	if got := s.units("/api/admin/units?kiz=RU-430302-ANN0000001&status=sold"); got.Count != 0 {
		t.Errorf("a code in another status: %+v", got)
	}
	if u := s.unit("RU-430302-ANN0000001"); u.VariantID != anna || u.ProductID != s.ID("shuba-anna") {
		t.Errorf("lookup: %+v", u)
	}

	for _, tt := range []struct {
		path   string
		status int
		code   string
	}{
		{"/api/admin/units?kiz=RU-430302", 400, "invalid_kiz"},
		{"/api/admin/units?kiz=", 400, "invalid_kiz"},
		{"/api/admin/units?status=lost", 400, "invalid_status"},
		{"/api/admin/units?kiz=RU-430302-ANN0000001&kiz=RU-430302-ANN0000001", 400, "repeated_parameter"},
		{fmt.Sprintf("/api/admin/variants/%d/units?status=Sold", elena), 400, "invalid_status"},
		{fmt.Sprintf("/api/admin/variants/%d/units?page_size=101", elena), 400, "invalid_page_size"},
		{fmt.Sprintf("/api/admin/variants/%d/units?page=9", elena), 404, "page_not_found"},
		{"/api/admin/variants/999999/units", 404, "variant_not_found"},
		{"/api/admin/variants/-1/units", 404, "variant_not_found"},
	} {
		s.fails(tt.status, tt.code, "GET", tt.path, "")
	}
}

// An order of a marked coat reserves the units received first, and its cancellation puts them back.
func TestAdminUnitsOrderReservesTheOldestAndCancelReleases(t *testing.T) {
	t.Parallel()
	s := newCAShop(t)
	s.MarkFur("shuba-anna")
	v := s.variantOf("shuba-anna")
	s.receive(v, `{"kiz":["RU-430302-OLD0000009"]}`)
	s.receive(v, `{"kiz":["RU-430302-NEW0000002","RU-430302-NEW0000001"]}`)

	anna := s.Customer("anna@mail.ru")
	o := s.Place(anna.Auth, `{"phone_number":"+7 985 550-88-53","requires_delivery":false,"payment_on_get":true}`, "shuba-anna", 2)
	state := func() map[string]string {
		t.Helper()
		m := map[string]string{}
		for _, u := range s.units(fmt.Sprintf("/api/admin/variants/%d/units", v)).Results {
			m[u.code()] = u.Status
			if (u.OrderID != nil) != (u.Status == "reserved") || u.OrderID != nil && *u.OrderID != o.ID {
				t.Errorf("%s is %s in order %v", u.code(), u.Status, u.OrderID)
			}
		}
		return m
	}
	want := map[string]string{"RU-430302-OLD0000009": "reserved", "RU-430302-NEW0000001": "reserved", "RU-430302-NEW0000002": "available"}
	if diff := cmp.Diff(want, state()); diff != "" {
		t.Errorf("after the order (-want +got):\n%s", diff)
	}
	if s.variantStock(v) != 1 {
		t.Errorf("stock %d after the order; want 1", s.variantStock(v))
	}

	if res := s.Do("POST", fmt.Sprintf("/api/orders/%d/cancel", o.ID), "", anna.Auth...); res.Status != http.StatusOK {
		t.Fatalf("cancel → %d %s", res.Status, res.Body)
	}
	want = map[string]string{"RU-430302-OLD0000009": "available", "RU-430302-NEW0000001": "available", "RU-430302-NEW0000002": "available"}
	if diff := cmp.Diff(want, state()); diff != "" {
		t.Errorf("after the cancellation (-want +got):\n%s", diff)
	}
	if s.variantStock(v) != 3 {
		t.Errorf("stock %d after the cancellation; want 3", s.variantStock(v))
	}
	u := s.unit("RU-430302-OLD0000009")
	if diff := cmp.Diff([]string{"available by sklad@mekha-shuby.ru: received", "reserved by shop:  [order]",
		"available by shop: the order was cancelled [order]"}, u.trail()); diff != "" {
		t.Errorf("history (-want +got):\n%s", diff)
	}
}

func TestAdminUnitsCSV(t *testing.T) {
	t.Parallel()
	s := newCAShop(t)
	s.MarkFur("shuba-sobol") // 1 piece counted by number
	s.MarkFur("shuba-anna")
	sobol, anna := s.variantOf("shuba-sobol"), s.variantOf("shuba-anna")
	s.Exec("UPDATE product_variants SET size = '48' WHERE id = $1", anna)
	r := s.receive(anna, `{"kiz":["RU-430302-CSV0000001","RU-430302-CSV0000002"]}`)
	sold, back := r.Units[0], r.Units[1]
	anyone := s.Customer("anna@mail.ru")
	o := s.Place(anyone.Auth, `{"phone_number":"+7 985 550-88-53","requires_delivery":false,"payment_on_get":true}`, "shuba-anna", 1)
	// The sale and the return are the order's to record: here straight in the database, at known times.
	s.Exec("UPDATE fur_units SET received_at = '2025-11-12 07:15:00+00' WHERE variant_id = $1", anna)
	s.Exec("UPDATE fur_units SET status = 'sold' WHERE id = $1", sold.ID)
	s.Exec("INSERT INTO fur_unit_events (unit_id, status, order_id, at) VALUES ($1, 'sold', $2, '2025-11-20 14:03:00+00')", sold.ID, o.ID)
	s.Exec("UPDATE fur_units SET status = 'returned', order_id = $2 WHERE id = $1", back.ID, o.ID)
	s.Exec(`INSERT INTO fur_unit_events (unit_id, status, order_id, at) VALUES
		($1, 'sold', $2, '2025-11-21 10:00:00+00'), ($1, 'returned', $2, '2025-11-25 09:30:00+00')`, back.ID, o.ID)
	s.Exec("UPDATE products SET name = '=HYPERLINK(1)' WHERE slug = 'shuba-sobol'")
	sku := func(v int64) string {
		var sku string
		if err := s.DB.QueryRow(t.Context(), "SELECT sku FROM product_variants WHERE id = $1", v).Scan(&sku); err != nil {
			t.Fatal(err)
		}
		return sku
	}
	var counted time.Time
	if err := s.DB.QueryRow(t.Context(), "SELECT received_at FROM fur_units WHERE variant_id = $1", sobol).Scan(&counted); err != nil {
		t.Fatal(err)
	}

	res := s.call(http.StatusOK, "GET", "/api/admin/export/units.csv", "")
	if ct, cd := res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"); ct != "text/csv; charset=utf-8" ||
		!strings.HasPrefix(cd, `attachment; filename="units-`) {
		t.Errorf("headers: %s, %s", ct, cd)
	}
	body, ok := bytes.CutPrefix(res.Body, []byte("\ufeff"))
	if !ok {
		t.Fatal("no BOM")
	}
	cr := csv.NewReader(bytes.NewReader(body))
	cr.Comma = ';'
	rows, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	oid := fmt.Sprint(o.ID)
	want := [][]string{
		{"КИЗ", "Товар", "Артикул", "Размер", "Статус", "Заказ", "Получен", "Продан", "Возвращён"},
		{"", "'=HYPERLINK(1)", sku(sobol), "", "в наличии", "", counted.In(time.FixedZone("MSK", 3*3600)).Format("2006-01-02 15:04"), "", ""},
		{"RU-430302-CSV0000001", "Норковая шуба «Анна»", sku(anna), "48", "продан", oid, "2025-11-12 10:15", "2025-11-20 17:03", ""},
		{"RU-430302-CSV0000002", "Норковая шуба «Анна»", sku(anna), "48", "возвращён", oid, "2025-11-12 10:15", "2025-11-21 13:00", "2025-11-25 12:30"},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("units.csv (-want +got):\n%s", diff)
	}
	if !bytes.Contains(res.Body, []byte("\r\n")) {
		t.Error("rows do not end in CRLF")
	}
}
