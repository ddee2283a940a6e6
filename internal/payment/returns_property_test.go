package payment_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/mekhaishuby/furstore/internal/apptest"
	"github.com/mekhaishuby/furstore/internal/money"
)

// receiptItems reads the items of a receipt as the fake ЮKassa received it.
type receiptItems struct {
	Items []struct {
		Quantity     json.Number `json:"quantity"`
		Amount       struct{ Value string }
		MarkCodeInfo *struct {
			Fur string `json:"fur"`
		} `json:"mark_code_info"`
		PlannedStatus int `json:"planned_status"`
	} `json:"items"`
}

func parseReceipt(t *testing.T, raw json.RawMessage) receiptItems {
	t.Helper()
	var r receiptItems
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	if err := dec.Decode(&r); err != nil {
		t.Fatalf("receipt %s: %v", raw, err)
	}
	return r
}

// total adds a receipt's items up, to the kopeck.
func (r receiptItems) total(t *testing.T) money.Amount {
	var sum money.Amount
	for _, it := range r.Items {
		q, err := strconv.Atoi(it.Quantity.String())
		if err != nil {
			t.Fatalf("quantity %s", it.Quantity)
		}
		sum += apptest.Amount(t, it.Amount.Value) * money.Amount(q)
	}
	return sum
}

