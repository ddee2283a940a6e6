package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	neturl "net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mekhaishuby/furstore/internal/store/dbtest"
)

// Two servers behind Debian's PgBouncer in transaction mode, listening for changes on a direct connection, as
// docs/pgbouncer.md sets them up: PgBouncer's settings are checked at start, the catalog, a cart and an order
// work through it, a catalog edit on one server reaches the other, and PgBouncer restarted under load costs
// clean errors for the seconds it is away, then nothing: the servers recover by themselves and no order is
// half-written.
func TestBehindPgBouncer(t *testing.T) {
	direct := dbtest.URL(t)
	pgb := newPgBouncer(t, direct)
	pgb.start(t)
	env := map[string]string{"DATABASE_URL": pgb.url(), "DATABASE_PGBOUNCER": "true", "DATABASE_LISTEN_URL": direct,
		"MEDIA_DIR": t.TempDir(), "PORT": "0", "LOG_LEVEL": "warn", "FURSTORE_SUPERUSER_PASSWORD": "соболья-шуба-2027"}
	var out syncBuffer
	p := program{getenv: func(k string) string { return env[k] }, stdout: &out, stderr: &out}
	ctx := context.Background()
	if err := p.run(ctx, []string{"migrate", "up"}); err != nil {
		t.Fatalf("furstore migrate up: %v\n%s", err, out.String())
	}

	// Without connect_query the server connections lack our settings: the refusal says what to write.
	err := p.run(ctx, []string{"seed-demo", "--if-empty"})
	m := regexp.MustCompile(`connect_query='([^']+)'`).FindStringSubmatch(fmt.Sprint(err))
	if m == nil {
		t.Fatalf("seed-demo through a PgBouncer without connect_query: %v; want a refusal naming connect_query", err)
	}
	// The configurations we hand operators say the same.
	for _, file := range []string{"../../deploy/compose/pgbouncer.ini", "../../docs/pgbouncer.md"} {
		if b, err := os.ReadFile(file); err != nil || !strings.Contains(string(b), m[0]) {
			t.Errorf("%s lacks %s (%v)", file, m[0], err)
		}
	}
	pgb.stop(t)
	pgb.connectQuery = m[1]
	pgb.start(t)
	for _, args := range [][]string{{"seed-demo", "--if-empty"}, {"createsuperuser", "--email", "boss@mekha.ru"}} {
		if err := p.run(ctx, args); err != nil {
			t.Fatalf("furstore %s: %v\n%s", strings.Join(args, " "), err, out.String())
		}
	}
	a, b := serve(t, env, &out), serve(t, env, &out)

	// A variant of plenty, so that no order of the load runs out of it; set as psql would, announced by the trigger.
	db, err := pgx.Connect(ctx, direct)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(ctx)
	const plenty = 100_000
	var variant, product int64
	if err := db.QueryRow(ctx, `UPDATE product_variants SET stock = $1 WHERE id = (SELECT v.id FROM product_variants v
		JOIN products p ON p.id = v.product_id WHERE p.is_active AND v.is_active AND NOT v.marked_fur ORDER BY v.id LIMIT 1)
		RETURNING id, product_id`, plenty).Scan(&variant, &product); err != nil {
		t.Fatal(err)
	}
	card := fmt.Sprintf("/api/product?id=%d", product)
	within(t, "stock set in the database on a server's card", func() bool {
		var c struct{ Stock int }
		get(t, "GET", b+card, "", &c)
		return c.Stock >= plenty
	})

	// The catalog, a cart on one server and its order on the other.
	var list struct {
		Count int `json:"count"`
	}
	get(t, "GET", a+"/api/products?page_size=50", "", &list)
	if list.Count == 0 {
		t.Fatal("no products listed through PgBouncer")
	}
	customers := make([][]string, 3)
	for i := range customers {
		var reg struct {
			Token string `json:"token"`
		}
		send(t, "POST", a+"/api/auth/register", fmt.Sprintf(`{"email":"buyer%d@example.com","password":"норковая-шуба-2026"}`, i), &reg)
		customers[i] = []string{"Authorization", "Bearer " + reg.Token}
	}
	if ok, res := placeOrder(a, b, variant, customers[0]); !ok {
		t.Fatalf("an order through PgBouncer: %s", res)
	}

	// A catalog edit on a reaches b's cache: the listeners hear it on their direct connections.
	var login struct {
		Token string `json:"token"`
	}
	var before struct{ Price string }
	get(t, "GET", b+card, "", &before) // cached on b from here on
	if before.Price == "77777.00" {
		t.Fatal("the product already has the price the test gives it")
	}
	get(t, "POST", a+"/api/auth/login", `{"email":"boss@mekha.ru","password":"соболья-шуба-2027"}`, &login)
	send(t, "PATCH", fmt.Sprintf("%s/api/admin/products/%d", a, product), `{"price":"77777.00"}`, nil, "Authorization", "Bearer "+login.Token)
	within(t, "a price edit on the other server", func() bool {
		var c struct{ Price string }
		get(t, "GET", b+card, "", &c)
		return c.Price == "77777.00"
	})

	// PgBouncer restarted under load: orders from three customers and catalog reads, spread over both servers.
	var (
		mu       sync.Mutex
		accepted []int64
		placed   []time.Time // when each order of the load was accepted
		failed   []string
		lastOK   time.Time
	)
	note := func(ok bool, res string, id int64) {
		mu.Lock()
		defer mu.Unlock()
		if ok {
			lastOK = time.Now()
			if id != 0 {
				accepted, placed = append(accepted, id), append(placed, lastOK)
			}
			return
		}
		failed = append(failed, res)
	}
	stopLoad := make(chan struct{})
	var load sync.WaitGroup
	// repeat runs one step after another until the load stops, and after a failure waits a little.
	repeat := func(step func(n int) (ok bool, res string, id int64)) {
		load.Go(func() {
			for n := 0; ; n++ {
				select {
				case <-stopLoad:
					return
				default:
				}
				ok, res, id := step(n)
				note(ok, res, id)
				if !ok {
					time.Sleep(20 * time.Millisecond)
				}
			}
		})
	}
	for i, c := range customers {
		repeat(func(n int) (bool, string, int64) {
			first, second := a, b
			if (i+n)%2 == 1 {
				first, second = b, a
			}
			ok, res := placeOrder(first, second, variant, c)
			id, _ := strconv.ParseInt(res, 10, 64)
			return ok, res, id
		})
	}
	repeat(func(n int) (bool, string, int64) {
		ok, res := pgCall("GET", []string{a, b}[n%2]+[]string{card, "/api/products?page_size=20&ordering=-price"}[n/2%2], "", nil)
		return ok, res, 0
	})
	time.Sleep(time.Second)
	down := time.Now()
	pgb.stop(t)
	time.Sleep(2 * time.Second)
	pgb.start(t)
	up := time.Now()
	time.Sleep(3 * time.Second)
	close(stopLoad)
	load.Wait()

	mu.Lock()
	kinds := map[string]int{}
	for _, f := range failed {
		kinds[f]++
	}
	firstAfter := slices.IndexFunc(placed, func(at time.Time) bool { return at.After(up) })
	if firstAfter < 0 {
		t.Fatalf("no order was placed in the 3 s after PgBouncer was back; failures: %v", kinds)
	}
	t.Logf("PgBouncer away %s; %d orders accepted, failed requests: %v; the first order %s after it was back",
		up.Sub(down).Round(time.Millisecond), len(accepted), kinds, placed[firstAfter].Sub(up).Round(time.Millisecond))
	if len(failed) == 0 {
		t.Fatal("no request failed while PgBouncer was away: the restart was not felt")
	}
	for _, f := range failed {
		if f != "503 database_unavailable" { // the database out of reach is this answer (store.Unreachable)
			t.Errorf("a request during the restart failed otherwise than with 503 database_unavailable: %s", f)
		}
	}
	if !lastOK.After(up.Add(time.Second)) {
		t.Errorf("nothing succeeded in the seconds after PgBouncer was back (last success %s)", lastOK.Format(time.StampMilli))
	}
	mu.Unlock()

	// Recovered without a restart: every request on both servers succeeds again.
	for i, c := range customers {
		if ok, res := placeOrder([]string{a, b}[i%2], []string{b, a}[i%2], variant, c); !ok {
			t.Errorf("an order after PgBouncer came back: %s", res)
		} else if id, err := strconv.ParseInt(res, 10, 64); err == nil {
			accepted = append(accepted, id)
		}
	}
	for _, base := range []string{a, b} {
		get(t, "GET", base+"/api/products?page_size=20&ordering=price", "", &list)
	}

	// No order is half-written: each has its lines and its total, every accepted one is there, and the stock
	// taken is exactly what the orders hold.
	checkOrdersWhole(t, direct, map[int64]int{variant: plenty}, accepted)
}

