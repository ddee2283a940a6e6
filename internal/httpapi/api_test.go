package httpapi_test

import (
	"encoding/json"
	"net/http"
	"net/netip"
	"testing"
	"time"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/apptest"
	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/httpapi"
	"github.com/mekhaishuby/furstore/internal/mail/mailtest"
	"github.com/mekhaishuby/furstore/internal/media"
	"github.com/mekhaishuby/furstore/internal/payment"
	"github.com/mekhaishuby/furstore/internal/yookassa/yookassatest"
)

const frontend = apptest.Frontend

// apiClient talks to the real API over HTTP and checks every answer against api/openapi.yaml.
type apiClient struct {
	t        *testing.T
	srv      *apptest.Server
	url      string
	catalog  *catalog.Service
	accounts *account.Service
	payments *payment.Service
	dbURL    string
	routes   []httpapi.Route
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
	s := apptest.Start(t, apptest.Options{Limits: opt.limits, Mail: opt.mail, ResetTTL: opt.reset.ResetTTL,
		ResetFloor: opt.reset.ResetFloor, YooKassa: opt.yookassa, Receipts: opt.receipts, WebhookNets: opt.webhookNets,
		Recheck: opt.recheck, TrustedProxies: opt.trustedProxies})
	a := s.App
	return &apiClient{t: t, srv: s, url: s.URL, catalog: a.Catalog, accounts: a.Accounts, payments: a.Payments,
		dbURL: s.DBURL, routes: a.Routes, media: a.Media}
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

// do sends a request and checks the answer against the OpenAPI document.
func (c *apiClient) do(method, path string, body string, header ...string) response {
	c.t.Helper()
	r := c.srv.Do(method, path, body, header...)
	return response{status: r.Status, header: r.Header, body: r.Body}
}
