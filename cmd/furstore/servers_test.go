package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mekhaishuby/furstore/internal/demo"
	"github.com/mekhaishuby/furstore/internal/mail/mailtest"
	"github.com/mekhaishuby/furstore/internal/store/dbtest"
	"github.com/mekhaishuby/furstore/internal/yookassa/yookassatest"
)

// seen bounds how long a change made through one server may take to show on another: NOTIFY's delivery, the
// 20 ms fold of stock announcements and one read of what changed, with room for a busy test machine.
const seen = 3 * time.Second

// Two servers on one database, each with its own pool, change listener, listing index and answer cache, as
// two processes behind a proxy are: a sale, a price edit and a deactivation made through the first show on
// the second within a bounded time, after the second has cached the answers they change.
func TestChangesThroughOneServerShowOnAnother(t *testing.T) {
	env := map[string]string{"DATABASE_URL": dbtest.URL(t), "MEDIA_DIR": t.TempDir(), "PORT": "0", "LOG_LEVEL": "warn",
		"FURSTORE_SUPERUSER_PASSWORD": "соболья-шуба-2027"}
	var out syncBuffer
	prepareStore(t, program{getenv: func(k string) string { return env[k] }, stdout: &out, stderr: &out}, &out)
	a, b := serve(t, env, &out), serve(t, env, &out)

	// A product with a size in stock that no other of its variants has, bought out through a.
	type variant struct {
		ID    int64   `json:"id"`
		Size  *string `json:"size"`
		Stock int32   `json:"stock"`
	}
	type card struct {
		ID       int64     `json:"id"`
		Price    string    `json:"price"`
		Stock    int32     `json:"stock"`
		Variants []variant `json:"variants"`
	}
	var page struct {
		Results []struct {
			ID int64 `json:"id"`
		} `json:"results"`
	}
	get(t, "GET", b+"/api/products?in_stock=true&page_size=100", "", &page)
	var c card
	var buy variant
	for _, r := range page.Results {
		get(t, "GET", b+"/api/product?id="+strconv.FormatInt(r.ID, 10), "", &c)
		for _, v := range c.Variants {
			same := slices.IndexFunc(c.Variants, func(o variant) bool { return o.ID != v.ID && o.Size != nil && v.Size != nil && *o.Size == *v.Size })
			if v.Size != nil && v.Stock > 0 && v.Stock <= 5 && same < 0 {
				buy = v
			}
		}
		if buy.ID != 0 {
			break
		}
	}
	if buy.ID == 0 {
		t.Fatal("the demo catalog has no product with a size of its own in stock")
	}
	summary := func(base string) (found bool, sizes []string) {
		var l struct {
			Results []struct {
				ID    int64    `json:"id"`
				Sizes []string `json:"sizes"`
			} `json:"results"`
		}
		get(t, "GET", fmt.Sprintf("%s/api/products?min_price=%s&max_price=%s&page_size=100", base, c.Price, c.Price), "", &l)
		for _, r := range l.Results {
			if r.ID == c.ID {
				return true, r.Sizes
			}
		}
		return false, nil
	}
	if _, sizes := summary(b); !slices.Contains(sizes, *buy.Size) { // cached on b from here on
		t.Fatalf("listing shows sizes %v of product %d, without %s in stock", sizes, c.ID, *buy.Size)
	}

	var reg struct {
		Token string `json:"token"`
	}
	send(t, "POST", a+"/api/auth/register", `{"email":"buyer@example.com","password":"норковая-шуба-2026"}`, &reg)
	auth := []string{"Authorization", "Bearer " + reg.Token}
	send(t, "POST", a+"/api/cart", fmt.Sprintf(`{"variant_id":%d,"quantity":%d}`, buy.ID, buy.Stock), nil, auth...)
	send(t, "POST", a+"/api/order", `{"phone_number":"79855508853","requires_delivery":false,"payment_on_get":true}`, nil, auth...)
	within(t, "the sale on the other server's card", func() bool {
		var now card
		get(t, "GET", b+"/api/product?id="+strconv.FormatInt(c.ID, 10), "", &now)
		return now.Stock == c.Stock-buy.Stock
	})
	within(t, "the sale in the other server's listing", func() bool {
		_, sizes := summary(b)
		return !slices.Contains(sizes, *buy.Size)
	})

	var login struct {
		Token string `json:"token"`
	}
	get(t, "POST", a+"/api/auth/login", `{"email":"boss@mekha.ru","password":"соболья-шуба-2027"}`, &login)
	staff := []string{"Authorization", "Bearer " + login.Token}
	id := strconv.FormatInt(c.ID, 10)
	send(t, "PATCH", a+"/api/admin/products/"+id, `{"price":"1.00"}`, nil, staff...)
	within(t, "a price edit on the other server", func() bool { found, _ := summary(b); return !found })
	within(t, "a price edit on the other server's card", func() bool {
		var now card
		get(t, "GET", b+"/api/product?id="+id, "", &now)
		return now.Price == "1.00"
	})

	var before struct {
		Count int `json:"count"`
	}
	get(t, "GET", b+"/api/products?max_price=1.00", "", &before)
	send(t, "PATCH", a+"/api/admin/products/"+id, `{"is_active":false}`, nil, staff...)
	within(t, "a deactivation on the other server", func() bool {
		var now struct {
			Count int `json:"count"`
		}
		get(t, "GET", b+"/api/products?max_price=1.00", "", &now)
		return now.Count == before.Count-1
	})
}

