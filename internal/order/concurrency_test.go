package order_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mekhaishuby/furstore/internal/apptest"
	"github.com/mekhaishuby/furstore/internal/token"
)

// These tests race real requests against the real PostgreSQL; run them with -race (scripts/test.sh does).

// customers makes n customers, signed in, straight in the database: the accounts are not under test here, and
// n registrations would spend seconds hashing passwords (argon2id) under -race.
func customers(t *testing.T, s *apptest.Server, n int) []apptest.Customer {
	t.Helper()
	out := make([]apptest.Customer, n)
	for i := range out {
		tok, hash := token.New()
		err := s.DB.QueryRow(context.Background(), `
			WITH u AS (INSERT INTO users (email, password_hash, first_name) VALUES ($1, '(signs in by session only)', 'Покупатель') RETURNING id)
			INSERT INTO sessions (user_id, token_hash, expires_at) SELECT id, $2, now() + interval '1 hour' FROM u RETURNING user_id`,
			fmt.Sprintf("buyer%02d@mail.ru", i), hash).Scan(&out[i].ID)
		if err != nil {
			t.Fatalf("make customer %d: %v", i, err)
		}
		out[i].Auth = []string{"Authorization", "Bearer " + tok}
	}
	return out
}

// fillCarts puts the given products, one of each and in that order, into each customer's cart; customers fill
// their carts at the same time.
func fillCarts(t *testing.T, s *apptest.Server, buyers []apptest.Customer, slugs func(i int) []string) {
	t.Helper()
	var wg sync.WaitGroup
	for i, b := range buyers {
		wg.Go(func() {
			for _, slug := range slugs(i) {
				if res := s.Do("POST", "/api/cart", fmt.Sprintf(`{"product_id":%d}`, s.ID(slug)), b.Auth...); res.Status != http.StatusCreated {
					t.Errorf("customer %d adds %s → %d %s", i, slug, res.Status, res.Body)
				}
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
}

// placeAll has every customer send POST /api/order with the given headers at the same moment, and returns the
// answers in customer order.
func placeAll(t *testing.T, s *apptest.Server, headers [][]string) []apptest.Response {
	t.Helper()
	out := make([]apptest.Response, len(headers))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, h := range headers {
		wg.Go(func() {
			<-start
			out[i] = s.Do("POST", "/api/order", apptest.SeedOrder, h...)
		})
	}
	close(start)
	wg.Wait()
	return out
}

// N customers race for S < N pieces: exactly S get them, the others hear what is left, and stock never goes
// below zero nor is sold without an order line.
func TestConcurrentOrdersNeverOversell(t *testing.T) {
	t.Parallel()
	const buyers, stock = 12, 5
	s := apptest.Start(t, apptest.Options{})
	s.Exec("UPDATE product_variants SET stock = $1 WHERE product_id IN (SELECT id FROM products WHERE slug = 'palantin')", stock)
	palantin := s.ID("palantin")
	all := customers(t, s, buyers)
	fillCarts(t, s, all, func(int) []string { return []string{"palantin"} })

	headers := make([][]string, buyers)
	for i, b := range all {
		headers[i] = b.Auth
	}
	results := placeAll(t, s, headers)

	statuses := map[int]int{}
	var losers []apptest.Customer
	for i, res := range results {
		statuses[res.Status]++
		switch res.Status {
		case http.StatusCreated:
			var o apptest.Order
			if err := json.Unmarshal(res.Body, &o); err != nil || len(o.Items) != 1 || o.Items[0].Quantity != 1 || o.User != all[i].ID {
				t.Errorf("customer %d's order: %s", i, res.Body)
			}
		case http.StatusConflict:
			losers = append(losers, all[i])
			var e apptest.Shortage
			if err := json.Unmarshal(res.Body, &e); err != nil || e.Error.Code != "insufficient_stock" || len(e.Error.Details) != 1 ||
				e.Error.Details[0].ProductID != palantin || e.Error.Details[0].Requested != 1 || e.Error.Details[0].Available != 0 {
				t.Errorf("customer %d's refusal does not say the palantin is sold out: %s", i, res.Body)
			}
		default:
			t.Errorf("customer %d → %d %s", i, res.Status, res.Body)
		}
	}
	if diff := cmp.Diff(map[int]int{201: stock, 409: buyers - stock}, statuses); diff != "" {
		t.Errorf("answers by status (-want +got):\n%s", diff)
	}
	if got := s.Stock("palantin"); got != 0 {
		t.Errorf("stock ends at %d; want 0", got)
	}
	if got := s.Scalar("SELECT coalesce(sum(quantity), 0)::int FROM order_items WHERE product_id = $1", palantin); got != stock {
		t.Errorf("order lines hold %d palantins; %d were in stock", got, stock)
	}
	if got := s.Scalar("SELECT count(*)::int FROM orders"); got != stock {
		t.Errorf("%d orders exist; want %d", got, stock)
	}
	for _, l := range losers {
		if diff := cmp.Diff(map[string]int{"palantin": 1}, s.Cart(l.Auth...).Quantities()); diff != "" {
			t.Errorf("customer %d's cart after the refusal (-want +got):\n%s", l.ID, diff)
		}
	}
}

// Orders that hold the same two products, added to the carts in opposite orders, all go through quickly: the rows
// are locked in one fixed order, so no two orders wait on each other in a circle (PostgreSQL would abort one
// with a deadlock error after deadlock_timeout, a 500 here).
func TestOrdersInOppositeProductOrderDoNotDeadlock(t *testing.T) {
	t.Parallel()
	const buyers, rounds = 20, 3
	const bound = 5 * time.Second // per round; a deadlock is detected only after deadlock_timeout (1 s) and fails anyway
	s := apptest.Start(t, apptest.Options{})
	s.Exec("UPDATE product_variants SET stock = 1000 WHERE product_id IN (SELECT id FROM products WHERE slug IN ('zhaket-vera', 'palantin'))")
	all := customers(t, s, buyers)
	headers := make([][]string, buyers)
	for i, b := range all {
		headers[i] = b.Auth
	}

	for round := range rounds {
		fillCarts(t, s, all, func(i int) []string {
			if i%2 == 0 {
				return []string{"zhaket-vera", "palantin"}
			}
			return []string{"palantin", "zhaket-vera"}
		})
		start := time.Now()
		results := placeAll(t, s, headers)
		elapsed := time.Since(start)
		for i, res := range results {
			if res.Status != http.StatusCreated {
				t.Errorf("round %d, customer %d → %d %s", round, i, res.Status, res.Body)
			}
		}
		if elapsed > bound {
			t.Errorf("round %d: %d orders took %v; want under %v", round, buyers, elapsed, bound)
		}
		if t.Failed() {
			t.FailNow()
		}
	}
	const sold = buyers * rounds
	if diff := cmp.Diff(map[string]int{"zhaket-vera": 1000 - sold, "palantin": 1000 - sold}, s.Stocks("zhaket-vera", "palantin")); diff != "" {
		t.Errorf("stock (-want +got):\n%s", diff)
	}
	if got := s.Scalar("SELECT count(*)::int FROM orders o WHERE (SELECT count(*) FROM order_items i WHERE i.order_id = o.id) = 2"); got != sold {
		t.Errorf("%d orders with both products; want %d", got, sold)
	}
}

// A double submit: the same Idempotency-Key from one customer in parallel makes one order, and every answer is
// that order.
func TestIdempotencyKeyInParallelMakesOneOrder(t *testing.T) {
	t.Parallel()
	const submits, rounds = 8, 3
	s := apptest.Start(t, apptest.Options{})
	anna := s.Customer("anna@mail.ru")

	for round := range rounds {
		s.AddToCart("palantin", 1, anna.Auth...)
		headers := make([][]string, submits)
		for i := range headers {
			headers[i] = append([]string{"Idempotency-Key", fmt.Sprintf("double-submit-%d", round)}, anna.Auth...)
		}
		results := placeAll(t, s, headers)
		ids := map[int64]int{}
		created := 0
		for i, res := range results {
			var o apptest.Order
			if res.Status != http.StatusCreated && res.Status != http.StatusOK || json.Unmarshal(res.Body, &o) != nil {
				t.Errorf("round %d, submit %d → %d %s; want 201 or 200 with the order", round, i, res.Status, res.Body)
				continue
			}
			if res.Status == http.StatusCreated {
				created++
			}
			ids[o.ID]++
		}
		if len(ids) != 1 || created != 1 {
			t.Errorf("round %d: orders by id %v, %d answers said created; want one order, created once", round, ids, created)
		}
		if p := orders(t, s, anna.Auth...); p.Count != round+1 {
			t.Errorf("round %d: %d orders; want %d", round, p.Count, round+1)
		}
	}
	if got := s.Stock("palantin"); got != 7-rounds {
		t.Errorf("stock %d; want %d: taken once per key", got, 7-rounds)
	}
}

// A double-click on «Войти» sends two sign-ins with the same guest cart: both succeed, and the guest cart is
// merged once. The test lines the two up deterministically: it holds the customer's cart row locked until both
// sign-ins are waiting for it (or have finished).
func TestConcurrentSignInsMergeTheGuestCartOnce(t *testing.T) {
	t.Parallel()
	const clicks = 2
	ctx := context.Background()
	s := apptest.Start(t, apptest.Options{})
	anna := s.Customer("anna@mail.ru")
	s.AddToCart("zhaket-vera", 1, anna.Auth...)
	_, res := s.CartDo(http.StatusCreated, "POST", "/api/cart", fmt.Sprintf(`{"product_id":%d,"quantity":2}`, s.ID("palantin")))
	guest := res.Header.Get("X-Cart-Token")

	hold, err := s.DB.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer hold.Rollback(ctx)
	if _, err := hold.Exec(ctx, "SELECT id FROM carts WHERE user_id = $1 FOR UPDATE", anna.ID); err != nil {
		t.Fatal(err)
	}
	results := make([]apptest.Response, clicks)
	var done atomic.Int32
	var wg sync.WaitGroup
	for i := range results {
		wg.Go(func() {
			defer done.Add(1)
			results[i] = s.Do("POST", "/api/auth/login", `{"email":"anna@mail.ru","password":"норковая-шуба-2026"}`, "X-Cart-Token", guest)
		})
	}
	apptest.WaitFor(t, func() bool {
		waiting := s.Scalar("SELECT count(*)::int FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")
		return waiting+int(done.Load()) >= clicks
	})
	if err := hold.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	wg.Wait()

	for i, res := range results {
		if res.Status != http.StatusOK {
			t.Errorf("sign-in %d → %d %s; want 200", i, res.Status, res.Body)
		}
	}
	if diff := cmp.Diff(map[string]int{"zhaket-vera": 1, "palantin": 2}, s.Cart(anna.Auth...).Quantities()); diff != "" {
		t.Errorf("the cart after the sign-ins (-want +got):\n%s", diff)
	}
	if c := s.Cart("X-Cart-Token", guest); len(c.Items) != 0 {
		t.Errorf("the guest cart survived the sign-ins: %+v", c)
	}
}

// A guest adds to the cart in one tab while signing in, with the same cart, in another: the sign-in merges and
// deletes the guest cart under the add's feet. The add must still be answered sensibly, never with a 500. The
// test holds the guest cart's row locked until the sign-in and then the add queue behind it, in that order.
func TestGuestAddRacingASignIn(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := apptest.Start(t, apptest.Options{})
	anna := s.Customer("anna@mail.ru")
	_, res := s.CartDo(http.StatusCreated, "POST", "/api/cart", fmt.Sprintf(`{"product_id":%d}`, s.ID("palantin")))
	guest := res.Header.Get("X-Cart-Token")

	hold, err := s.DB.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer hold.Rollback(ctx)
	if _, err := hold.Exec(ctx, "SELECT id FROM carts WHERE user_id IS NULL FOR UPDATE"); err != nil {
		t.Fatal(err)
	}
	var done atomic.Int32
	waiting := func(n int) func() bool {
		return func() bool {
			return s.Scalar("SELECT count(*)::int FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")+int(done.Load()) >= n
		}
	}
	var signIn, add apptest.Response
	var wg sync.WaitGroup
	wg.Go(func() {
		defer done.Add(1)
		signIn = s.Do("POST", "/api/auth/login", `{"email":"anna@mail.ru","password":"норковая-шуба-2026"}`, "X-Cart-Token", guest)
	})
	apptest.WaitFor(t, waiting(1))
	wg.Go(func() {
		defer done.Add(1)
		add = s.Do("POST", "/api/cart", fmt.Sprintf(`{"product_id":%d}`, s.ID("zhaket-vera")), "X-Cart-Token", guest)
	})
	apptest.WaitFor(t, waiting(2))
	if err := hold.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	wg.Wait()

	if signIn.Status != http.StatusOK {
		t.Errorf("sign-in → %d %s", signIn.Status, signIn.Body)
	}
	if add.Status >= 500 {
		t.Errorf("the guest's add while the cart was merged → %d %s; want an answer, not a server error", add.Status, add.Body)
	}
	if diff := cmp.Diff(map[string]int{"palantin": 1}, s.Cart(anna.Auth...).Quantities()); diff != "" {
		t.Errorf("the customer's cart (-want +got):\n%s", diff)
	}
}