// TestRandomOrdersPaymentsRefundsAndReturns drives random orders of marked coats and jackets (some with their
// КИЗ recorded) and palantins through payments, cancellations (before and after payment, and a payment
// completed after its order was cancelled), hand-overs, refunds of money only and returns of random units, and
// then checks (issue 11, concurrency and money): every receipt adds up to its payment or refund to the kopeck,
// no refund gives back more than was paid, a return receipt names only КИЗ its payment sold and each once,
// each КИЗ appears in at most one sale not returned, and the units' states match the orders' (and the
// receipts'), with every marked variant's stock equal to its available units.
func TestRandomOrdersPaymentsRefundsAndReturns(t *testing.T) {
	t.Parallel()
	s := apptest.StartPaying(t, apptest.Options{Receipts: true})
	s.YooKassa.RequireReceipts(true)
	s.Exec(`UPDATE product_variants v SET stock = 8 FROM products p WHERE p.id = v.product_id AND p.slug IN ('shuba-elena', 'zhaket-vera')`)
	s.Exec(`UPDATE product_variants v SET stock = 40 FROM products p WHERE p.id = v.product_id AND p.slug = 'palantin'`)
	s.MarkFur("shuba-elena")
	s.MarkFur("zhaket-vera")
	boss := s.Staff("boss@mekha.ru")
	var customers [][]string
	for i := range 3 {
		customers = append(customers, s.Customer(fmt.Sprintf("c%d@mail.ru", i)).Auth)
	}
	rng := rand.New(rand.NewPCG(11, 2026))
	owner := map[int64][]string{}
	type state struct {
		status string
		paid   bool
	}
	model := map[int64]*state{} // what the operations made of each order
	var orders []int64
	pick := func(ok func(st *state) bool) int64 {
		var ids []int64
		for _, id := range orders {
			if ok(model[id]) {
				ids = append(ids, id)
			}
		}
		if len(ids) == 0 {
			return 0
		}
		return ids[rng.IntN(len(ids))]
	}
	codes := 0
	next := []string{"В обработке", "Подтверждён", "Собран", "Готов к выдаче", "Выдан"}
	tally := map[string]int{}
	outcome := func(op string, res apptest.Response) {
		code := strconv.Itoa(res.Status)
		if res.Status >= 400 {
			code += " " + apptest.ErrorOf(t, res).Error.Code
		}
		tally[op+" → "+code]++
	}
	open := func(st *state) bool { return st.status != "Отменён" }

	for step := range 300 {
		switch op := rng.IntN(12); {
		case op < 3 || len(orders) == 0: // a new order, some of its units given their КИЗ
			auth := customers[rng.IntN(len(customers))]
			n := 0
			for _, slug := range []string{"shuba-elena", "zhaket-vera", "palantin"} {
				if q := min(rng.IntN(3), s.Stock(slug)); q > 0 {
					s.AddToCart(slug, q, auth...)
					n += q
				}
			}
			if n == 0 {
				continue
			}
			placed, _ := s.PlaceOrder(http.StatusCreated, apptest.OnlineOrder, auth...)
			orders, owner[placed.ID], model[placed.ID] = append(orders, placed.ID), auth, &state{status: "В обработке"}
			for _, it := range adminOrder(t, s, placed.ID, boss).Items {
				if !it.MarkedFur || rng.IntN(2) == 0 {
					continue
				}
				line := []string{}
				for _, u := range it.Units {
					if u.KIZ != nil {
						line = append(line, *u.KIZ)
					} else if rng.IntN(2) == 0 {
						codes++
						line = append(line, fmt.Sprintf("RU-430302-AAA%07d", codes))
					}
				}
				body, _ := json.Marshal(map[string]any{"product_id": productOf(t, s, it.Name), "codes": line})
				if res := s.Do("PUT", fmt.Sprintf("/api/admin/orders/%d/fur-codes", placed.ID), string(body), boss...); res.Status != http.StatusOK {
					t.Fatalf("step %d: fur-codes → %d %s", step, res.Status, res.Body)
				}
			}
			tally["place"]++
		case op < 5: // pay
			id := pick(func(st *state) bool { return open(st) && !st.paid })
			if id == 0 {
				continue
			}
			s.PayOnline(id, owner[id])
			model[id].paid = true
			tally["pay"]++
		case op < 6: // cancel by staff, paid or not
			id := pick(func(st *state) bool { return slices.Index(next, st.status) < 3 && open(st) })
			if id == 0 {
				continue
			}
			setStatus(t, s, id, "cancelled", boss)
			model[id].status = "Отменён"
			tally["cancel"]++
		case op < 7: // the payer completes a payment already open when the order was cancelled
			id := pick(func(st *state) bool { return st.status == "В обработке" && !st.paid })
			if id == 0 {
				continue
			}
			p, _ := s.Pay(http.StatusCreated, id, owner[id])
			setStatus(t, s, id, "cancelled", boss)
			if err := s.YooKassa.Pay(*p.PaymentID); err != nil {
				t.Fatal(err)
			}
			s.Notify("payment.succeeded", *p.PaymentID)
			model[id].status, model[id].paid = "Отменён", true
			tally["paid after cancel"]++
		case op < 8: // hand over, paid or not
			id := pick(func(st *state) bool { return open(st) && st.status != "Выдан" })
			if id == 0 {
				continue
			}
			for _, status := range next[slices.Index(next, model[id].status)+1:] {
				setStatus(t, s, id, status, boss)
			}
			model[id].status = "Выдан"
			tally["hand over"]++
		case op < 10: // money only
			id := pick(func(st *state) bool { return open(st) && st.paid })
			if id == 0 {
				continue
			}
			amount := money.Amount(1 + rng.Int64N(6_000_000))
			outcome("money", s.Do("POST", fmt.Sprintf("/api/admin/orders/%d/refund", id),
				fmt.Sprintf(`{"amount":%q,"reason":"компенсация"}`, amount), boss...))
		default: // some units come back
			id := pick(func(st *state) bool { return st.status == "Выдан" && st.paid })
			if id == 0 {
				continue
			}
			var sold []int64
			for _, it := range adminOrder(t, s, id, boss).Items {
				for _, u := range it.Units {
					if u.Status == "sold" && rng.IntN(2) == 0 {
						sold = append(sold, u.ID)
					}
				}
			}
			if len(sold) == 0 {
				continue
			}
			ids, _ := json.Marshal(sold)
			body := fmt.Sprintf(`{"return_units":%s,"reason":"возврат"}`, ids)
			if rng.IntN(3) == 0 {
				body = fmt.Sprintf(`{"return_units":%s,"amount":%q,"reason":"возврат с дефектом"}`, ids,
					money.Amount(int64(len(sold))+rng.Int64N(30_000_000)))
			}
			outcome("return", s.Do("POST", fmt.Sprintf("/api/admin/orders/%d/refund", id), body, boss...))
		}
	}
	t.Logf("operations: %v", tally)
	if tally["return → 201"] == 0 || tally["money → 201"] == 0 || tally["paid after cancel"] == 0 {
		t.Errorf("the run made no return, refund or late payment to check: %v", tally)
	}
	checkReceiptsAndUnits(t, s, orders)
}

// productOf finds a product's id by its name, through the test catalog's slugs.
func productOf(t *testing.T, s *apptest.Server, name string) int64 {
	t.Helper()
	for _, slug := range []string{"shuba-elena", "zhaket-vera"} {
		var n string
		if err := s.DB.QueryRow(context.Background(), "SELECT name FROM products WHERE slug = $1", slug).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == name {
			return s.ID(slug)
		}
	}
	t.Fatalf("no marked product %q", name)
	return 0
}

