package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mekhaishuby/furstore/internal/store/dbtest"
)

// PostgreSQL stopped under load, twice (for 10 s after a fast shutdown, which ends sessions with 57P01, and an immediate
// one, which drops them without a word), and started again: while it is away every answer that needs it is 503
// database_unavailable with Retry-After — never a 500 —, /readyz is 503 while /healthz stays 200, the staff
// panel shows its Russian page; once it is back, orders go through again without restarting furstore; and
// every order in the database is whole, with stock that matches them.
func TestDatabaseOutageUnderLoad(t *testing.T) {
	began := time.Now()
	root := privateCluster(t)
	db := createDatabase(t, root)
	env := map[string]string{"DATABASE_URL": db, "MEDIA_DIR": t.TempDir(), "PORT": "0", "LOG_LEVEL": "error",
		"DATABASE_MAX_CONNS": "8"}
	var out syncBuffer
	prepareShop(t, env, &out)
	variants := stockOf(t, db)
	durable(t, root, db)
	base := serve(t, env, &out)
	t.Logf("cluster, schema and catalog ready in %v", time.Since(began).Round(time.Millisecond))
	load := startOrders(t, base, variants, 4)

	load.waitOrders(t, 5, 20*time.Second)
	t.Logf("load running: %d orders accepted %v after the start", load.placed.Load(), time.Since(began).Round(time.Millisecond))
	// Away 10 s after the fast stop (the outage), 5 s after the immediate one (a crash restarts sooner).
	for _, mode := range []string{"fast", "immediate"} {
		away := map[string]time.Duration{"fast": 10 * time.Second, "immediate": 5 * time.Second}[mode]
		pgCtl(t, root, "stop", "-m", mode, "-w", "-t", "60")
		down := time.Now()
		time.Sleep(500 * time.Millisecond) // requests that began before the stop have finished by now
		if a := call("GET", base+"/readyz", "", ""); a.status != 503 || a.code() != "database_unavailable" {
			t.Errorf("/readyz with PostgreSQL stopped (%s) → %s; want 503 database_unavailable", mode, a)
		}
		if a := call("GET", base+"/healthz", "", ""); a.status != 200 {
			t.Errorf("/healthz with PostgreSQL stopped → %s; want 200", a)
		}
		panelDown(t, base, load.tokens[0])
		load.mark(down.Add(500*time.Millisecond), true)
		time.Sleep(away - time.Since(down))
		load.mark(time.Now(), false)
		up := time.Now()
		pgCtl(t, root, "start", "-w", "-t", "60", "-l", filepath.Join(root, "server.log"))
		before := load.placed.Load()
		load.waitOrders(t, before+5, 30*time.Second)
		time.Sleep(time.Second) // and some more under load
		t.Logf("stop -m %s: %d answers while down (all checked); orders again %v after the start",
			mode, load.downAnswers.Load(), time.Since(up).Round(time.Millisecond))
	}
	load.stop()
	if a := call("GET", base+"/readyz", "", ""); a.status != 200 {
		t.Errorf("/readyz after PostgreSQL is back → %s; want 200", a)
	}
	load.report(t)
	checkOrdersWhole(t, db, variants, load.acceptedIDs())
}

// privateCluster starts a PostgreSQL cluster of this test's own (scripts/pg.sh), so the test may stop it.
func privateCluster(t *testing.T) string {
	t.Helper()
	root, err := os.MkdirTemp("/tmp", "furstore-outage-")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(root, 0o755); err != nil { // the postgres user must reach the cluster's folder
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = exec.Command("../../scripts/pg.sh", "stop", root).Run()
		_ = os.RemoveAll(root)
	})
	if b, err := exec.Command("../../scripts/pg.sh", "start", root, "fast").CombinedOutput(); err != nil {
		t.Fatalf("start a private PostgreSQL: %v\n%s", err, b)
	}
	return root
}

