package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mekhaishuby/furstore/internal/store/dbtest"
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
	p := program{getenv: func(k string) string { return env[k] }, stdout: &out, stderr: &out}
	for _, args := range [][]string{{"migrate", "up"}, {"seed-demo", "--if-empty"}, {"createsuperuser", "--email", "boss@mekha.ru"}} {
		if err := p.run(context.Background(), args); err != nil {
			t.Fatalf("furstore %s: %v\n%s", strings.Join(args, " "), err, out.String())
		}
	}
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