// checkReceiptsAndUnits checks what the fake ЮKassa received and the units' states against the orders.
func checkReceiptsAndUnits(t *testing.T, s *apptest.Server, orders []int64) {
	t.Helper()
	ctx := context.Background()
	refunds := s.YooKassa.Refunds()
	unreturned := map[string][]string{} // КИЗ → the orders whose sale of it is not returned
	soldKIZ := map[int64]map[string]bool{}
	returnedKIZ := map[int64]map[string]bool{}
	for _, p := range s.YooKassa.Payments() {
		if p.Status != "succeeded" {
			continue
		}
		order, _ := strconv.ParseInt(p.Metadata["order_id"], 10, 64)
		sale := parseReceipt(t, p.Receipt)
		if got := sale.total(t); got != p.Amount {
			t.Errorf("order %d: payment receipt adds up to %s; paid %s", order, got, p.Amount)
		}
		sold := map[string]bool{}
		for _, it := range sale.Items {
			if it.MarkCodeInfo != nil {
				if it.PlannedStatus != 1 {
					t.Errorf("order %d: КИЗ %s sold with planned_status %d", order, it.MarkCodeInfo.Fur, it.PlannedStatus)
				}
				sold[it.MarkCodeInfo.Fur] = true
			}
		}
		back := map[string]bool{}
		var given money.Amount
		for _, r := range refunds {
			if r.PaymentID != p.ID {
				continue
			}
			given += r.Amount
			ret := parseReceipt(t, r.Receipt)
			if got := ret.total(t); got != r.Amount {
				t.Errorf("order %d: return receipt adds up to %s; refunded %s", order, got, r.Amount)
			}
			for _, it := range ret.Items {
				if it.MarkCodeInfo == nil {
					continue
				}
				k := it.MarkCodeInfo.Fur
				if it.PlannedStatus != 3 || !sold[k] || back[k] {
					t.Errorf("order %d: return receipt names %s (planned_status %d): sold %v, back already %v", order, k,
						it.PlannedStatus, sold[k], back[k])
				}
				back[k] = true
			}
		}
		if given > p.Amount {
			t.Errorf("order %d: refunded %s of %s", order, given, p.Amount)
		}
		for k := range sold {
			if !back[k] {
				unreturned[k] = append(unreturned[k], p.Metadata["order_id"])
			}
		}
		soldKIZ[order], returnedKIZ[order] = sold, back
	}
	for k, in := range unreturned {
		if len(in) > 1 {
			t.Errorf("КИЗ %s is in sales not returned of orders %v", k, in)
		}
	}

	type unit struct {
		id     int64
		status string
		kiz    *string
	}
	for _, id := range orders {
		var status string
		var paid bool
		if err := s.DB.QueryRow(ctx, "SELECT status, is_paid FROM orders WHERE id = $1", id).Scan(&status, &paid); err != nil {
			t.Fatal(err)
		}
		rows, err := s.DB.Query(ctx, "SELECT id, status, kiz FROM fur_units WHERE order_id = $1 ORDER BY id", id)
		if err != nil {
			t.Fatal(err)
		}
		var units []unit
		for rows.Next() {
			var u unit
			if err := rows.Scan(&u.id, &u.status, &u.kiz); err != nil {
				t.Fatal(err)
			}
			units = append(units, u)
		}
		rows.Close()
		marked := s.Scalar(`SELECT coalesce(sum(quantity), 0) FROM order_items WHERE order_id = $1 AND marked_fur`, id)
		if status == "cancelled" {
			if len(units) != 0 {
				t.Errorf("cancelled order %d holds units %+v", id, units)
			}
			continue
		}
		if len(units) != marked {
			t.Errorf("order %d holds %d units for %d marked pieces", id, len(units), marked)
		}
		var refundedUnits []int64
		rows, err = s.DB.Query(ctx, "SELECT unnest(returned_units) FROM refunds WHERE order_id = $1 AND status = 'succeeded'", id)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var u int64
			if err := rows.Scan(&u); err != nil {
				t.Fatal(err)
			}
			refundedUnits = append(refundedUnits, u)
		}
		rows.Close()
		for _, u := range units {
			want := []string{"reserved"}
			if paid || status == "delivered" {
				want = []string{"sold"}
				if slices.Contains(refundedUnits, u.id) {
					want = []string{"returned"}
				}
			}
			if !slices.Contains(want, u.status) {
				t.Errorf("order %d (%s, paid %v): unit %d is %s; want %v", id, status, paid, u.id, u.status, want)
			}
			if u.kiz == nil || !paid {
				continue
			}
			// A paid order's coded unit was sold under its КИЗ, and the receipts say it came back exactly when it did.
			if !soldKIZ[id][*u.kiz] || returnedKIZ[id][*u.kiz] != (u.status == "returned") {
				t.Errorf("order %d: unit %d (%s, %s): sold on the receipt %v, returned on a receipt %v", id, u.id, *u.kiz,
					u.status, soldKIZ[id][*u.kiz], returnedKIZ[id][*u.kiz])
			}
		}
	}
	if n := s.Scalar(`SELECT count(*) FROM product_variants v JOIN products p ON p.id = v.product_id
		WHERE p.marked_fur AND v.stock <> (SELECT count(*) FROM fur_units f WHERE f.variant_id = v.id AND f.status = 'available')`); n != 0 {
		t.Errorf("%d marked variants whose stock is not their available units", n)
	}
}