// durable turns fsync and synchronous commit back on (pg.sh's test clusters run without them) and restarts
// the cluster: an immediate stop is a crash, and a commit PostgreSQL acknowledged must survive it for "no
// accepted order lost" to mean anything. The shop is loaded before, fast.
func durable(t *testing.T, root, db string) {
	t.Helper()
	ctx := context.Background()
	c, err := pgx.Connect(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	for _, set := range []string{"fsync = on", "synchronous_commit = on", "full_page_writes = on"} {
		if _, err := c.Exec(ctx, "ALTER SYSTEM SET "+set); err != nil {
			t.Fatal(err)
		}
	}
	_ = c.Close(ctx)
	pgCtl(t, root, "restart", "-m", "fast", "-w", "-t", "60", "-l", filepath.Join(root, "server.log"))
}

// createDatabase returns the URL of the cluster's database furstore, which pg.sh made.
func createDatabase(t *testing.T, root string) string {
	t.Helper()
	b, err := exec.Command("../../scripts/pg.sh", "url", root).Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

// pgCtl runs pg_ctl on the cluster as its owner.
func pgCtl(t *testing.T, root string, args ...string) {
	t.Helper()
	version, err := os.ReadFile(filepath.Join(root, "data", "PG_VERSION"))
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join("/usr/lib/postgresql", strings.TrimSpace(string(version)), "bin", "pg_ctl")
	cmd := exec.Command(bin, append([]string{"-D", filepath.Join(root, "data")}, args...)...)
	if os.Getuid() == 0 {
		cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", bin, "-D", filepath.Join(root, "data")}, args...)...)
	}
	cmd.Dir = "/"
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pg_ctl %s: %v\n%s", strings.Join(args, " "), err, b)
	}
}

// shopFile is a small catalog for the load: two coats counted by number with plenty of stock in their sizes,
// and one marked-fur coat of three pieces, each with its КИЗ, which the load sells out.
const shopFile = `{
  "categories": [{"slug": "shuby", "name": "Шубы"}],
  "products": [
    {"slug": "shuba-alfa", "name": "Шуба «Альфа»", "category": "shuby", "price": "45000",
     "variants": [{"size": "44", "stock": 100000}, {"size": "46", "stock": 100000}, {"size": "48", "stock": 100000}]},
    {"slug": "shuba-beta", "name": "Шуба «Бета»", "category": "shuby", "price": "38500.50",
     "variants": [{"size": "46", "stock": 100000}, {"size": "50", "stock": 100000}]},
    {"slug": "shuba-sobol", "name": "Соболья шуба", "category": "shuby", "price": "390000", "marked_fur": true,
     "variants": [{"size": "46", "kiz": ["RU-430302-SBL0000461", "RU-430302-SBL0000462", "RU-430302-SBL0000463"]}]}
  ]
}`

// prepareShop migrates the database and imports shopFile (the demo catalog's pictures take long under -race).
func prepareShop(t *testing.T, env map[string]string, out *syncBuffer) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "catalog.json")
	if err := os.WriteFile(file, []byte(shopFile), 0o644); err != nil {
		t.Fatal(err)
	}
	p := program{getenv: func(k string) string { return env[k] }, stdout: out, stderr: out}
	for _, args := range [][]string{{"migrate", "up"}, {"import-catalog", file}} {
		if err := p.run(context.Background(), args); err != nil {
			t.Fatalf("furstore %s: %v\n%s", strings.Join(args, " "), err, out.String())
		}
	}
}

// connect opens a connection of the test's own to db, closed when the test ends.
func connect(t *testing.T, db string) *pgx.Conn {
	t.Helper()
	c, err := pgx.Connect(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close(context.Background()) })
	return c
}

// stockOf returns every variant's stock.
func stockOf(t *testing.T, db string) map[int64]int {
	t.Helper()
	ctx := context.Background()
	c := connect(t, db)
	rows, _ := c.Query(ctx, `SELECT id, stock FROM product_variants`)
	stock := map[int64]int{}
	var id int64
	var n int
	if _, err := pgx.ForEachRow(rows, []any{&id, &n}, func() error { stock[id] = n; return nil }); err != nil {
		t.Fatal(err)
	}
	if len(stock) != 6 {
		t.Fatalf("the catalog has %d variants; want shopFile's 6", len(stock))
	}
	return stock
}

// orders is a load of customers putting one piece in the cart and ordering it, over and over, which records
// every answer and checks each as it comes: never a 500; a 503 is database_unavailable with Retry-After; while
// the database is marked down, nothing else.
type orders struct {
	cancel      context.CancelFunc
	done        sync.WaitGroup
	tokens      []string
	placed      atomic.Int64
	ended       atomic.Bool  // the server was killed: refused and cut connections are expected
	cut         atomic.Int64 // requests sent before the kill that it cut
	downAnswers atomic.Int64
	mu          sync.Mutex
	downFrom    time.Time // requests that began after it and ended before downTo are in the outage
	downTo      time.Time
	killedAt    time.Time
	statuses    map[int]int
	accepted    []int64
	bad         []string
}

