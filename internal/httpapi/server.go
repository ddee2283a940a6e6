// Package httpapi assembles the HTTP API: the one table of routes and the middleware around it.
package httpapi

import (
	"log/slog"
	"net/http"
	"net/netip"
	"strings"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/apidocs"
	"github.com/mekhaishuby/furstore/internal/audit"
	"github.com/mekhaishuby/furstore/internal/cart"
	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/order"
	"github.com/mekhaishuby/furstore/internal/orderadmin"
	"github.com/mekhaishuby/furstore/internal/payment"
	"github.com/mekhaishuby/furstore/internal/web"
)

// Deps is what the API is built from; package app wires it.
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
	// The back office.
	CatalogAdmin *catalog.AdminHandlers
	OrderAdmin   *orderadmin.Handlers
	Audit        *audit.Handlers
	// Panel is the staff panel's HTML pages under /admin/ (package panel), which guards its own routes.
	Panel http.Handler
	// Instrument, if set, wraps the route mux to count and time requests by route (metrics.Instrument).
	Instrument func(http.Handler) http.Handler
	// CORSAllowedOrigins are the web origins (e.g. the store's frontend) allowed to call the API from a browser.
	CORSAllowedOrigins []string
	// TrustedProxies are our reverse proxies, whose X-Forwarded-For names the client and X-Forwarded-Proto/-Host
	// the scheme and host it used (web.ClientAddr).
	TrustedProxies []netip.Prefix
}

// Access is who may call a route.
type Access int

const (
	Public   Access = iota // anyone
	Optional               // anyone; a signed-in customer is recognised (the cart)
	User                   // a signed-in customer: no token 401
	Staff                  // staff only: no token 401, a customer 403
)

// Route is one entry of the route table.
type Route struct {
	Pattern string // ServeMux pattern, "METHOD /path"
	Access  Access
	handler http.Handler
}

