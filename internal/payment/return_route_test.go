package payment_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/mekhaishuby/furstore/internal/apptest"
	"github.com/mekhaishuby/furstore/internal/yookassa/yookassatest"
)

// returnGoods posts a return and fails unless the status is want; it answers the error body of a refusal.
func returnGoods(t *testing.T, s *apptest.Server, want int, id int64, body string, staff []string) apptest.ErrorBody {
	t.Helper()
	res := s.Do("POST", fmt.Sprintf("/api/admin/orders/%d/return", id), body, staff...)
	if res.Status != want {
		t.Fatalf("return %s → %d %s; want %d", body, res.Status, res.Body, want)
	}
	if want >= 400 {
		return apptest.ErrorOf(t, res)
	}
	return apptest.ErrorBody{}
}

// An order paid on receipt comes back in part after hand-over (POST /api/admin/orders/{id}/return, no
// refund: the money goes back at the till): a coat by its unit, a palantin by its line; the unit waits in
// returned, the line counts the piece, the history and the audit log say so, and what cannot come back is
// refused with nothing changed.
func TestReturnWithoutRefund(t *testing.T) {
	t.Parallel()
	s := apptest.StartPaying(t, apptest.Options{})
	s.MarkFur("shuba-elena")
	anna := s.Customer("anna@mail.ru").Auth
	boss := s.Staff("boss@mekha.ru")
	o := s.Place(anna, `{"phone_number":"+7 985 550-88-53","requires_delivery":false,"payment_on_get":true}`,
		"shuba-elena", 1, "palantin", 2)
	placed := adminOrder(t, s, o.ID, boss)
	coat, scarf := placed.Items[0], placed.Items[1]
	if coat.Name == "Палантин из норки" {
		coat, scarf = scarf, coat
	}
	unit := coat.Units[0].ID
	body := func(units, lines string) string {
		return fmt.Sprintf(`{"units":[%s],"lines":[%s],"reason":"не подошёл размер"}`, units, lines)
	}
	scarfLine := func(n int) string { return fmt.Sprintf(`{"line_id":%d,"quantity":%d}`, scarf.ID, n) }

	if e := returnGoods(t, s, http.StatusConflict, o.ID, body(fmt.Sprint(unit), ""), boss); e.Error.Code != "not_delivered" {
		t.Errorf("before hand-over → %s", e.Error.Code)
	}
	handOver(t, s, o.ID, boss)
	before := adminOrder(t, s, o.ID, boss)

	for _, tc := range []struct{ name, body, code string }{
		{"no reason", fmt.Sprintf(`{"units":[%d]}`, unit), "required"},
		{"nothing named", `{"reason":"x"}`, "required"},
		{"a unit twice", body(fmt.Sprintf("%d,%d", unit, unit), ""), "duplicate_unit"},
		{"no quantity", body("", fmt.Sprintf(`{"line_id":%d}`, scarf.ID)), "invalid_quantity"},
		{"a line twice", body("", scarfLine(1)+","+scarfLine(1)), "duplicate_line"},
		{"the coat by its line", body("", fmt.Sprintf(`{"line_id":%d,"quantity":1}`, coat.ID)), "units_required"},
		{"another order's line", body("", `{"line_id":999999,"quantity":1}`), "line_not_found"},
		{"an unknown field", `{"units":[1],"reason":"x","amount":"1.00"}`, "unknown_field"},
	} {
		if e := returnGoods(t, s, http.StatusBadRequest, o.ID, tc.body, boss); e.Error.Code != tc.code {
			t.Errorf("%s → %s; want %s", tc.name, e.Error.Code, tc.code)
		}
	}
	if e := returnGoods(t, s, http.StatusConflict, o.ID, body("", scarfLine(3)), boss); e.Error.Code != "return_exceeds_line" {
		t.Errorf("3 of 2 palantins → %s", e.Error.Code)
	}
	if e := returnGoods(t, s, http.StatusConflict, o.ID, `{"units":[`+fmt.Sprint(unit)+`],"reason":"x","refund":true}`, boss); e.Error.Code != "not_paid" {
		t.Errorf("a refund of an order paid on receipt → %s", e.Error.Code)
	}
	if got := adminOrder(t, s, o.ID, boss); len(got.StatusHistory) != len(before.StatusHistory) || !slices.Equal(got.unitStates(), before.unitStates()) {
		t.Fatalf("refused returns changed the order: %+v", got)
	}

	res := s.Do("POST", fmt.Sprintf("/api/admin/orders/%d/return", o.ID), body(fmt.Sprint(unit), scarfLine(1)), boss...)
	if res.Status != http.StatusCreated {
		t.Fatalf("the return → %d %s", res.Status, res.Body)
	}
	var after struct {
		Status string `json:"status"`
		Items  []struct {
			ID       int64 `json:"id"`
			Returned int   `json:"returned"`
			Units    []struct {
				ID     int64  `json:"id"`
				Status string `json:"status"`
			} `json:"units"`
		} `json:"items"`
		StatusHistory []struct {
			Note string `json:"note"`
		} `json:"status_history"`
	}
	res.JSON(t, &after)
	for _, it := range after.Items {
		switch it.ID {
		case scarf.ID:
			if it.Returned != 1 {
				t.Errorf("the palantin line counts %d back; want 1", it.Returned)
			}
		case coat.ID:
			if len(it.Units) != 1 || it.Units[0].Status != "returned" {
				t.Errorf("the coat's unit after the return: %+v", it.Units)
			}
		}
	}
	last := after.StatusHistory[len(after.StatusHistory)-1].Note
	if after.Status != "Выдан" || len(after.StatusHistory) != len(before.StatusHistory)+1 ||
		!strings.Contains(last, fmt.Sprintf("unit %d", unit)) || !strings.Contains(last, "1 × «Палантин из норки»") || !strings.Contains(last, "не подошёл размер") {
		t.Errorf("after the return: «%s», history note %q", after.Status, last)
	}
	if n := s.Scalar(`SELECT count(*) FROM audit_log WHERE action = 'order.return' AND object_id = $1`, o.ID); n != 1 {
		t.Errorf("%d audit entries of the return; want 1", n)
	}
	// The coat is back already: not again (a refund could still take it).
	if e := returnGoods(t, s, http.StatusConflict, o.ID, body(fmt.Sprint(unit), ""), boss); e.Error.Code != "unit_not_returnable" || e.Error.Fields["units[0]"] == "" {
		t.Errorf("the coat again → %+v", e.Error)
	}
	// One palantin is left to come back, not two.
	if e := returnGoods(t, s, http.StatusConflict, o.ID, body("", scarfLine(2)), boss); e.Error.Code != "return_exceeds_line" {
		t.Errorf("2 more palantins → %s", e.Error.Code)
	}
	returnGoods(t, s, http.StatusCreated, o.ID, body("", scarfLine(1)), boss)
}

