package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mekhaishuby/furstore/internal/store/dbtest"
	"github.com/mekhaishuby/furstore/internal/yookassa/yookassatest"
)

// An operator scrapes METRICS_ADDR/metrics (never the public port) and sees the numbers move with traffic:
// requests by route and status with their durations, the catalog cache's hits, the database pool, the mail
// outbox, the build; and the shop's own events: an order placed and paid online, ЮKassa's notifications, the
// mail it sent.
func TestMetricsMoveWithTraffic(t *testing.T) {
	free, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	metricsAddr := free.Addr().String()
	free.Close()
	kassa := yookassatest.Start(t)
	env := map[string]string{"DATABASE_URL": dbtest.URL(t), "MEDIA_DIR": t.TempDir(), "PORT": "0", "LOG_LEVEL": "warn",
		"METRICS_ADDR": metricsAddr, "FURSTORE_SUPERUSER_PASSWORD": "соболья-шуба-2027", "YOOKASSA_SHOP_ID": kassa.ShopID, "YOOKASSA_SECRET_KEY": kassa.SecretKey,
		"YOOKASSA_API_URL": kassa.URL, "YOOKASSA_TRUSTED_NETS": "any"}
	var out syncBuffer
	p := program{getenv: func(k string) string { return env[k] }, stdout: &out, stderr: &out}
	prepareStore(t, p, &out)
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
	// Before anything happened the event series are there at 0, so an alert on "no orders for an hour" can fire.
	for _, series := range []string{`furstore_orders_placed_total{payment="online"} 0`, `furstore_payments_settled_total{status="succeeded"} 0`,
		`furstore_mail_attempts_total{result="failed"} 0`, `furstore_yookassa_notifications_total{result="forbidden"} 0`} {
		if !strings.Contains(before, series+"\n") {
			t.Errorf("no %q before any traffic", series)
		}
	}
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

	// The shop's events: a customer orders a coat to pay online, pays, ЮKassa tells us; a stray notification.
	var reg struct {
		Token string `json:"token"`
	}
	send(t, "POST", base+"/api/auth/register", `{"email":"metrics@example.com","password":"норковая-шуба-2026"}`, &reg)
	auth := []string{"Authorization", "Bearer " + reg.Token}
	var page struct {
		Results []struct {
			ID int64 `json:"id"`
		} `json:"results"`
	}
	get(t, "GET", base+"/api/products?in_stock=true&sort_by=price", "", &page)
	type variant struct {
		ID    int64 `json:"id"`
		Stock int   `json:"stock"`
	}
	var card struct {
		Variants []variant `json:"variants"`
	}
	get(t, "GET", fmt.Sprintf("%s/api/product?id=%d", base, page.Results[0].ID), "", &card)
	i := slices.IndexFunc(card.Variants, func(v variant) bool { return v.Stock > 0 })
	send(t, "POST", base+"/api/cart", fmt.Sprintf(`{"variant_id":%d,"quantity":1}`, card.Variants[i].ID), nil, auth...)
	var placed struct {
		ID    int64  `json:"id"`
		Total string `json:"total_price"`
	}
	send(t, "POST", base+"/api/order", `{"phone_number":"79855508853","requires_delivery":false,"payment_on_get":false}`, &placed, auth...)
	var pay struct {
		PaymentID string `json:"payment_id"`
	}
	send(t, "POST", fmt.Sprintf("%s/api/orders/%d/payment", base, placed.ID), `{}`, &pay, auth...)
	if err := kassa.Pay(pay.PaymentID); err != nil {
		t.Fatal(err)
	}
	if code, err := kassa.Notify(base+"/api/payments/yookassa/webhook", "payment.succeeded", pay.PaymentID); err != nil || code != http.StatusOK {
		t.Fatalf("webhook: %d %v", code, err)
	}
	if res, err := http.Post(base+"/api/payments/yookassa/webhook", "application/json", strings.NewReader(`{"type":"nonsense"}`)); err == nil {
		res.Body.Close()
	}
	var events string
	for start := time.Now(); time.Since(start) < 10*time.Second; time.Sleep(50 * time.Millisecond) {
		// The welcome and order mails go out through the outbox worker, which polls once a second.
		if events = scrape(); value(events, `furstore_mail_attempts_total{result="sent"}`) >= 2 {
			break
		}
	}
	kopecks := strings.ReplaceAll(placed.Total, ".", "")
	for series, want := range map[string]string{
		`furstore_orders_placed_total{payment="online"}`:          "1",
		`furstore_orders_placed_kopecks_total{payment="online"}`:  strings.TrimLeft(kopecks, "0"),
		`furstore_payments_settled_total{status="succeeded"}`:     "1",
		`furstore_yookassa_notifications_total{result="applied"}`: "1",
		`furstore_yookassa_notifications_total{result="invalid"}`: "1",
	} {
		if got := strconv.FormatFloat(value(events, series), 'f', -1, 64); got != want {
			t.Errorf("%s = %s; want %s", series, got, want)
		}
	}
	if value(events, `furstore_mail_attempts_total{result="sent"}`) < 2 {
		t.Error("the welcome and order mails are not counted as sent")
	}
}
