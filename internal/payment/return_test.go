package payment_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/mekhaishuby/furstore/internal/apptest"
	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/yookassa/yookassatest"
)

// staffOrder is an order as the back office answers it, with what these tests read of it.
type staffOrder struct {
	ID     int64  `json:"id"`
	Status string `json:"status"`
	IsPaid bool   `json:"is_paid"`
	Items  []struct {
		ID        int64  `json:"id"`
		Name      string `json:"name"`
		Quantity  int    `json:"quantity"`
		MarkedFur bool   `json:"marked_fur"`
		Units     []struct {
			ID     int64   `json:"id"`
			KIZ    *string `json:"kiz"`
			Status string  `json:"status"`
		} `json:"units"`
	} `json:"items"`
	StatusHistory []struct {
		Status string `json:"status"`
		Note   string `json:"note"`
	} `json:"status_history"`
	Refunds []struct {
		Amount      string  `json:"amount"`
		Status      string  `json:"status"`
		ReturnUnits []int64 `json:"return_units"`
	} `json:"refunds"`
}

// unitStates is the order's fur units as "id:status[:КИЗ]", line by line.
func (o staffOrder) unitStates() []string {
	var out []string
	for _, it := range o.Items {
		for _, u := range it.Units {
			s := fmt.Sprintf("%d:%s", u.ID, u.Status)
			if u.KIZ != nil {
				s += ":" + *u.KIZ
			}
			out = append(out, s)
		}
	}
	return out
}

func adminOrder(t *testing.T, s *apptest.Server, id int64, staff []string) staffOrder {
	t.Helper()
	res := s.Do("GET", fmt.Sprintf("/api/admin/orders/%d", id), "", staff...)
	if res.Status != http.StatusOK {
		t.Fatalf("GET admin order %d → %d %s", id, res.Status, res.Body)
	}
	var o staffOrder
	res.JSON(t, &o)
	return o
}

// setStatus moves an order to status as staff, failing the test unless that works.
func setStatus(t *testing.T, s *apptest.Server, id int64, status string, staff []string) {
	t.Helper()
	res := s.Do("POST", fmt.Sprintf("/api/admin/orders/%d/status", id), fmt.Sprintf(`{"status":%q}`, status), staff...)
	if res.Status != http.StatusOK {
		t.Fatalf("order %d → %s: %d %s", id, status, res.Status, res.Body)
	}
}

// handOver walks a pickup order through the back office to «Выдан».
func handOver(t *testing.T, s *apptest.Server, id int64, staff []string) {
	t.Helper()
	for _, status := range []string{"confirmed", "assembled", "ready_for_pickup", "delivered"} {
		setStatus(t, s, id, status, staff)
	}
}