func startOrders(t *testing.T, base string, variants map[int64]int, customers int) *orders {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	o := &orders{cancel: cancel, statuses: map[int]int{}}
	var ids []int64
	for id := range variants {
		ids = append(ids, id)
	}
	for i := range customers {
		var auth struct {
			Token string `json:"token"`
		}
		send(t, "POST", base+"/api/auth/register", fmt.Sprintf(`{"email":"buyer%d-%d@mail.ru","password":"норковая-шуба-2026"}`, i, time.Now().UnixNano()), &auth)
		o.tokens = append(o.tokens, auth.Token)
	}
	client := &http.Client{Timeout: 15 * time.Second}
	for i, token := range o.tokens {
		o.done.Go(func() {
			for n := i; ctx.Err() == nil; n++ {
				variant := ids[n%len(ids)]
				if s, _ := o.do(ctx, client, "POST", base+"/api/cart", fmt.Sprintf(`{"variant_id":%d,"quantity":1}`, variant), token); s != 201 && s != 200 {
					continue
				}
				s, body := o.do(ctx, client, "POST", base+"/api/order", `{"phone_number":"+7 985 550-88-53","requires_delivery":false,"payment_on_get":true}`, token)
				if s == 409 { // the marked piece in the cart was sold to another customer: take it out
					for _, id := range ids {
						o.do(ctx, client, "DELETE", base+"/api/cart", fmt.Sprintf(`{"variant_id":%d}`, id), token)
					}
				}
				if s == 201 {
					var placed struct {
						ID int64 `json:"id"`
					}
					_ = json.Unmarshal([]byte(body), &placed)
					o.mu.Lock()
					o.accepted = append(o.accepted, placed.ID)
					o.mu.Unlock()
					o.placed.Add(1)
				}
			}
		})
	}
	return o
}

