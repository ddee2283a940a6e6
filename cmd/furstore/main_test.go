package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/store/dbtest"
)

// syncBuffer collects a program's output; the server writes to it from its goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// The binary as `make run` uses it: migrate, load the demo catalog into the empty store (once), serve the
// seed's requests, and stop cleanly when asked.
func TestMakeRunSequence(t *testing.T) {
	env := map[string]string{"DATABASE_URL": dbtest.URL(t), "MEDIA_DIR": t.TempDir(), "PORT": "0", "LOG_LEVEL": "warn"}
	var out syncBuffer
	p := program{getenv: func(k string) string { return env[k] }, stdout: &out, stderr: &out}
	ctx := context.Background()
	for _, args := range [][]string{{"migrate", "up"}, {"seed-demo", "--if-empty"}, {"seed-demo", "--if-empty"}, {"pictures"}, {"migrate", "status"}} {
		if err := p.run(ctx, args); err != nil {
			t.Fatalf("furstore %s: %v\n%s", strings.Join(args, " "), err, out.String())
		}
	}
	if !strings.Contains(out.String(), "applied") {
		t.Errorf("migrate status printed no applied migration:\n%s", out.String())
	}

	serveCtx, stop := context.WithCancel(ctx)
	addr := make(chan string, 1)
	p.onListen = func(a string) { addr <- a }
	served := make(chan error, 1)
	go func() { served <- p.run(serveCtx, nil) }()
	var base string
	select {
	case a := <-addr:
		base = "http://" + a
	case err := <-served:
		t.Fatalf("serve ended at once: %v\n%s", err, out.String())
	}

	var products struct {
		Count   int `json:"count"`
		Results []struct {
			ID    int64  `json:"id"`
			Price string `json:"price"`
		} `json:"results"`
	}
	get(t, "GET", base+"/api/products?page_size=1", "", &products)
	if products.Count < 300 {
		t.Errorf("demo catalog has %d active products, want at least 300 (loaded once)", products.Count)
	}
	if products.Count > 360 {
		t.Errorf("demo catalog has %d active products: the second seed-demo --if-empty loaded it again", products.Count)
	}
	var zhakety struct {
		Count int `json:"count"`
	}
	get(t, "POST", base+"/api/products", `{"category":"zhakety"}`, &zhakety)
	if zhakety.Count == 0 {
		t.Error("no products under «Жакеты» (zhakety)")
	}
	var filtered struct {
		Count   int `json:"count"`
		Results []struct {
			Price string `json:"price"`
		} `json:"results"`
	}
	get(t, "GET", base+"/api/products/get_products?min_price=16400&max_price=25700&sort_by=-price", "", &filtered)
	if filtered.Count == 0 {
		t.Error("the seed's price filter finds nothing in the demo catalog")
	}
	last := money.Max
	for _, r := range filtered.Results {
		price, err := money.Parse(r.Price)
		if err != nil || price > last || price < 1640000 || price > 2570000 {
			t.Errorf("price %s out of the filter or of -price order", r.Price)
		}
		last = price
	}
	var card struct {
		Images     []string `json:"images"`
		Attributes []any    `json:"attributes"`
	}
	get(t, "GET", base+"/api/product?id="+strconv.FormatInt(products.Results[0].ID, 10), "", &card)
	if len(card.Images) == 0 || len(card.Attributes) == 0 {
		t.Errorf("demo product card without pictures or characteristics: %+v", card)
	}
	pic, err := http.Get(card.Images[0])
	if err != nil {
		t.Fatal(err)
	}
	pic.Body.Close()
	if pic.StatusCode != 200 || !strings.HasPrefix(pic.Header.Get("Content-Type"), "image/") {
		t.Errorf("demo picture → %d %s", pic.StatusCode, pic.Header.Get("Content-Type"))
	}

	stop()
	select {
	case err := <-served:
		if err != nil {
			t.Fatalf("serve after stop: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop within its 10 s grace period")
	}
}

func TestMissingDatabaseURLSaysWhatToDo(t *testing.T) {
	var out bytes.Buffer
	p := program{getenv: func(string) string { return "" }, stdout: &out, stderr: &out}
	err := p.run(context.Background(), []string{"migrate", "up"})
	if err == nil || !strings.Contains(err.Error(), "make run") {
		t.Fatalf("err = %v, want advice naming make run", err)
	}
}

func get(t *testing.T, method, url, body string, v any) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, url, rd)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		t.Fatalf("%s %s → %d %s", method, url, res.StatusCode, b)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}

func TestCreateSuperuserCommand(t *testing.T) {
	env := map[string]string{"DATABASE_URL": dbtest.URL(t), "LOG_LEVEL": "warn", "FURSTORE_SUPERUSER_PASSWORD": "соболья-шуба-2027"}
	var out bytes.Buffer
	p := program{getenv: func(k string) string { return env[k] }, stdout: &out, stderr: &out}
	ctx := context.Background()
	if err := p.run(ctx, []string{"createsuperuser", "--email", "Boss@Mekha.ru"}); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if err := p.run(ctx, []string{"createsuperuser", "--email", "boss@mekha.ru"}); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); !strings.Contains(got, "staff account boss@mekha.ru created") || !strings.Contains(got, "already had an account") {
		t.Fatalf("output:\n%s", got)
	}
	if err := p.run(ctx, []string{"createsuperuser"}); err == nil {
		t.Fatal("no --email accepted")
	}
}
