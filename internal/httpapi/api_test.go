package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mekhaishuby/furstore/api"
	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/audit"
	"github.com/mekhaishuby/furstore/internal/cart"
	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/catalog/catalogtest"
	"github.com/mekhaishuby/furstore/internal/catalogadmin"
	"github.com/mekhaishuby/furstore/internal/httpapi"
	"github.com/mekhaishuby/furstore/internal/imageadmin"
	"github.com/mekhaishuby/furstore/internal/mail"
	"github.com/mekhaishuby/furstore/internal/mail/mailtest"
	"github.com/mekhaishuby/furstore/internal/media"
	"github.com/mekhaishuby/furstore/internal/order"
	"github.com/mekhaishuby/furstore/internal/orderadmin"
	"github.com/mekhaishuby/furstore/internal/payment"
	"github.com/mekhaishuby/furstore/internal/store/dbtest"
	"github.com/mekhaishuby/furstore/internal/yookassa"
	"github.com/mekhaishuby/furstore/internal/yookassa/yookassatest"
)

const frontend = "https://shop.example"

var csvDecoder sync.Once

// apiClient talks to the real API over HTTP and checks every answer against api/openapi.yaml.
type apiClient struct {
	t        *testing.T
	url      string
	router   routers.Router
	catalog  *catalog.Service
	accounts *account.Service
	payments *payment.Service
	dbURL    string
	deps     httpapi.Deps
	media    *media.Store
}

func newAPI(t *testing.T) *apiClient {
	t.Helper()
	return newAPIWith(t, apiOptions{})
}

// apiOptions change what newAPIWith starts.
type apiOptions struct {
	limits account.Limits   // abuse limits; none by default, so tests may sign in freely
	mail   *mailtest.Server // if set, a mail worker delivers the outbox to this Mailpit
	reset  account.Config   // password-reset timings (ResetTTL, ResetFloor); zero takes the defaults
	// yookassa, if set, is the fake ЮKassa online payment talks to; without it online payment is off.
	yookassa *yookassatest.Server
	receipts bool // 54-ФЗ receipts with payments and refunds
	// webhookNets are where notifications may come from; nil: anywhere (the tests' fake is on loopback).
	webhookNets []netip.Prefix
	recheck     time.Duration // payment.Config.RecheckAfter; zero takes the default
	// trustedProxies are the reverse proxies whose X-Forwarded-For is believed (TRUSTED_PROXIES).
	trustedProxies []netip.Prefix
}

func newAPIWith(t *testing.T, opt apiOptions) *apiClient {
	t.Helper()
	log := slog.New(slog.DiscardHandler)
	dbURL := dbtest.URL(t)
	pool, err := pgxpool.New(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	store, err := media.NewStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	cat := catalog.NewService(pool, log)
	if _, err := cat.Import(context.Background(), catalogtest.File(), catalogtest.Pictures(t), store, nil); err != nil {
		t.Fatal(err)
	}
	mediaHandler, err := store.Handler()
	if err != nil {
		t.Fatal(err)
	}
	accounts, err := account.NewService(pool, log, account.Config{
		PublicURL: "https://shop.example", Limits: opt.limits, ResetTTL: opt.reset.ResetTTL, ResetFloor: opt.reset.ResetFloor,
	})
	if err != nil {
		t.Fatal(err)
	}
	carts := cart.NewService(pool, log)
	cartHandlers := cart.NewHandlers(carts, "", false)
	if opt.mail != nil {
		sender := mail.NewSMTP(mail.SMTPConfig{Host: opt.mail.SMTPHost(), Port: opt.mail.SMTPPort(), From: "«Меха и Шубы» <noreply@shop.example>", TLS: "none"})
		worker := mail.NewWorker(pool, sender, log, mail.WorkerConfig{Poll: 50 * time.Millisecond, RetryBase: 100 * time.Millisecond, RetryMax: 300 * time.Millisecond})
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { defer close(done); worker.Run(ctx) }()
		t.Cleanup(func() { cancel(); <-done })
	}
	var ykClient *yookassa.Client
	if opt.yookassa != nil {
		ykClient = yookassa.New(yookassa.Config{ShopID: opt.yookassa.ShopID, SecretKey: opt.yookassa.SecretKey,
			BaseURL: opt.yookassa.URL, Timeout: 2 * time.Second, RetryBase: 10 * time.Millisecond}, nil)
	}
	payments := payment.NewService(pool, ykClient, payment.Config{ReturnURL: frontend + "/orders/{order_id}/paid",
		Receipts: opt.receipts, VATCode: yookassa.VAT22, RecheckAfter: opt.recheck, PublicURL: frontend}, log)
	images := imageadmin.NewService(pool, store, log)
	deps := httpapi.Deps{
		Log: log, Health: httpapi.NewHealth(pool), Catalog: catalog.NewHandlers(cat, "", 1<<20), Media: mediaHandler,
		Accounts: account.NewHandlers(accounts, cartHandlers.MergeGuestCart), Auth: accounts,
		Carts: cartHandlers, Orders: order.NewHandlers(order.NewService(pool, carts, cat, payments, log, frontend)),
		Payments:           payment.NewHandlers(payments, opt.webhookNets, opt.webhookNets == nil),
		CatalogAdmin:       catalogadmin.NewHandlers(catalogadmin.NewService(pool, cat, images, log), ""),
		ImageAdmin:         imageadmin.NewHandlers(images, ""),
		OrderAdmin:         orderadmin.NewHandlers(orderadmin.NewService(pool, cat, payments, log, frontend)),
		Audit:              audit.NewHandlers(audit.NewService(pool)),
		CORSAllowedOrigins: []string{frontend},
		TrustedProxies:     opt.trustedProxies,
	}
	srv := httptest.NewServer(httpapi.New(deps))
	t.Cleanup(srv.Close)

	csvDecoder.Do(registerCSVDecoder)
	doc, err := openapi3.NewLoader().LoadFromData(api.OpenAPI)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("api/openapi.yaml is not valid OpenAPI: %v", err)
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return &apiClient{t: t, url: srv.URL, router: router, catalog: cat, accounts: accounts, payments: payments, dbURL: dbURL,
		deps: deps, media: store}
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("body is not JSON: %v\n%s", err, r.body)
	}
}

// do sends a request and checks the answer against the OpenAPI document: its status must be documented for
// the route, and its body and headers must match the schema.
func (c *apiClient) do(method, path string, body string, header ...string) response {
	c.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, c.url+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	got, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	c.validate(req, res, got)
	return response{status: res.StatusCode, header: res.Header, body: got}
}

func (c *apiClient) validate(req *http.Request, res *http.Response, body []byte) {
	c.t.Helper()
	if strings.HasPrefix(req.URL.Path, "/media/") || req.Method == http.MethodOptions {
		return // picture paths have several segments, which the spec's router cannot match; checked by hand
	}
	route, params, err := c.router.FindRoute(req)
	if err != nil {
		if res.StatusCode == http.StatusNotFound || res.StatusCode == http.StatusMethodNotAllowed {
			return // not a route of ours; the error shape is checked by the test itself
		}
		c.t.Errorf("%s %s is not in api/openapi.yaml: %v", req.Method, req.URL.Path, err)
		return
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
		Status:                 res.StatusCode,
		Header:                 res.Header,
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		c.t.Errorf("%s %s → %d does not match api/openapi.yaml:\n%v\nbody: %.500s", req.Method, req.URL, res.StatusCode, err, body)
	}
}
