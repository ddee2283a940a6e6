// Package httpapi assembles the HTTP API: the one table of routes and the middleware around it.
package httpapi

import (
	"log/slog"
	"net/http"
	"net/netip"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/apidocs"
	"github.com/mekhaishuby/furstore/internal/cart"
	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/order"
	"github.com/mekhaishuby/furstore/internal/payment"
	"github.com/mekhaishuby/furstore/internal/web"
)

// Deps is what the API is built from; main wires it.
type Deps struct {
	Log     *slog.Logger
	Health  *Health
	Catalog *catalog.Handlers
	Media   http.Handler
	// Accounts are the account handlers; Auth guards the routes that need a signed-in user or staff.
	Accounts *account.Handlers
	Auth     *account.Service
	Carts    *cart.Handlers
	Orders   *order.Handlers
	Payments *payment.Handlers
	// CORSAllowedOrigins are the web origins (e.g. the store's frontend) allowed to call the API from a browser.
	CORSAllowedOrigins []string
	// TrustedProxies are our reverse proxies, whose X-Forwarded-For names the client.
	TrustedProxies []netip.Prefix
}

// New returns the API's handler: every route, wrapped in CORS and request logging.
func New(d Deps) http.Handler {
	mux := http.NewServeMux()
	h := func(pattern string, f web.HandlerFunc) { mux.Handle(pattern, f) }

	mux.HandleFunc("GET /healthz", d.Health.Live)
	h("GET /readyz", d.Health.Ready)

	h("GET /api/categories", d.Catalog.Categories)
	h("POST /api/products", d.Catalog.ListPost)
	h("GET /api/products", d.Catalog.ListGet)
	h("GET /api/products/get_products", d.Catalog.ListGet)
	h("GET /api/products/{id}", d.Catalog.ProductByID)
	h("GET /api/product", d.Catalog.Product)

	user := d.Auth.RequireUser
	h("POST /api/auth/register", d.Accounts.Register)
	h("POST /api/auth/login", d.Accounts.Login)
	h("POST /api/auth/logout", user(d.Accounts.Logout))
	h("GET /api/auth/me", user(d.Accounts.Me))
	h("PATCH /api/auth/me", user(d.Accounts.UpdateMe))
	h("POST /api/auth/password/change", user(d.Accounts.ChangePassword))
	h("POST /api/auth/password/reset", d.Accounts.RequestReset)
	h("POST /api/auth/password/reset/confirm", d.Accounts.ConfirmReset)

	anyone := d.Auth.OptionalUser
	h("GET /api/cart", anyone(d.Carts.Get))
	h("POST /api/cart", anyone(d.Carts.Add))
	h("PUT /api/cart", anyone(d.Carts.Set))
	h("DELETE /api/cart", anyone(d.Carts.Remove))

	h("POST /api/order", user(d.Orders.Place))
	h("GET /api/orders", user(d.Orders.List))
	h("GET /api/orders/{id}", user(d.Orders.Get))
	h("POST /api/orders/{id}/cancel", user(d.Orders.Cancel))
	h("POST /api/orders/{id}/payment", user(d.Payments.Start))
	h("GET /api/orders/{id}/payment", user(d.Payments.Current))
	h("POST /api/payments/yookassa/webhook", d.Payments.Webhook)

	staff := d.Auth.RequireStaff
	h("POST /api/admin/orders/{id}/refund", staff(d.Payments.Refund))

	mux.Handle("GET /media/{path...}", d.Media)

	mux.HandleFunc("GET /api/openapi.yaml", apidocs.Spec)
	mux.Handle("GET /api/docs", apidocs.UI())
	mux.Handle("GET /api/docs/", apidocs.UI())

	mux.Handle("/", noRoute(mux))
	return web.ClientAddr(d.TrustedProxies, web.Observe(d.Log, cors(d.CORSAllowedOrigins, mux)))
}

// noRoute answers what no route matched with the API's error JSON: 405 with Allow when the path exists under
// other methods, else 404. (ServeMux's own answers are plain text.)
func noRoute(mux *http.ServeMux) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		var allow []string
		for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
			probe := r.Clone(r.Context())
			probe.Method = m
			if _, pattern := mux.Handler(probe); pattern != "/" && pattern != "" {
				allow = append(allow, m)
			}
		}
		if len(allow) == 0 {
			return errNoRoute
		}
		w.Header().Set("Allow", joinComma(allow))
		return errMethod
	}
}