// TestReturnAfterHandOver: a paid order of two marked coats (one with its КИЗ recorded, one without) and a
// palantin; the receipt has an item per coat; handed over, one coat comes back: it waits in returned, the
// refund's return receipt names exactly its КИЗ with planned_status 3, the order stays «Выдан» and its history
// says so. Then the bad returns, a smaller refund for the second coat, and the rest as money only.
func TestReturnAfterHandOver(t *testing.T) {
	t.Parallel()
	s := apptest.StartPaying(t, apptest.Options{Receipts: true})
	s.YooKassa.RequireReceipts(true)
	s.MarkFur("shuba-elena")
	s.MarkFur("shuba-sobol")
	anna := s.Customer("anna@mail.ru").Auth
	boss := s.Staff("boss@mekha.ru")
	o := s.PlaceOnline(anna, "shuba-elena", 2, "palantin", 1) // 2 × 185 000.00 + 19 990.50
	const kiz = "RU-430302-AAA7582720"
	if res := s.Do("PUT", fmt.Sprintf("/api/admin/orders/%d/fur-codes", o.ID),
		fmt.Sprintf(`{"product_id":%d,"codes":[%q]}`, s.ID("shuba-elena"), kiz), boss...); res.Status != http.StatusOK {
		t.Fatalf("record the КИЗ → %d %s", res.Status, res.Body)
	}
	placed := adminOrder(t, s, o.ID, boss)
	coats := placed.Items[0].Units
	if len(coats) != 2 || placed.Items[1].Units == nil || len(placed.Items[1].Units) != 0 {
		t.Fatalf("staff order lines: %+v; want the coat line's two units and [] for the palantin", placed.Items)
	}
	coded, plain := coats[0], coats[1]
	if coded.KIZ == nil {
		coded, plain = plain, coded
	}
	if coded.KIZ == nil || *coded.KIZ != kiz || plain.KIZ != nil || coded.Status != "reserved" {
		t.Fatalf("units %v; want one coat with %s, one without, both reserved", placed.unitStates(), kiz)
	}
	// The customer's own view shows no units.
	if res := s.Do("GET", fmt.Sprintf("/api/orders/%d", o.ID), "", anna...); strings.Contains(string(res.Body), `"units"`) {
		t.Errorf("the customer's order shows units: %s", res.Body)
	}

	p := s.PayOnline(o.ID, anna)
	y, _ := s.YooKassa.Payment(*p.PaymentID)
	got := describe(t, y.Receipt, apptest.Amount(t, o.TotalPrice))
	want := []string{
		"Норковая шуба «Елена» × 1 @ 185000.00 non_marked vat11 full_prepayment piece КИЗ " + kiz + " mark_mode 0 planned_status 1",
		"Норковая шуба «Елена» × 1 @ 185000.00 non_marked vat11 full_prepayment piece mark_mode 0 planned_status 1",
		"Палантин из норки × 1 @ 19990.50 commodity vat11 full_prepayment piece",
	}
	if !slices.Equal(got, want) {
		t.Errorf("payment receipt:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := adminOrder(t, s, o.ID, boss).unitStates(); !slices.Equal(got, []string{
		fmt.Sprintf("%d:sold:%s", coded.ID, kiz), fmt.Sprintf("%d:sold", plain.ID)}) && !slices.Equal(got, []string{
		fmt.Sprintf("%d:sold", plain.ID), fmt.Sprintf("%d:sold:%s", coded.ID, kiz)}) {
		t.Errorf("units once paid: %v; want both sold", got)
	}

	// Not handed over yet: not a return (cancel instead).
	refund := func(want int, body string) (apptest.Refund, apptest.ErrorBody) {
		t.Helper()
		r, res := s.Refund(want, o.ID, body, boss)
		var e apptest.ErrorBody
		if want >= 400 {
			e = apptest.ErrorOf(t, res)
		}
		return r, e
	}
	if _, e := refund(http.StatusConflict, fmt.Sprintf(`{"return_units":[%d],"reason":"возврат"}`, coded.ID)); e.Error.Code != "not_delivered" {
		t.Errorf("return before hand-over → %+v", e.Error)
	}
	handOver(t, s, o.ID, boss)
	stock := s.Stock("shuba-elena")
	historyBefore := len(adminOrder(t, s, o.ID, boss).StatusHistory)

	// The coat with its КИЗ comes back: its price is refunded by default.
	r, _ := refund(http.StatusCreated, fmt.Sprintf(`{"return_units":[%d],"reason":"возврат в течение 7 дней"}`, coded.ID))
	if r.Amount != "185000.00" || r.Status != "succeeded" {
		t.Errorf("refund %+v; want 185000.00 succeeded", r)
	}
	refunds := s.YooKassa.Refunds()
	if len(refunds) != 1 {
		t.Fatalf("ЮKassa has %d refunds", len(refunds))
	}
	if got := describe(t, refunds[0].Receipt, refunds[0].Amount); !slices.Equal(got, []string{
		"Норковая шуба «Елена» × 1 @ 185000.00 non_marked vat11 full_prepayment piece КИЗ " + kiz + " mark_mode 0 planned_status 3"}) {
		t.Errorf("return receipt:\n%s", strings.Join(got, "\n"))
	}
	after := adminOrder(t, s, o.ID, boss)
	if after.Status != "Выдан" || len(after.StatusHistory) != historyBefore+1 {
		t.Fatalf("after the return: status %s, %d history entries; want «Выдан» and one more entry", after.Status, len(after.StatusHistory))
	}
	last := after.StatusHistory[len(after.StatusHistory)-1]
	if last.Status != "Выдан" || !strings.Contains(last.Note, kiz) || !strings.Contains(last.Note, fmt.Sprint(coded.ID)) {
		t.Errorf("history entry of the return: %+v", last)
	}
	if len(after.Refunds) != 1 || !slices.Equal(after.Refunds[0].ReturnUnits, []int64{coded.ID}) {
		t.Errorf("the order's refunds: %+v", after.Refunds)
	}
	for _, u := range after.Items[0].Units {
		if want := map[bool]string{true: "returned", false: "sold"}[u.ID == coded.ID]; u.Status != want {
			t.Errorf("unit %d is %s; want %s", u.ID, u.Status, want)
		}
	}
	if got := s.Stock("shuba-elena"); got != stock {
		t.Errorf("stock %d after a return; want %d: a returned coat waits for inspection", got, stock)
	}
	if n := len(s.Order(o.ID, anna...).StatusHistory); n != len(after.StatusHistory) {
		t.Errorf("the customer sees %d history entries; staff %d", n, len(after.StatusHistory))
	}

	// Bad returns: nothing moves, nothing is sent.
	bob := s.Customer("bob@mail.ru").Auth
	other := s.PlaceOnline(bob, "shuba-sobol", 1) // a unit reserved in an order not handed over
	theirs := adminOrder(t, s, other.ID, boss).Items[0].Units[0].ID
	for _, tc := range []struct {
		name   string
		status int
		body   string
		code   string
		field  string
	}{
		{"twice", http.StatusConflict, fmt.Sprintf(`{"return_units":[%d],"reason":"ещё раз"}`, coded.ID), "unit_not_returnable", "return_units[0]"},
		{"another order's unit", http.StatusConflict, fmt.Sprintf(`{"return_units":[%d,%d],"reason":"x"}`, plain.ID, theirs), "unit_not_returnable", "return_units[1]"},
		{"unknown unit", http.StatusConflict, `{"return_units":[99999999],"reason":"x"}`, "unit_not_returnable", "return_units[0]"},
		{"the same unit twice", http.StatusBadRequest, fmt.Sprintf(`{"return_units":[%d,%d],"reason":"x"}`, plain.ID, plain.ID), "duplicate_unit", "return_units[1]"},
		{"no units", http.StatusBadRequest, `{"return_units":[],"reason":"x"}`, "required", "return_units"},
		{"not an id", http.StatusBadRequest, `{"return_units":[0],"reason":"x"}`, "invalid_value", "return_units[0]"},
		{"more than the unit's price", http.StatusConflict, fmt.Sprintf(`{"return_units":[%d],"amount":"185000.01","reason":"x"}`, plain.ID), "refund_exceeds_return", "amount"},
	} {
		_, e := refund(tc.status, tc.body)
		if e.Error.Code != tc.code || e.Error.Fields[tc.field] == "" {
			t.Errorf("%s → %+v; want %s naming %s", tc.name, e.Error, tc.code, tc.field)
		}
	}
	if res := s.Do("POST", fmt.Sprintf("/api/admin/orders/%d/refund", o.ID), `{"return_units":["x"],"reason":"x"}`, boss...); res.Status != http.StatusBadRequest {
		t.Errorf("a unit id as text → %d", res.Status)
	}
	if _, e := func() (apptest.Refund, apptest.ErrorBody) {
		r, res := s.Refund(http.StatusConflict, other.ID, fmt.Sprintf(`{"return_units":[%d],"reason":"x"}`, theirs), boss)
		return r, apptest.ErrorOf(t, res)
	}(); e.Error.Code != "not_delivered" {
		t.Errorf("a return of an order not handed over (nor paid) → %+v", e.Error)
	}
	if n := len(s.YooKassa.Refunds()); n != 1 {
		t.Errorf("bad returns reached ЮKassa: %d refunds", n)
	}
	if got := adminOrder(t, s, o.ID, boss).unitStates(); !slices.Equal(got, after.unitStates()) {
		t.Errorf("bad returns moved units: %v → %v", after.unitStates(), got)
	}

	// ЮKassa refuses the second coat's refund: the coat is back all the same, and the return is made again.
	s.YooKassa.FailNext(1, yookassatest.Fault{Status: http.StatusBadRequest})
	if _, e := refund(http.StatusServiceUnavailable, fmt.Sprintf(`{"return_units":[%d],"amount":"100000.00","reason":"с дефектом"}`, plain.ID)); e.Error.Code != "refund_refused" {
		t.Errorf("refused refund → %+v", e.Error)
	}
	r2, _ := refund(http.StatusCreated, fmt.Sprintf(`{"return_units":[%d],"amount":"100000.00","reason":"с дефектом"}`, plain.ID))
	refunds = s.YooKassa.Refunds()
	if r2.Amount != "100000.00" || len(refunds) != 2 {
		t.Fatalf("second return: %+v, %d refunds at ЮKassa", r2, len(refunds))
	}
	if got := describe(t, refunds[1].Receipt, refunds[1].Amount); !slices.Equal(got, []string{
		"Норковая шуба «Елена» × 1 @ 100000.00 non_marked vat11 full_prepayment piece mark_mode 0 planned_status 3"}) {
		t.Errorf("return receipt of the coat without a КИЗ:\n%s", strings.Join(got, "\n"))
	}
	// The rest, money only: what is left of the second coat and the palantin; no КИЗ, no planned status.
	rest, _ := refund(http.StatusCreated, `{"reason":"остальное"}`)
	refunds = s.YooKassa.Refunds()
	if got := describe(t, refunds[2].Receipt, refunds[2].Amount); rest.Amount != "104990.50" || !slices.Equal(got, []string{
		"Норковая шуба «Елена» × 1 @ 85000.00 non_marked vat11 full_prepayment piece",
		"Палантин из норки × 1 @ 19990.50 commodity vat11 full_prepayment piece"}) {
		t.Errorf("the rest %s:\n%s", rest.Amount, strings.Join(got, "\n"))
	}
	var sum money.Amount
	for _, r := range refunds {
		sum += r.Amount
	}
	if sum != apptest.Amount(t, o.TotalPrice) {
		t.Errorf("refunded %s in all; paid %s", sum, o.TotalPrice)
	}
	final := adminOrder(t, s, o.ID, boss)
	for _, u := range final.Items[0].Units {
		if u.Status != "returned" {
			t.Errorf("unit %d is %s; want returned", u.ID, u.Status)
		}
	}
}

