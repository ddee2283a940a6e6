package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mekhaishuby/furstore/internal/store/dbtest"
)

// An operator scrapes METRICS_ADDR/metrics (never the public port) and sees the numbers move with traffic:
// requests by route and status with their durations, the catalog cache's hits, the database pool, the mail
// outbox, the build.
func TestMetricsMoveWithTraffic(t *testing.T) {
	free, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	metricsAddr := free.Addr().String()
	free.Close()
	env := map[string]string{"DATABASE_URL": dbtest.URL(t), "MEDIA_DIR": t.TempDir(), "PORT": "0", "LOG_LEVEL": "warn",
		"METRICS_ADDR": metricsAddr}
	var out syncBuffer
	p := program{getenv: func(k string) string { return env[k] }, stdout: &out, stderr: &out}
	for _, args := range [][]string{{"migrate", "up"}, {"seed-demo", "--if-empty"}} {
		if err := p.run(context.Background(), args); err != nil {
			t.Fatalf("furstore %s: %v\n%s", strings.Join(args, " "), err, out.String())
		}
	}
	base := serve(t, env, &out)
	scrape := func() string {
		t.Helper()
		// The metrics listener starts beside the public one: give it a moment on a busy machine.
		var res *http.Response
		var err error
		for start := time.Now(); ; time.Sleep(20 * time.Millisecond) {
			if res, err = http.Get("http://" + metricsAddr + "/metrics"); err == nil || time.Since(start) > 10*time.Second {
				break
			}
		}
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return string(b)
	}
	value := func(text, series string) float64 {
		t.Helper()
		m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`).FindStringSubmatch(text)
		if m == nil {
			return 0
		}
		v, _ := strconv.ParseFloat(m[1], 64)
		return v
	}
	listing := `http_requests_total{code="200",method="GET",route="GET /api/products"}`
	before := scrape()
	for range 3 {
		var page struct {
			Count int `json:"count"`
		}
		get(t, "GET", base+"/api/products?category=shuby", "", &page)
	}
	if res, err := http.Get(base + "/api/product?id=999999999"); err == nil {
		res.Body.Close()
	}
	after := scrape()
	if got := value(after, listing) - value(before, listing); got != 3 {
		t.Errorf("%s moved by %v; want 3", listing, got)
	}
	if value(after, `http_requests_total{code="404",method="GET",route="GET /api/product"}`) < 1 {
		t.Error("the 404 of a missing product is not counted")
	}
	if value(after, `http_request_duration_seconds_count{method="GET",route="GET /api/products"}`) < 3 {
		t.Error("the listing's durations are not observed")
	}
	if hits := value(after, `furstore_catalog_cache_lookups_total{result="hit"}`) - value(before, `furstore_catalog_cache_lookups_total{result="hit"}`); hits < 2 {
		t.Errorf("the answer cache served %v of three identical listings", hits)
	}
	for _, series := range []string{`furstore_db_pool_max_connections`, `furstore_mail_outbox_pending`, `furstore_build_info{version=`} {
		if !strings.Contains(after, series) {
			t.Errorf("no %s in the metrics", series)
		}
	}
	if res, err := http.Get(base + "/metrics"); err == nil {
		res.Body.Close()
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("the public port serves /metrics: %d", res.StatusCode)
		}
	}
}