// placeOrder puts one piece of variant in the customer's cart through one server and orders it through the
// other. It reports whether both answered 2xx, with the order's id, or else the failed answer (see call).
func placeOrder(cartAt, orderAt string, variant int64, auth []string) (bool, string) {
	if ok, res := pgCall("POST", cartAt+"/api/cart", fmt.Sprintf(`{"variant_id":%d,"quantity":1}`, variant), auth); !ok {
		return false, res
	}
	var order struct {
		ID int64 `json:"id"`
	}
	ok, res := pgCall("POST", orderAt+"/api/order", `{"phone_number":"79855508853","requires_delivery":false,"payment_on_get":true}`, auth, &order)
	if !ok {
		return false, res
	}
	return true, strconv.FormatInt(order.ID, 10)
}

// pgCall sends a request. A 2xx answer is success (decoded into v, if given). A failure is described as
// "<status> <code>" when it is the API's JSON error, else with "unclean:" and the whole answer.
func pgCall(method, url, body string, auth []string, v ...any) (bool, string) {
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if auth != nil {
		req.Header.Set(auth[0], auth[1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return false, "unclean: " + err.Error()
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode/100 == 2 {
		for _, v := range v {
			if err := json.Unmarshal(b, v); err != nil {
				return false, fmt.Sprintf("unclean: %d %s: %v", res.StatusCode, b, err)
			}
		}
		return true, ""
	}
	var e struct {
		Error struct{ Code, Message string }
	}
	leak := regexp.MustCompile(`(?i)goroutine|panic|pgbouncer|dial |sqlstate|\.go:\d`)
	if json.Unmarshal(b, &e) != nil || e.Error.Code == "" || e.Error.Message == "" || leak.Match(b) ||
		!strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		return false, fmt.Sprintf("unclean: %d %s %s", res.StatusCode, res.Header.Get("Content-Type"), b)
	}
	return false, fmt.Sprintf("%d %s", res.StatusCode, e.Error.Code)
}

// pgBouncer is Debian's pgbouncer in transaction mode in front of the test cluster's database, run as the
// postgres user (it refuses root) from a directory of its own.
type pgBouncer struct {
	bin, dir, port, socket, database string
	connectQuery                     string // connect_query of the database's line; none if empty
	cmd                              *exec.Cmd
	exited                           chan struct{} // closed when cmd has ended
	log                              syncBuffer
}

func newPgBouncer(t *testing.T, direct string) *pgBouncer {
	t.Helper()
	bin, err := exec.LookPath("pgbouncer")
	if err != nil {
		if bin, err = exec.LookPath("/usr/sbin/pgbouncer"); err != nil {
			t.Fatal("pgbouncer is not installed: apt-get install pgbouncer (.ci/run installs it)")
		}
	}
	u, err := neturl.Parse(direct)
	if err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "furstore-pgbouncer-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	ln.Close()
	pgb := &pgBouncer{bin: bin, dir: dir, port: port, socket: u.Query().Get("host"), database: strings.TrimPrefix(u.Path, "/")}
	t.Cleanup(func() {
		if pgb.cmd != nil {
			pgb.stop(t)
		}
	})
	return pgb
}

// url is where the servers connect: PgBouncer's database named furstore.
func (p *pgBouncer) url() string {
	return "postgres://furstore@127.0.0.1:" + p.port + "/furstore?sslmode=disable"
}

func (p *pgBouncer) start(t *testing.T) {
	t.Helper()
	line := fmt.Sprintf("furstore = host=%s dbname=%s user=furstore", p.socket, p.database)
	if p.connectQuery != "" {
		line += " connect_query='" + p.connectQuery + "'"
	}
	ini := strings.Join([]string{"[databases]", line, "[pgbouncer]", "listen_addr = 127.0.0.1", "listen_port = " + p.port,
		"unix_socket_dir =", "auth_type = trust", "auth_file = " + filepath.Join(p.dir, "userlist.txt"),
		"pool_mode = transaction", "default_pool_size = 10", "max_client_conn = 200", ""}, "\n")
	for name, text := range map[string]string{"pgbouncer.ini": ini, "userlist.txt": `"furstore" ""` + "\n"} {
		if err := os.WriteFile(filepath.Join(p.dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p.cmd = exec.Command(p.bin, filepath.Join(p.dir, "pgbouncer.ini"))
	p.cmd.Stdout, p.cmd.Stderr = &p.log, &p.log
	if os.Geteuid() == 0 {
		pg, err := user.Lookup("postgres")
		if err != nil {
			t.Fatalf("pgbouncer runs as the postgres user: %v", err)
		}
		uid, _ := strconv.Atoi(pg.Uid)
		gid, _ := strconv.Atoi(pg.Gid)
		p.cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start pgbouncer: %v", err)
	}
	exited := make(chan struct{})
	go func() { p.cmd.Wait(); close(exited) }() //nolint:errcheck // stop kills it; its log says why it ended
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if c, err := net.Dial("tcp", "127.0.0.1:"+p.port); err == nil {
			c.Close()
			break
		}
		select {
		case <-exited:
			t.Fatalf("pgbouncer ended at once:\n%s", p.log.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("pgbouncer does not listen:\n%s", p.log.String())
		}
	}
	p.exited = exited
}

// stop shuts PgBouncer down at once (SIGTERM), cutting every client and server connection it holds.
func (p *pgBouncer) stop(t *testing.T) {
	t.Helper()
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(10 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.exited
	}
	p.cmd = nil
}