// TestRefundWithoutHandOverKeepsAUnitsSale: before an order is handed over, money alone cannot give back a fur
// unit's whole price (only cancelling undoes its sale); cancelling the paid order refunds the rest with a
// return receipt naming every piece, КИЗ with planned_status 3, and puts the units back on the shelf.
func TestRefundWithoutHandOverKeepsAUnitsSale(t *testing.T) {
	t.Parallel()
	s := apptest.StartPaying(t, apptest.Options{Receipts: true})
	s.YooKassa.RequireReceipts(true)
	s.MarkFur("shuba-elena")
	anna := s.Customer("anna@mail.ru").Auth
	boss := s.Staff("boss@mekha.ru")
	stock := s.Stock("shuba-elena")
	o := s.PlaceOnline(anna, "palantin", 1, "shuba-elena", 1) // lines in variant order: 185 000.00 + 19 990.50
	const kiz = "RU-430302-AAA7582721"
	if res := s.Do("PUT", fmt.Sprintf("/api/admin/orders/%d/fur-codes", o.ID),
		fmt.Sprintf(`{"product_id":%d,"codes":[%q]}`, s.ID("shuba-elena"), kiz), boss...); res.Status != http.StatusOK {
		t.Fatalf("record the КИЗ → %d %s", res.Status, res.Body)
	}
	s.PayOnline(o.ID, anna)
	_, res := s.Refund(http.StatusConflict, o.ID, `{"reason":"всё"}`, boss)
	if e := apptest.ErrorOf(t, res); e.Error.Code != "fur_unit_not_handed_over" || e.Error.Fields["amount"] != "must be at most 184999.99" {
		t.Errorf("refund of everything before hand-over → %+v", e.Error)
	}
	s.Refund(http.StatusCreated, o.ID, `{"amount":"20000.00","reason":"скидка"}`, boss)
	setStatus(t, s, o.ID, "cancelled", boss)
	refunds := s.YooKassa.Refunds()
	if len(refunds) != 2 {
		t.Fatalf("%d refunds; want the discount and the cancellation's", len(refunds))
	}
	if got := describe(t, refunds[1].Receipt, refunds[1].Amount); refunds[1].Amount != 18499050 || !slices.Equal(got, []string{
		"Норковая шуба «Елена» × 1 @ 165000.00 non_marked vat11 full_prepayment piece КИЗ " + kiz + " mark_mode 0 planned_status 3",
		"Палантин из норки × 1 @ 19990.50 commodity vat11 full_prepayment piece"}) {
		t.Errorf("cancellation's refund %s:\n%s", refunds[1].Amount, strings.Join(got, "\n"))
	}
	if got := adminOrder(t, s, o.ID, boss).unitStates(); len(got) != 0 {
		t.Errorf("a cancelled order holds units %v", got)
	}
	if got := s.Stock("shuba-elena"); got != stock {
		t.Errorf("stock %d after cancelling the paid order; want %d", got, stock)
	}
	if n := s.Scalar("SELECT count(*) FROM fur_units WHERE kiz = $1 AND status = 'available' AND order_id IS NULL", kiz); n != 1 {
		t.Errorf("the coat with %s is not back on the shelf", kiz)
	}
}