// A paid order's palantins come back with "refund": true: the refund gives back their price, its return
// receipt takes back exactly those pieces, and the line counts them.
func TestReturnLinesWithRefund(t *testing.T) {
	t.Parallel()
	s := apptest.StartPaying(t, apptest.Options{Receipts: true})
	s.YooKassa.RequireReceipts(true)
	anna := s.Customer("anna@mail.ru").Auth
	boss := s.Staff("boss@mekha.ru")
	o := s.PlaceOnline(anna, "zhaket-vera", 1, "palantin", 3) // 16 400.00 + 3 × 19 990.50
	s.PayOnline(o.ID, anna)
	handOver(t, s, o.ID, boss)
	var line int64
	for _, it := range adminOrder(t, s, o.ID, boss).Items {
		if it.Name == "Палантин из норки" {
			line = it.ID
		}
	}
	returnGoods(t, s, http.StatusCreated, o.ID, fmt.Sprintf(`{"lines":[{"line_id":%d,"quantity":2}],"reason":"не подошёл цвет","refund":true}`, line), boss)
	refunds := s.YooKassa.Refunds()
	if len(refunds) != 1 {
		t.Fatalf("ЮKassa has %d refunds; want 1", len(refunds))
	}
	if got := describe(t, refunds[0].Receipt, refunds[0].Amount); !slices.Equal(got, []string{
		"Палантин из норки × 2 @ 19990.50 commodity vat11 full_prepayment piece"}) && !slices.Equal(got, []string{
		"Палантин из норки × 1 @ 19990.50 commodity vat11 full_prepayment piece",
		"Палантин из норки × 1 @ 19990.50 commodity vat11 full_prepayment piece"}) {
		t.Errorf("return receipt:\n%s", strings.Join(got, "\n"))
	}
	after := adminOrder(t, s, o.ID, boss)
	if len(after.Refunds) != 1 || after.Refunds[0].Amount != "39981.00" {
		t.Errorf("refunds %+v; want one of 39981.00", after.Refunds)
	}
	if n := s.Scalar(`SELECT returned FROM order_items WHERE id = $1`, line); n != 2 {
		t.Errorf("the line counts %d back; want 2", n)
	}
	// The third palantin may come back too, not a fourth.
	if e := returnGoods(t, s, http.StatusConflict, o.ID, fmt.Sprintf(`{"lines":[{"line_id":%d,"quantity":2}],"reason":"x","refund":true}`, line), boss); e.Error.Code != "refund_exceeds_return" && e.Error.Code != "return_exceeds_line" {
		t.Errorf("2 more of 1 left → %s", e.Error.Code)
	}
	// Bad lines are 4xx naming the field the request used, never a 500 or a refund of nothing.
	for _, tc := range []struct {
		path, body, code, field string
	}{
		{"return", `{"lines":[{"line_id":999999,"quantity":1}],"reason":"x","refund":true}`, "line_not_found", "lines[0].line_id"},
		{"refund", `{"return_lines":[{"line_id":999999,"quantity":1}],"reason":"x"}`, "line_not_found", "return_lines[0].line_id"},
		{"return", fmt.Sprintf(`{"lines":[{"line_id":%d,"quantity":2147483647}],"reason":"x"}`, line), "invalid_quantity", "lines[0].quantity"},
		{"refund", `{"return_lines":[],"reason":"x"}`, "required", "return_lines"},
		{"return", `{"units":[999999],"reason":"x"}`, "unit_not_returnable", "units[0]"},
	} {
		res := s.Do("POST", fmt.Sprintf("/api/admin/orders/%d/%s", o.ID, tc.path), tc.body, boss...)
		if e := apptest.ErrorOf(t, res); res.Status >= 500 || res.Status < 400 || e.Error.Code != tc.code || e.Error.Fields[tc.field] == "" {
			t.Errorf("%s %s → %d %s; want %s naming %s", tc.path, tc.body, res.Status, res.Body, tc.code, tc.field)
		}
	}
	if n := len(s.YooKassa.Refunds()); n != 1 {
		t.Errorf("bad returns reached ЮKassa: %d refunds", n)
	}
}