// Routes is the API's one table of routes. Access is declared here and applied by New, never inside a
// handler, so a test can walk the table and check every back office route is staff-only.
func Routes(d Deps) []Route {
	r := func(pattern string, access Access, f web.HandlerFunc) Route {
		h := guard(d.Auth, access, f)
		if access != Public || strings.HasPrefix(strings.TrimLeft(pattern, "ABCDEFGHIJKLMNOPQRSTUVWXYZ "), "/api/auth/") {
			h = private(h)
		}
		return Route{Pattern: pattern, Access: access, handler: h}
	}
	raw := func(pattern string, h http.Handler) Route { return Route{Pattern: pattern, Access: Public, handler: h} }
	return []Route{
		raw("GET /healthz", http.HandlerFunc(d.Health.Live)),
		r("GET /readyz", Public, d.Health.Ready),

		r("GET /api/categories", Public, d.Catalog.Categories),
		r("GET /api/categories/{slug}", Public, d.Catalog.Category),
		r("GET /sitemap.xml", Public, d.Catalog.Sitemap),
		r("GET /sitemaps/{file}", Public, d.Catalog.SitemapPart),
		r("GET /api/search/suggest", Public, d.Catalog.Suggest),
		r("POST /api/products", Public, d.Catalog.ListPost),
		r("GET /api/products", Public, d.Catalog.ListGet),
		r("GET /api/products/get_products", Public, d.Catalog.ListGet),
		r("GET /api/products/{id}", Public, d.Catalog.ProductByID),
		r("GET /api/product", Public, d.Catalog.Product),

		r("POST /api/auth/register", Public, d.Accounts.Register),
		r("POST /api/auth/login", Public, d.Accounts.Login),
		r("POST /api/auth/logout", User, d.Accounts.Logout),
		r("GET /api/auth/me", User, d.Accounts.Me),
		r("PATCH /api/auth/me", User, d.Accounts.UpdateMe),
		r("POST /api/auth/password/change", User, d.Accounts.ChangePassword),
		r("POST /api/auth/password/reset", Public, d.Accounts.RequestReset),
		r("POST /api/auth/password/reset/confirm", Public, d.Accounts.ConfirmReset),

		r("GET /api/cart", Optional, d.Carts.Get),
		r("POST /api/cart", Optional, d.Carts.Add),
		r("PUT /api/cart", Optional, d.Carts.Set),
		r("DELETE /api/cart", Optional, d.Carts.Remove),

		r("POST /api/order", User, d.Orders.Place),
		r("GET /api/orders", User, d.Orders.List),
		r("GET /api/orders/{id}", User, d.Orders.Get),
		r("POST /api/orders/{id}/cancel", User, d.Orders.Cancel),
		r("POST /api/orders/{id}/payment", User, d.Payments.Start),
		r("GET /api/orders/{id}/payment", User, d.Payments.Current),
		r("POST /api/payments/yookassa/webhook", Public, d.Payments.Webhook),

		// The back office.
		r("GET /api/admin/categories", Staff, d.CatalogAdmin.ListCategories),
		r("POST /api/admin/categories", Staff, d.CatalogAdmin.CreateCategory),
		r("PATCH /api/admin/categories/{id}", Staff, d.CatalogAdmin.UpdateCategory),
		r("PUT /api/admin/categories/{id}/meta", Staff, d.CatalogAdmin.SetCategoryMeta),
		r("DELETE /api/admin/categories/{id}", Staff, d.CatalogAdmin.DeleteCategory),
		r("GET /api/admin/attributes", Staff, d.CatalogAdmin.ListAttributes),
		r("POST /api/admin/attributes", Staff, d.CatalogAdmin.CreateAttribute),
		r("PATCH /api/admin/attributes/{id}", Staff, d.CatalogAdmin.UpdateAttribute),
		r("DELETE /api/admin/attributes/{id}", Staff, d.CatalogAdmin.DeleteAttribute),
		r("POST /api/admin/attributes/{id}/values", Staff, d.CatalogAdmin.CreateAttributeValue),
		r("GET /api/admin/products", Staff, d.CatalogAdmin.ListProducts),
		r("POST /api/admin/products", Staff, d.CatalogAdmin.CreateProduct),
		r("GET /api/admin/products/{id}", Staff, d.CatalogAdmin.GetProduct),
		r("PATCH /api/admin/products/{id}", Staff, d.CatalogAdmin.UpdateProduct),
		r("PUT /api/admin/products/{id}/meta", Staff, d.CatalogAdmin.SetProductMeta),
		r("DELETE /api/admin/products/{id}", Staff, d.CatalogAdmin.DeleteProduct),
		r("POST /api/admin/products/{id}/stock", Staff, d.CatalogAdmin.SetStock),
		r("GET /api/admin/products/{id}/stock", Staff, d.CatalogAdmin.StockHistory),
		r("POST /api/admin/products/{id}/variants", Staff, d.CatalogAdmin.CreateVariant),
		r("PATCH /api/admin/variants/{id}", Staff, d.CatalogAdmin.UpdateVariant),
		r("DELETE /api/admin/variants/{id}", Staff, d.CatalogAdmin.DeleteVariant),
		r("POST /api/admin/variants/{id}/stock", Staff, d.CatalogAdmin.SetVariantStock),
		r("POST /api/admin/products/{id}/images", Staff, d.CatalogAdmin.UploadPicture),
		r("PUT /api/admin/products/{id}/images", Staff, d.CatalogAdmin.ArrangePictures),
		r("DELETE /api/admin/products/{id}/images/{image_id}", Staff, d.CatalogAdmin.DeletePicture),
		r("POST /api/admin/variants/{id}/units", Staff, d.CatalogAdmin.ReceiveUnits),
		r("GET /api/admin/variants/{id}/units", Staff, d.CatalogAdmin.VariantUnits),
		r("GET /api/admin/units", Staff, d.CatalogAdmin.FindUnits),
		r("POST /api/admin/units/{id}/status", Staff, d.CatalogAdmin.SetUnitStatus),
		r("GET /api/admin/orders", Staff, d.OrderAdmin.List),
		r("GET /api/admin/orders/{id}", Staff, d.OrderAdmin.Get),
		r("POST /api/admin/orders/{id}/status", Staff, d.OrderAdmin.SetStatus),
		r("PUT /api/admin/orders/{id}/fur-codes", Staff, d.OrderAdmin.SetFurCodes),
		r("POST /api/admin/orders/{id}/refund", Staff, d.Payments.Refund),
		r("POST /api/admin/orders/{id}/return", Staff, d.OrderAdmin.Return),
		r("GET /api/admin/audit", Staff, d.Audit.List),
		r("GET /api/admin/export/orders.csv", Staff, d.OrderAdmin.ExportOrders),
		r("GET /api/admin/export/products.csv", Staff, d.CatalogAdmin.ExportProducts),
		r("GET /api/admin/export/units.csv", Staff, d.CatalogAdmin.ExportUnits),

		raw("/admin/", d.Panel),
		raw("GET /media/{path...}", d.Media),
		raw("GET /api/openapi.yaml", http.HandlerFunc(apidocs.Spec)),
		raw("GET /api/docs", apidocs.UI()),
		raw("GET /api/docs/", apidocs.UI()),
	}
}

func guard(auth *account.Service, access Access, f web.HandlerFunc) http.Handler {
	switch access {
	case Optional:
		return auth.OptionalUser(f)
	case User:
		return auth.RequireUser(f)
	case Staff:
		return auth.RequireStaff(f)
	}
	return f
}

// New returns the API's handler: every route, wrapped in CORS and request logging.
func New(d Deps) http.Handler {
	mux := http.NewServeMux()
	var patterns []string
	for _, r := range Routes(d) {
		mux.Handle(r.Pattern, r.handler)
		patterns = append(patterns, r.Pattern)
	}
	mux.Handle("/", noRoute(mux))
	var routed http.Handler = mux
	if d.Instrument != nil {
		routed = d.Instrument(mux) // right around the mux: it names the route in the request it is handed
	}
	return web.ClientAddr(d.TrustedProxies, web.Observe(d.Log, cors(d.CORSAllowedOrigins, plainQuery(canonicalPath(patterns, routed)))))
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

// private marks an answer that belongs to one person (their account, cart, orders, the back office) as never
// to be stored by a browser's or a proxy's cache.
func private(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}