func (o *orders) do(ctx context.Context, client *http.Client, method, url, body, token string) (int, string) {
	start := time.Now()
	req, _ := http.NewRequestWithContext(ctx, method, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := client.Do(req)
	if err != nil {
		if ctx.Err() == nil && !o.ended.Load() {
			o.note(fmt.Sprintf("%s %s: %v", method, url, err))
		} else if o.ended.Load() && o.beganBefore(start) {
			o.cut.Add(1)
		}
		return 0, ""
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	end := time.Now()
	o.mu.Lock()
	defer o.mu.Unlock()
	o.statuses[res.StatusCode]++
	down := !o.downFrom.IsZero() && start.After(o.downFrom) && (o.downTo.IsZero() || end.Before(o.downTo))
	unavailable := res.StatusCode == 503 && strings.Contains(string(b), `"code":"database_unavailable"`) && res.Header.Get("Retry-After") != ""
	switch {
	case res.StatusCode >= 500 && !unavailable:
		o.bad = append(o.bad, fmt.Sprintf("%s %s → %d Retry-After %q %s", method, url, res.StatusCode, res.Header.Get("Retry-After"), b))
	case down && !unavailable:
		o.bad = append(o.bad, fmt.Sprintf("%s %s while PostgreSQL was stopped → %d %s", method, url, res.StatusCode, b))
	case down:
		o.downAnswers.Add(1)
	}
	if unavailable {
		time.Sleep(10 * time.Millisecond) // a client that ignores Retry-After, but not a spinning one
	}
	return res.StatusCode, string(b)
}

// beganBefore reports whether a request that began at start began before the server was killed: ended is
// set just before the kill, so a failed request that began before ended was set was in flight.
func (o *orders) beganBefore(start time.Time) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return start.Before(o.killedAt)
}

func (o *orders) note(s string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.bad = append(o.bad, s)
}

// mark begins (down) or ends the span in which every answer must be 503 database_unavailable.
func (o *orders) mark(at time.Time, down bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if down {
		o.downFrom, o.downTo = at, time.Time{}
	} else {
		o.downTo = at
	}
}

// waitOrders waits until n orders in all were accepted.
func (o *orders) waitOrders(t *testing.T, n int64, limit time.Duration) {
	t.Helper()
	start := time.Now()
	for o.placed.Load() < n {
		if time.Since(start) > limit {
			o.report(t)
			t.Fatalf("only %d orders accepted after %v; want %d", o.placed.Load(), limit, n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (o *orders) stop() { o.cancel(); o.done.Wait() }

func (o *orders) acceptedIDs() []int64 {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]int64(nil), o.accepted...)
}

func (o *orders) report(t *testing.T) {
	t.Helper()
	o.mu.Lock()
	defer o.mu.Unlock()
	t.Logf("answers by status: %v; orders accepted: %d", o.statuses, len(o.accepted))
	for i, b := range o.bad {
		if i == 10 {
			t.Errorf("… and %d more", len(o.bad)-10)
			break
		}
		t.Error(b)
	}
}

// panelDown checks the staff panel's answer without its database: the Russian page, 503, Retry-After.
func panelDown(t *testing.T, base, token string) {
	t.Helper()
	req, _ := http.NewRequest("GET", base+"/admin/orders", nil)
	req.AddCookie(&http.Cookie{Name: "furstore_staff", Value: token})
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 503 || res.Header.Get("Retry-After") == "" || !strings.Contains(string(b), "База данных недоступна, попробуйте через минуту") {
		t.Errorf("staff panel with PostgreSQL stopped → %d Retry-After %q\n%.300s", res.StatusCode, res.Header.Get("Retry-After"), b)
	}
}

// checkOrdersWhole checks every order in the database: it has lines, its total is the sum of its lines, each
// accepted order is there; each variant's stock is its stock before the load less what the orders took; and
// of marked fur, each line holds as many units as pieces, and the variant's stock is its available units.
func checkOrdersWhole(t *testing.T, db string, before map[int64]int, accepted []int64) {
	t.Helper()
	ctx := context.Background()
	c := connect(t, db)
	var orders, broken int
	if err := c.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE lines = 0 OR total <> sum)
		FROM (SELECT o.id, o.total, count(i.id) AS lines, coalesce(sum(i.price * i.quantity), 0) AS sum
		      FROM orders o LEFT JOIN order_items i ON i.order_id = o.id GROUP BY o.id) x`).Scan(&orders, &broken); err != nil {
		t.Fatal(err)
	}
	if broken > 0 {
		t.Errorf("%d of %d orders are not whole (no lines, or a total other than the sum of the lines)", broken, orders)
	}
	var missing int
	if err := c.QueryRow(ctx, `SELECT count(*) FROM unnest($1::bigint[]) a(id) WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.id = a.id)`,
		accepted).Scan(&missing); err != nil {
		t.Fatal(err)
	}
	if missing > 0 {
		t.Errorf("%d of %d orders answered 201 are not in the database", missing, len(accepted))
	}
	for variant, was := range before {
		var now, taken int
		if err := c.QueryRow(ctx, `SELECT v.stock, coalesce((SELECT sum(i.quantity) FROM order_items i JOIN orders o ON o.id = i.order_id
			WHERE i.variant_id = v.id AND o.status <> 'cancelled'), 0) FROM product_variants v WHERE v.id = $1`, variant).Scan(&now, &taken); err != nil {
			t.Fatal(err)
		}
		if now != was-taken {
			t.Errorf("variant %d: stock %d before, %d ordered, %d now; want %d", variant, was, taken, now, was-taken)
		}
	}
	var unitsOff, stockOff, unitsOrdered int
	if err := c.QueryRow(ctx, `SELECT (SELECT count(*) FROM fur_units WHERE order_id IS NOT NULL),
		(SELECT count(*) FROM order_items i JOIN product_variants v ON v.id = i.variant_id
		 WHERE v.marked_fur AND i.quantity <> (SELECT count(*) FROM fur_units u WHERE u.order_id = i.order_id AND u.variant_id = i.variant_id)),
		(SELECT count(*) FROM product_variants v WHERE v.marked_fur
		 AND v.stock <> (SELECT count(*) FROM fur_units u WHERE u.variant_id = v.id AND u.status = 'available'))`).Scan(&unitsOrdered, &unitsOff, &stockOff); err != nil {
		t.Fatal(err)
	}
	if unitsOff > 0 || stockOff > 0 {
		t.Errorf("marked fur: %d order lines whose units do not match their pieces, %d variants whose stock is not their available units", unitsOff, stockOff)
	}
	t.Logf("%d orders in the database, all whole; %d accepted by the API, all there; stock of %d variants consistent; %d marked pieces ordered, units match",
		orders, len(accepted), len(before), unitsOrdered)
}

// A server killed with SIGKILL while customers order: PostgreSQL rolls back what it had begun, so after a
// restart every order is whole or absent, every order it had answered 201 is there, and stock matches.
func TestServerKilledMidOrder(t *testing.T) {
	db := dbtest.URL(t)
	env := map[string]string{"DATABASE_URL": db, "MEDIA_DIR": t.TempDir(), "LOG_LEVEL": "warn"} // startProcess picks the port
	var out syncBuffer
	prepareShop(t, env, &out)
	variants := stockOf(t, db)
	first := startProcess(t, "first", env)
	first.waitReady(t)
	load := startOrders(t, first.url, variants, 6)
	load.waitOrders(t, 20, 30*time.Second)
	load.mu.Lock()
	load.killedAt = time.Now()
	load.mu.Unlock()
	load.ended.Store(true) // from here a refused or cut connection is what the kill does
	first.stop(t, syscall.SIGKILL)
	load.stop()
	load.report(t)
	if load.cut.Load() == 0 {
		t.Error("no request was in flight when the server was killed")
	}

	second := startProcess(t, "second", env)
	second.waitReady(t)
	checkOrdersWhole(t, db, variants, load.acceptedIDs())
	// The restarted server takes orders (the dead one's sessions and carts are in PostgreSQL).
	before := load.placed.Load()
	again := startOrders(t, second.url, variants, 1)
	again.waitOrders(t, 2, 30*time.Second)
	again.stop()
	again.report(t)
	t.Logf("killed with %d orders accepted and %d requests in flight; the restarted server placed %d more",
		before, load.cut.Load(), again.placed.Load())
}