// prepareStore migrates p's database, loads the demo catalog's first 60 products into it and makes
// boss@mekha.ru staff (with FURSTORE_SUPERUSER_PASSWORD). The products come without their pictures: drawing
// and resizing them would take most of a test's time under the race detector.
func prepareStore(t *testing.T, p program, out *syncBuffer) {
	t.Helper()
	file, _ := demo.Catalog(60, 1)
	for i := range file.Products {
		file.Products[i].Images = nil
	}
	fixture := filepath.Join(t.TempDir(), "catalog.json")
	if b, err := json.Marshal(file); err != nil || os.WriteFile(fixture, b, 0o644) != nil {
		t.Fatalf("write the catalog: %v", err)
	}
	for _, args := range [][]string{{"migrate", "up"}, {"import-catalog", fixture}, {"createsuperuser", "--email", "boss@mekha.ru"}} {
		if err := p.run(context.Background(), args); err != nil {
			t.Fatalf("furstore %s: %v\n%s", strings.Join(args, " "), err, out.String())
		}
	}
}

// serve starts `furstore serve` with env until the test ends, and returns its base URL.
func serve(t *testing.T, env map[string]string, out *syncBuffer) string {
	t.Helper()
	p := program{getenv: func(k string) string { return env[k] }, stdout: out, stderr: out}
	ctx, stop := context.WithCancel(context.Background())
	addr := make(chan string, 1)
	p.onListen = func(a string) { addr <- a }
	served := make(chan error, 1)
	go func() { served <- p.run(ctx, nil) }()
	t.Cleanup(func() { stop(); <-served })
	select {
	case a := <-addr:
		return "http://" + a
	case err := <-served:
		t.Fatalf("serve ended at once: %v\n%s", err, out.String())
	}
	return ""
}

// send is get for any success, with headers.
func send(t *testing.T, method, url, body string, v any, header ...string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode/100 != 2 {
		t.Fatalf("%s %s → %d %s", method, url, res.StatusCode, b)
	}
	if v != nil {
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatal(err)
		}
	}
}

// within fails the test unless ok comes true within seen.
func within(t *testing.T, what string, ok func() bool) {
	t.Helper()
	start := time.Now()
	for !ok() {
		if time.Since(start) > seen {
			t.Fatalf("%s: not seen within %s", what, seen)
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Logf("%s: seen after %s", what, time.Since(start).Round(time.Millisecond))
}

// runMainEnv, set in the environment of a re-run of this test binary, makes that process the furstore binary:
// TestMain hands it to main. A test thus starts real `furstore serve` processes, each with its own memory,
// and can stop one with SIGTERM or SIGKILL as an operator or a crash would.
const runMainEnv = "FURSTORE_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// process is one `furstore serve` started by a test as a child process.
type process struct {
	name   string
	url    string
	cmd    *exec.Cmd
	out    *syncBuffer
	exited chan struct{}
	// ordering counts the orders sent to it and not yet answered, so a test can stop it mid-order.
	ordering atomic.Int32
}

// startProcess starts `furstore serve` with env on a free port (waitReady waits for it to answer). It is
// killed when the test ends, and its output shown if the test failed; a data race it reports fails the test.
func startProcess(t *testing.T, name string, env map[string]string) *process {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	l.Close()
	p := &process{name: name, url: "http://127.0.0.1:" + port, out: &syncBuffer{}, exited: make(chan struct{})}
	p.cmd = exec.Command(os.Args[0], "serve")
	p.cmd.Env = []string{runMainEnv + "=1", "PORT=" + port, "PATH=" + os.Getenv("PATH")}
	for k, v := range env {
		p.cmd.Env = append(p.cmd.Env, k+"="+v)
	}
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = p.cmd.Wait(); close(p.exited) }()
	t.Cleanup(func() {
		p.stop(t, syscall.SIGKILL)
		if strings.Contains(p.out.String(), "DATA RACE") {
			t.Errorf("server %s reported a data race", name)
		}
		if t.Failed() {
			t.Logf("server %s output:\n%s", name, p.out.String())
		}
	})
	return p
}

// waitReady waits until the server answers /readyz.
func (p *process) waitReady(t *testing.T) {
	t.Helper()
	name := p.name
	for start := time.Now(); ; time.Sleep(20 * time.Millisecond) {
		if res, err := http.Get(p.url + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return
			}
		}
		select {
		case <-p.exited:
			t.Fatalf("server %s exited at once:\n%s", name, p.out.String())
		default:
		}
		if time.Since(start) > 30*time.Second {
			t.Fatalf("server %s not ready after 30 s:\n%s", name, p.out.String())
		}
	}
}

