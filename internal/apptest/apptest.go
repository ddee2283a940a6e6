// Package apptest starts the store for a test: a fresh migrated database, the app built by app.New exactly as
// `furstore serve` builds it, the demo test catalog, and a real HTTP server. Its client checks every answer
// against api/openapi.yaml, so each test that talks to the API also tests the document.
//
// The HTTP tests live with the package whose routes they test and share the helpers here: customers and staff
// who sign in (account.go), carts and orders (cart.go, order.go), online payment against a fake ЮKassa
// (payment.go), and the database as another process sees it (db.go).
package apptest

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"net/netip"
	"os"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/routers"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/app"
	"github.com/mekhaishuby/furstore/internal/catalog/catalogtest"
	"github.com/mekhaishuby/furstore/internal/config"
	"github.com/mekhaishuby/furstore/internal/mail"
	"github.com/mekhaishuby/furstore/internal/mail/mailtest"
	"github.com/mekhaishuby/furstore/internal/store"
	"github.com/mekhaishuby/furstore/internal/store/dbtest"
	"github.com/mekhaishuby/furstore/internal/yookassa"
	"github.com/mekhaishuby/furstore/internal/yookassa/yookassatest"
)

// Frontend is the store's web address in tests: PUBLIC_URL and the one CORS origin allowed.
const Frontend = "https://shop.example"

// Options change what Start starts; the zero value is a store with online payment off and no mail delivered.
type Options struct {
	Limits account.Limits   // abuse limits; none by default, so tests may sign in freely
	Mail   *mailtest.Server // if set, a mail worker delivers the outbox to this Mailpit
	// ResetTTL and ResetFloor time password resets; zero takes the defaults.
	ResetTTL, ResetFloor time.Duration
	// YooKassa, if set, is the fake ЮKassa online payment talks to; without it online payment is off.
	YooKassa *yookassatest.Server
	Receipts bool // 54-ФЗ receipts with payments and refunds
	// WebhookNets are where notifications may come from; nil: anywhere (the tests' fake is on loopback).
	WebhookNets []netip.Prefix
	Recheck     time.Duration // YOOKASSA_RECHECK_AFTER; zero takes the default
	// TrustedProxies are the reverse proxies whose X-Forwarded-For is believed (TRUSTED_PROXIES).
	TrustedProxies []netip.Prefix
}

// Server is a running store.
type Server struct {
	t     testing.TB
	spec  routers.Router
	URL   string        // the API's base URL, e.g. http://127.0.0.1:41234
	DBURL string        // its database, for a test's own second connection
	Pool  *pgxpool.Pool // the application's pool
	// DB is the test's own pool on the same database, for what a test does behind the API's back. A write
	// through it is what another process's write would be; one through Pool is not, because store.Open tells
	// the triggers that the application announces its own stock changes.
	DB       *pgxpool.Pool
	App      *app.App
	YooKassa *yookassatest.Server // Options.YooKassa: the fake behind online payment, or nil

	ids map[string]int64 // product ids by slug, inactive products included
}

// Start builds the store on a fresh database as app.New does for `furstore serve`, loads the test catalog,
// and serves it over HTTP until the test ends. The background work that Run does in production is not
// started, so nothing is cached and nothing happens behind a test's back; a test that needs a piece of it
// starts it (the mail worker is started for Options.Mail).
func Start(t testing.TB, opt Options) *Server {
	t.Helper()
	log := slog.New(slog.DiscardHandler)
	if os.Getenv("FURSTORE_TEST_LOG") != "" { // the server's log on stderr, to see why a test fails
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	dbURL := dbtest.URL(t)
	pool, err := store.Open(context.Background(), dbURL, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	cfg := config.Config{
		MediaDir: t.TempDir(), CatalogCacheMB: 1, PublicURL: Frontend, CORSAllowedOrigins: []string{Frontend},
		TrustedProxies: opt.TrustedProxies, SessionTTL: 30 * 24 * time.Hour,
		LoginLimitPerIP: opt.Limits.LoginPerIP, LoginLimitPerEmail: opt.Limits.LoginPerEmail,
		ResetLimitPerIP: opt.Limits.ResetPerIP, ResetLimitPerEmail: opt.Limits.ResetPerEmail,
		RegisterLimitPerIP: opt.Limits.RegisterPerIP,
		YooKassa: config.YooKassa{ReturnURL: Frontend + "/orders/{order_id}/paid", Receipts: opt.Receipts,
			VATCode: int(yookassa.VAT22), TrustedNets: opt.WebhookNets, AnySource: opt.WebhookNets == nil,
			RecheckAfter: opt.Recheck},
	}
	if y := opt.YooKassa; y != nil {
		cfg.YooKassa.ShopID, cfg.YooKassa.SecretKey, cfg.YooKassa.APIURL = y.ShopID, y.SecretKey, y.URL
	}
	if m := opt.Mail; m != nil {
		cfg.SMTP = config.SMTP{Host: m.SMTPHost(), Port: m.SMTPPort(), From: "«Меха и Шубы» <noreply@shop.example>", TLS: "none"}
	}
	a, err := app.New(cfg, pool, log, app.Tuning{
		ResetTTL: opt.ResetTTL, ResetFloor: opt.ResetFloor,
		Mail:     mail.WorkerConfig{Poll: 50 * time.Millisecond, RetryBase: 100 * time.Millisecond, RetryMax: 300 * time.Millisecond},
		YooKassa: yookassa.Config{Timeout: 2 * time.Second, RetryBase: 10 * time.Millisecond},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Catalog.Import(context.Background(), catalogtest.File(), catalogtest.Pictures(t), a.Media, nil); err != nil {
		t.Fatal(err)
	}
	if opt.Mail != nil {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { defer close(done); a.RunMail(ctx) }()
		t.Cleanup(func() { cancel(); <-done })
	}
	db, err := pgxpool.New(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	srv := httptest.NewServer(a.Handler)
	t.Cleanup(srv.Close)
	s := &Server{t: t, spec: spec(t), URL: srv.URL, DBURL: dbURL, Pool: pool, DB: db, App: a, YooKassa: opt.YooKassa}
	s.ids = s.productIDs()
	return s
}

// WatchCatalog starts the piece of Run that keeps the catalog's cache current (its change listener) until the
// test ends, and waits until the listener has filled the cache.
func (s *Server) WatchCatalog() {
	s.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); s.App.Catalog.WatchChanges(ctx) }()
	s.t.Cleanup(func() { cancel(); <-done })
	WaitFor(s.t, func() bool { _, ok := s.App.Catalog.Generation(); return ok })
}