// A palantin recorded as back without a refund is refunded later, and a refund ЮKassa refuses is asked again:
// the line counts each piece once.
func TestReturnedLineRefundedLater(t *testing.T) {
	t.Parallel()
	s := apptest.StartPaying(t, apptest.Options{Receipts: true})
	anna := s.Customer("anna@mail.ru").Auth
	boss := s.Staff("boss@mekha.ru")
	o := s.PlaceOnline(anna, "palantin", 2)
	s.PayOnline(o.ID, anna)
	handOver(t, s, o.ID, boss)
	line := adminOrder(t, s, o.ID, boss).Items[0].ID
	returned := func() int { return s.Scalar(`SELECT returned FROM order_items WHERE id = $1`, line) }
	returnGoods(t, s, http.StatusCreated, o.ID, fmt.Sprintf(`{"lines":[{"line_id":%d,"quantity":1}],"reason":"брак"}`, line), boss)

	refund := fmt.Sprintf(`{"return_lines":[{"line_id":%d,"quantity":1}],"reason":"брак"}`, line)
	s.YooKassa.FailNext(1, yookassatest.Fault{Status: http.StatusBadRequest})
	if _, res := s.Refund(http.StatusServiceUnavailable, o.ID, refund, boss); apptest.ErrorOf(t, res).Error.Code != "refund_refused" {
		t.Fatalf("refused refund → %s", res.Body)
	}
	if returned() != 1 {
		t.Errorf("after a refused refund of the piece already back, the line counts %d; want 1", returned())
	}
	r, _ := s.Refund(http.StatusCreated, o.ID, refund, boss)
	if r.Amount != "19990.50" || returned() != 1 {
		t.Errorf("the refund asked again: %+v, the line counts %d; want 19990.50 and 1", r, returned())
	}
	// The second palantin comes back with its refund in one step: now both are back.
	returnGoods(t, s, http.StatusCreated, o.ID, fmt.Sprintf(`{"lines":[{"line_id":%d,"quantity":1}],"reason":"брак","refund":true}`, line), boss)
	if returned() != 2 || len(s.YooKassa.Refunds()) != 2 {
		t.Errorf("the line counts %d, ЮKassa has %d refunds; want 2 and 2", returned(), len(s.YooKassa.Refunds()))
	}
}