// stop sends sig and waits until the process has exited.
func (p *process) stop(t *testing.T, sig syscall.Signal) {
	t.Helper()
	select {
	case <-p.exited:
		return
	default:
	}
	_ = p.cmd.Process.Signal(sig)
	select {
	case <-p.exited:
	case <-time.After(20 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.exited
		t.Errorf("server %s did not exit within 20 s of %v", p.name, sig)
	}
}

// answer is one HTTP exchange with a server: its status and body, or the transport's error.
type answer struct {
	status int
	body   []byte
	err    error
}

// ok reports a 2xx.
func (a answer) ok() bool { return a.err == nil && a.status/100 == 2 }

// code is the API error's code.
func (a answer) code() string {
	var e struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	_ = json.Unmarshal(a.body, &e)
	return e.Error.Code
}

func (a answer) String() string {
	if a.err != nil {
		return a.err.Error()
	}
	return fmt.Sprintf("%d %s", a.status, a.body)
}

// fleetClient is the test's HTTP client: short enough a timeout that a request to a stopped server fails fast.
var fleetClient = &http.Client{Timeout: 20 * time.Second}

// call sends a JSON request with an optional bearer token and further header pairs.
func call(method, url, body, token string, header ...string) answer {
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		return answer{err: err}
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := fleetClient.Do(req)
	if err != nil {
		return answer{err: err}
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return answer{status: res.StatusCode, body: b, err: err}
}

// must fails the test unless a is a 2xx, and decodes its body into v (if not nil).
func must(t *testing.T, what string, a answer, v any) {
	t.Helper()
	if !a.ok() {
		t.Fatalf("%s → %s", what, a)
	}
	if v != nil {
		if err := json.Unmarshal(a.body, v); err != nil {
			t.Fatalf("%s: %v in %s", what, err, a.body)
		}
	}
}

// propagationBound is how long a change made through one of three servers may take to show on the others.
const propagationBound = 2 * time.Second

// Three `furstore serve` processes on one PostgreSQL, one SMTP server (Mailpit) and one ЮKassa (the fake), as
// three machines behind a proxy: an order and catalog edits are seen by all within propagationBound; the last
// units of a product and of a КИЗ-marked fur piece, ordered at once through all three, are sold exactly once;
// every server runs the mail worker and the payment reconciler, yet each mail goes out once and each open
// payment is asked about once per recheck period; and a server stopped mid-load (SIGTERM, then another with
// SIGKILL) loses no order a customer was told was accepted, while its customers carry on through the others.
func TestThreeServersOneDatabase(t *testing.T) {
	dbURL := dbtest.URL(t)
	mailpit := mailtest.Start(t)
	kassa := yookassatest.Start(t)
	env := map[string]string{"DATABASE_URL": dbURL, "MEDIA_DIR": t.TempDir(), "LOG_LEVEL": "warn",
		"FURSTORE_SUPERUSER_PASSWORD": "соболья-шуба-2027",
		"SMTP_HOST":                   mailpit.SMTPHost(), "SMTP_PORT": strconv.Itoa(mailpit.SMTPPort()), "SMTP_TLS": "none",
		"YOOKASSA_SHOP_ID": kassa.ShopID, "YOOKASSA_SECRET_KEY": kassa.SecretKey, "YOOKASSA_API_URL": kassa.URL,
		"YOOKASSA_RECHECK_AFTER": recheckAfter.String(),
		"RATE_LIMIT_REGISTER_IP": "off"} // some twenty customers, all from this machine's address
	var out syncBuffer
	p := program{getenv: func(k string) string { return env[k] }, stdout: &out, stderr: &out}
	prepareStore(t, p, &out)
	db, err := pgxpool.New(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)

	servers := []*process{startProcess(t, "a", env), startProcess(t, "b", env), startProcess(t, "c", env)}
	for _, s := range servers {
		s.waitReady(t)
	}
	f := &fleet{t: t, db: db, servers: servers, kassa: kassa, picked: []int64{}}
	f.staff = f.login("boss@mekha.ru", "соболья-шуба-2027")

	// Customers for every part below, registered through all three servers at once (each gets a welcome mail).
	plain, marked := f.variant(false, 3), f.variant(true, 2)
	const plainLeft, loaders = 4, 4
	buyers := f.register("buyer", plainLeft*2+int(marked.stock)*2+2+loaders+1)

	t.Run("propagation", func(t *testing.T) { f.propagation(t, buyers[0], f.variant(false, 1)) })
	t.Run("last units", func(t *testing.T) {
		paidOnline := f.lastUnits(t, buyers[1:], plain, plainLeft, marked)
		f.reconcileOnce(t, paidOnline)
		f.mailOnce(t, mailpit)
	})
	t.Run("servers stopped mid-load", func(t *testing.T) { f.stopMidLoad(t, buyers[len(buyers)-loaders:], plain) })
}

// recheckAfter is YOOKASSA_RECHECK_AFTER for the test: how long a payment is left alone after it was made or
// last looked at before a reconciler asks ЮKassa about it.
const recheckAfter = 2 * time.Second

// fleet is the three servers with the database behind them.
type fleet struct {
	t       *testing.T
	db      *pgxpool.Pool
	servers []*process
	staff   string  // a staff member's token
	picked  []int64 // products variant has chosen
	kassa   *yookassatest.Server
}

// customer is a signed-up customer.
type customer struct {
	email, token string
}

// stockedVariant is a variant of an active product with its stock when chosen.
type stockedVariant struct {
	id, product int64
	stock       int32
}

// server returns the i-th server, round the fleet.
func (f *fleet) server(i int) *process { return f.servers[i%len(f.servers)] }

func (f *fleet) login(email, password string) string {
	var s struct {
		Token string `json:"token"`
	}
	must(f.t, "login", call("POST", f.server(0).url+"/api/auth/login", fmt.Sprintf(`{"email":%q,"password":%q}`, email, password), ""), &s)
	return s.Token
}

// register signs up n customers, spread over the servers, all at once.
func (f *fleet) register(prefix string, n int) []customer {
	f.t.Helper()
	out := make([]customer, n)
	errs := make([]answer, n)
	var wg sync.WaitGroup
	for i := range out {
		wg.Go(func() {
			out[i].email = fmt.Sprintf("%s%02d@example.com", prefix, i)
			a := call("POST", f.server(i).url+"/api/auth/register", fmt.Sprintf(`{"email":%q,"password":"норковая-шуба-2026"}`, out[i].email), "")
			var s struct {
				Token string `json:"token"`
			}
			if a.ok() && json.Unmarshal(a.body, &s) == nil {
				out[i].token = s.Token
			}
			errs[i] = a
		})
	}
	wg.Wait()
	for i, a := range errs {
		if out[i].token == "" {
			f.t.Fatalf("register %s → %s", out[i].email, a)
		}
	}
	return out
}

// variant picks a variant of an active product, of marked fur or not, with min to 4 in stock (for marked fur:
// as many КИЗ units available as its stock says), of a product not picked before.
func (f *fleet) variant(markedFur bool, min int32) stockedVariant {
	f.t.Helper()
	var v stockedVariant
	err := f.db.QueryRow(context.Background(), `
		SELECT v.id, v.product_id, v.stock FROM product_variants v JOIN products p ON p.id = v.product_id
		WHERE p.is_active AND v.is_active AND p.marked_fur = $1 AND v.stock BETWEEN $2 AND 4
		  AND (NOT $1 OR v.stock = (SELECT count(*) FROM fur_units u WHERE u.variant_id = v.id AND u.status = 'available'))
		  AND NOT v.product_id = ANY($3)
		ORDER BY v.id LIMIT 1`, markedFur, min, f.picked).Scan(&v.id, &v.product, &v.stock)
	if err != nil {
		f.t.Fatalf("the demo catalog has no variant (marked fur %v) with %d to 4 in stock: %v", markedFur, min, err)
	}
	f.picked = append(f.picked, v.product)
	return v
}

// card is what a product's card says about price and stock.
type fleetCard struct {
	Price    string `json:"price"`
	Variants []struct {
		ID    int64 `json:"id"`
		Stock int32 `json:"stock"`
	} `json:"variants"`
}

func (f *fleet) card(t *testing.T, s *process, product int64) fleetCard {
	t.Helper()
	var c fleetCard
	must(t, "card on "+s.name, call("GET", fmt.Sprintf("%s/api/product?id=%d", s.url, product), "", ""), &c)
	return c
}

func (c fleetCard) stockOf(variant int64) int32 {
	for _, v := range c.Variants {
		if v.ID == variant {
			return v.Stock
		}
	}
	return -1
}

// seenEverywhere waits until ok holds on every server but the one the change went through, and logs how long
// each took from done; longer than propagationBound fails the test.
func (f *fleet) seenEverywhere(t *testing.T, what string, through int, done time.Time, ok func(*process) bool) {
	t.Helper()
	for i, s := range f.servers {
		if i == through {
			continue
		}
		for !ok(s) {
			if time.Since(done) > propagationBound {
				t.Errorf("%s through %s: not seen on %s within %s", what, f.servers[through].name, s.name, propagationBound)
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		t.Logf("%s through %s: seen on %s after %s", what, f.servers[through].name, s.name, time.Since(done).Round(time.Millisecond))
	}
}

// propagation: an order through a, a price and a stock edit through b, each seen on the two others, which had
// the card cached before.
func (f *fleet) propagation(t *testing.T, buyer customer, v stockedVariant) {
	for _, s := range f.servers {
		f.card(t, s, v.product)
	}
	a := f.server(0)
	must(t, "add to cart", call("POST", a.url+"/api/cart", fmt.Sprintf(`{"variant_id":%d,"quantity":1}`, v.id), buyer.token), nil)
	must(t, "order", call("POST", a.url+"/api/order", `{"phone_number":"79855508853","requires_delivery":false,"payment_on_get":true}`, buyer.token), nil)
	f.seenEverywhere(t, "an order", 0, time.Now(), func(s *process) bool { return f.card(t, s, v.product).stockOf(v.id) == v.stock-1 })

	b := f.server(1)
	must(t, "price edit", call("PATCH", fmt.Sprintf("%s/api/admin/products/%d", b.url, v.product), `{"price":"123456.00"}`, f.staff), nil)
	f.seenEverywhere(t, "a price edit", 1, time.Now(), func(s *process) bool { return f.card(t, s, v.product).Price == "123456.00" })

	must(t, "stock edit", call("POST", fmt.Sprintf("%s/api/admin/variants/%d/stock", b.url, v.id), `{"set":17,"reason":"пересчёт на складе"}`, f.staff), nil)
	f.seenEverywhere(t, "a stock edit", 1, time.Now(), func(s *process) bool { return f.card(t, s, v.product).stockOf(v.id) == 17 })
}

// lastUnits: plainLeft pieces of plain's variant and every КИЗ unit of marked's, each wanted by twice as many
// customers (and two more) as there are, who put one in their cart and then order at the same moment, spread
// over the three servers. Exactly the pieces there are get sold; every other customer hears 409
// insufficient_stock; the stock ends at 0 and each unit is held by one order. The marked fur is to be paid
// online: the orders that got it are returned.
func (f *fleet) lastUnits(t *testing.T, buyers []customer, plain stockedVariant, plainLeft int32, marked stockedVariant) (paidOnline []ownedOrder) {
	must(t, "set stock", call("POST", fmt.Sprintf("%s/api/admin/variants/%d/stock", f.server(2).url, plain.id),
		fmt.Sprintf(`{"set":%d,"reason":"последние"}`, plainLeft), f.staff), nil)
	type want struct {
		v        stockedVariant
		left     int32
		buyers   []customer
		online   bool
		answers  []answer
		orderIDs []int64
		owners   []string
	}
	nPlain := int(plainLeft) * 2
	wants := []*want{{v: plain, left: plainLeft, buyers: buyers[:nPlain]},
		{v: marked, left: marked.stock, buyers: buyers[nPlain : nPlain+int(marked.stock)*2+2], online: true}}
	for _, w := range wants {
		w.answers = make([]answer, len(w.buyers))
		for i, b := range w.buyers {
			must(t, "add to cart", call("POST", f.server(i).url+"/api/cart", fmt.Sprintf(`{"variant_id":%d,"quantity":1}`, w.v.id), b.token), nil)
		}
	}
	start := make(chan struct{})
	var wg sync.WaitGroup
	for _, w := range wants {
		for i, b := range w.buyers {
			wg.Go(func() {
				<-start
				w.answers[i] = call("POST", f.server(i+1).url+"/api/order",
					fmt.Sprintf(`{"phone_number":"79855508853","requires_delivery":false,"payment_on_get":%v}`, !w.online), b.token)
			})
		}
	}
	close(start)
	wg.Wait()

	ctx := context.Background()
	for _, w := range wants {
		for i, a := range w.answers {
			switch {
			case a.ok():
				var o struct {
					ID int64 `json:"id"`
				}
				must(t, "order", a, &o)
				w.orderIDs = append(w.orderIDs, o.ID)
				w.owners = append(w.owners, w.buyers[i].token)
			case a.status == http.StatusConflict && a.code() == "insufficient_stock":
			default:
				t.Errorf("order of the last units of variant %d through %s → %s; want 201 or 409 insufficient_stock", w.v.id, f.server(i+1).name, a)
			}
		}
		t.Logf("variant %d (marked fur %v): %d in stock, %d customers ordered at once, %d orders accepted", w.v.id, w.online, w.left, len(w.buyers), len(w.orderIDs))
		if len(w.orderIDs) != int(w.left) {
			t.Errorf("variant %d: %d orders accepted for %d in stock", w.v.id, len(w.orderIDs), w.left)
		}
		var stock int32
		var sold int64
		if err := f.db.QueryRow(ctx, `SELECT v.stock, (SELECT coalesce(sum(quantity), 0) FROM order_items i WHERE i.variant_id = v.id)
			FROM product_variants v WHERE v.id = $1`, w.v.id).Scan(&stock, &sold); err != nil {
			t.Fatal(err)
		}
		if stock != 0 || sold != int64(w.left) {
			t.Errorf("variant %d in the database: stock %d, %d ordered; want 0 and %d", w.v.id, stock, sold, w.left)
		}
	}
	rows, _ := f.db.Query(ctx, `SELECT order_id FROM fur_units WHERE variant_id = $1 AND status = 'reserved' ORDER BY order_id`, marked.id)
	held, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		t.Fatal(err)
	}
	got := slices.Sorted(slices.Values(wants[1].orderIDs))
	if !slices.Equal(held, got) {
		t.Errorf("КИЗ units of variant %d are held by orders %v; want one by each accepted order %v", marked.id, held, got)
	}
	for i, id := range wants[1].orderIDs {
		paidOnline = append(paidOnline, ownedOrder{id: id, token: wants[1].owners[i]})
	}
	return paidOnline
}

// ownedOrder is an order with its customer's token.
type ownedOrder struct {
	id    int64
	token string
}

// reconcileOnce: each order's payment is started through a server; no notification ever comes, so the
// reconcilers of the three servers find the payments open after recheckAfter and ask ЮKassa. The first look
// finds a payment pending; the payer then pays, and the next look, a recheck period later, records it. Each
// payment is asked about exactly twice (GET /v3/payments/{id} at the fake): once per period, not once per
// server or per tick.
func (f *fleet) reconcileOnce(t *testing.T, orders []ownedOrder) {
	var ids []string
	for i, o := range orders {
		must(t, "start payment", call("POST", fmt.Sprintf("%s/api/orders/%d/payment", f.server(i).url, o.id), "", o.token), nil)
		ps := f.kassa.Payments()
		ids = append(ids, ps[len(ps)-1].ID)
	}
	asked := func(id string) int {
		n := 0
		for _, r := range f.kassa.Requests() {
			if r.Method == "GET" && r.Path == "/v3/payments/"+id {
				n++
			}
		}
		return n
	}
	started := time.Now()
	for _, id := range ids {
		for asked(id) == 0 {
			if time.Since(started) > recheckAfter+10*time.Second {
				t.Fatalf("payment %s not asked about %s after it was started", id, time.Since(started).Round(time.Millisecond))
			}
			time.Sleep(10 * time.Millisecond)
		}
		if err := f.kassa.Pay(id); err != nil {
			t.Fatal(err)
		}
	}
	paid := time.Now()
	for {
		var open int
		if err := f.db.QueryRow(context.Background(), `SELECT count(*) FROM payments WHERE yookassa_id = ANY($1) AND status <> 'succeeded'`, ids).Scan(&open); err != nil {
			t.Fatal(err)
		}
		if open == 0 {
			break
		}
		if time.Since(paid) > recheckAfter+10*time.Second {
			t.Fatalf("%d of %d payments paid at ЮKassa still open in the database after %s", open, len(ids), time.Since(paid).Round(time.Millisecond))
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Logf("%d payments, first asked about %s after they were started, recorded as paid %s after the payer paid",
		len(ids), paid.Sub(started).Round(time.Millisecond), time.Since(paid).Round(time.Millisecond))
	time.Sleep(time.Second) // a reconciler that took a closed payment again would have asked by now
	for _, id := range ids {
		// Twice: pending, then paid a recheck period later. Once when the payer paid while the first question
		// was on its way (the fake records a request before it answers it). More: servers asked in the same period.
		if n := asked(id); n < 1 || n > 2 {
			t.Errorf("ЮKassa was asked about payment %s %d times; want twice (pending, then paid a recheck period later)", id, n)
		}
	}
}

// mailOnce: every mail the outbox holds (welcome mails, order confirmations, payment receipts) is delivered,
// each exactly once although three workers deliver the one outbox.
func (f *fleet) mailOnce(t *testing.T, mailpit *mailtest.Server) {
	start := time.Now()
	var pending, sent, failed int
	for {
		if err := f.db.QueryRow(context.Background(), `SELECT count(*) FILTER (WHERE status = 'pending'),
			count(*) FILTER (WHERE status = 'sent'), count(*) FILTER (WHERE status = 'failed') FROM mail_outbox`).Scan(&pending, &sent, &failed); err != nil {
			t.Fatal(err)
		}
		if pending == 0 {
			break
		}
		if time.Since(start) > 20*time.Second {
			t.Fatalf("%d mails still pending after %s (%d sent)", pending, time.Since(start).Round(time.Millisecond), sent)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if failed > 0 {
		t.Errorf("%d mails failed", failed)
	}
	time.Sleep(300 * time.Millisecond) // a second delivery of a mail just marked sent would be in by now
	msgs := mailpit.WaitFor(t, sent, 10*time.Second)
	seen := map[string]int{}
	for _, m := range msgs {
		seen[m.MessageID]++
	}
	rows, _ := f.db.Query(context.Background(), `SELECT id FROM mail_outbox WHERE status = 'sent'`)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		prefix := fmt.Sprintf("outbox-%d@", id)
		n := 0
		for mid, k := range seen {
			if strings.HasPrefix(mid, prefix) {
				n += k
			}
		}
		if n != 1 {
			t.Errorf("mail %d delivered %d times; want once", id, n)
		}
	}
	if len(msgs) != len(ids) {
		t.Errorf("Mailpit holds %d messages for %d mails sent", len(msgs), len(ids))
	} else {
		t.Logf("%d mails delivered once each by three workers", len(ids))
	}
}

// stopMidLoad: customers order one piece after another, each through the next server, retrying a step that
// fails (connection refused or cut, 5xx) on the next one, and ordering with an Idempotency-Key so a retry
// after a lost answer cannot order twice. Mid-load c is stopped with SIGTERM (it finishes what it has, then
// exits cleanly), and later b with SIGKILL. Every order a customer got a 2xx for is in the database whole
// (one line, one piece, the right total), no order exists that nobody was told of, and the stock adds up.
func (f *fleet) stopMidLoad(t *testing.T, loaders []customer, v stockedVariant) {
	const stock = 100000
	a := f.server(0)
	must(t, "set stock", call("POST", fmt.Sprintf("%s/api/admin/variants/%d/stock", a.url, v.id), fmt.Sprintf(`{"set":%d,"reason":"поставка"}`, stock), f.staff), nil)
	ordersOf := func() map[int64]bool {
		rows, _ := f.db.Query(context.Background(), `SELECT DISTINCT order_id FROM order_items WHERE variant_id = $1`, v.id)
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			t.Fatal(err)
		}
		m := map[int64]bool{}
		for _, id := range ids {
			m[id] = true
		}
		return m
	}
	before := ordersOf()

	var (
		mu       sync.Mutex
		accepted = map[string]int64{} // idempotency key → order id
		retries  atomic.Int64         // steps sent again to another server
		cut      atomic.Int64         // of them, requests a stopping server had taken and never answered
		stopped  atomic.Bool
		wg       sync.WaitGroup
	)
	load := time.Now()
	for w, c := range loaders {
		wg.Go(func() {
			next := w
			// try sends a step to the next server until one answers it below 500.
			try := func(send func(*process) answer) answer {
				var a answer
				for range 12 {
					a = send(f.server(next))
					next++
					if a.err == nil && a.status < 500 {
						return a
					}
					retries.Add(1)
					if a.err != nil && !errors.Is(a.err, syscall.ECONNREFUSED) {
						cut.Add(1)
					}
					if a.err == nil {
						// A server that is stopping finishes what it took; none should fail it.
						t.Errorf("%s answered %s while servers were being stopped", f.server(next-1).name, a)
					}
					time.Sleep(20 * time.Millisecond)
				}
				return a
			}
			for n := 0; !stopped.Load(); n++ {
				key := fmt.Sprintf("load-%d-%d", w, n)
				if a := try(func(s *process) answer {
					return call("PUT", s.url+"/api/cart", fmt.Sprintf(`{"variant_id":%d,"quantity":1}`, v.id), c.token)
				}); !a.ok() {
					t.Errorf("%s: put in the cart → %s", c.email, a)
					return
				}
				a := try(func(s *process) answer {
					s.ordering.Add(1)
					defer s.ordering.Add(-1)
					return call("POST", s.url+"/api/order", `{"phone_number":"79855508853","requires_delivery":false,"payment_on_get":true}`,
						c.token, "Idempotency-Key", key)
				})
				var o struct {
					ID int64 `json:"id"`
				}
				if !a.ok() || json.Unmarshal(a.body, &o) != nil || o.ID == 0 {
					t.Errorf("%s: order %s → %s", c.email, key, a)
					return
				}
				mu.Lock()
				accepted[key] = o.ID
				mu.Unlock()
			}
		})
	}
	count := func() int { mu.Lock(); defer mu.Unlock(); return len(accepted) }
	// midOrder waits (a second at most) until s has an order in hand.
	midOrder := func(s *process) {
		for start := time.Now(); s.ordering.Load() == 0 && time.Since(start) < time.Second; {
			time.Sleep(100 * time.Microsecond)
		}
	}
	time.Sleep(1500 * time.Millisecond)
	sigterm := count()
	c := f.server(2)
	midOrder(c)
	c.stop(t, syscall.SIGTERM)
	if code := c.cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("server c exited with %d after SIGTERM; want 0 (a clean stop)", code)
	}
	time.Sleep(1500 * time.Millisecond)
	sigkill := count()
	midOrder(f.server(1))
	f.server(1).stop(t, syscall.SIGKILL)
	time.Sleep(1500 * time.Millisecond)
	stopped.Store(true)
	wg.Wait()
	elapsed := time.Since(load)
	t.Logf("%d orders in %s (%.0f/s) by %d customers: %d before SIGTERM to c, %d more before SIGKILL to b, %d after; %d steps retried on another server, %d of them cut off mid-request",
		len(accepted), elapsed.Round(time.Millisecond), float64(len(accepted))/elapsed.Seconds(), len(loaders),
		sigterm, sigkill-sigterm, len(accepted)-sigkill, retries.Load(), cut.Load())
	if retries.Load() == 0 {
		t.Error("no step was retried: the stopped servers were never hit")
	}
	if sigkill == sigterm || len(accepted) == sigkill {
		t.Error("no orders accepted between the stops: the load did not go on")
	}

	ids := map[int64]bool{}
	for _, id := range accepted {
		ids[id] = true
	}
	if len(ids) != len(accepted) {
		t.Errorf("%d keys accepted as %d orders: two keys got the same order", len(accepted), len(ids))
	}
	after := ordersOf()
	for id := range after {
		if !before[id] && !ids[id] {
			t.Errorf("order %d is in the database but no customer was told it was accepted", id)
		}
	}
	rows, _ := f.db.Query(context.Background(), `
		SELECT o.id, o.status, o.total, count(i.id), coalesce(sum(i.quantity), 0), coalesce(sum(i.price * i.quantity), 0),
		       bool_and(i.variant_id = $2)
		FROM orders o LEFT JOIN order_items i ON i.order_id = o.id WHERE o.id = ANY($1) GROUP BY o.id`, slices.Collect(maps.Keys(ids)), v.id)
	type whole struct {
		ID                int64
		Status            string
		Total             int64
		Lines, Pieces     int64
		LinesTotal        int64
		OnlyLoadedVariant *bool
	}
	got, err := pgx.CollectRows(rows, pgx.RowToStructByPos[whole])
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(ids) {
		t.Errorf("%d of %d accepted orders are in the database", len(got), len(ids))
	}
	for _, o := range got {
		if o.Status != "processing" || o.Lines != 1 || o.Pieces != 1 || o.Total != o.LinesTotal || o.OnlyLoadedVariant == nil || !*o.OnlyLoadedVariant {
			t.Errorf("accepted order not whole in the database: %+v", o)
		}
	}
	var left int
	if err := f.db.QueryRow(context.Background(), `SELECT stock FROM product_variants WHERE id = $1`, v.id).Scan(&left); err != nil {
		t.Fatal(err)
	}
	if left != stock-len(ids) {
		t.Errorf("stock %d after %d orders of one piece from %d", left, len(ids), stock)
	}
}
