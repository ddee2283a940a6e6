// Package panel is the staff panel: server-rendered pages in Russian at /admin/, for the shop's managers, built
// on the same services as the back office's JSON routes, so its rules and its audit log are theirs. Templates
// and the stylesheet are embedded in the binary: no Node toolchain, no CDN.
package panel

import (
	"embed"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/audit"
	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/order"
	"github.com/mekhaishuby/furstore/internal/payment"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// Panel serves /admin/.
type Panel struct {
	auth     *account.Service
	catalog  *catalog.Admin
	orders   *order.Service
	payments *payment.Service
	audit    *audit.Service
	log      *slog.Logger
	secure   bool // cookies only over https: the shop is served over https (PUBLIC_URL)
	pages    map[string]*template.Template
}

// New returns the panel. secure marks its cookies Secure always (set when PUBLIC_URL is https); they are Secure
// too for a request that came over https, here or at a trusted proxy (web.IsHTTPS).
func New(auth *account.Service, cat *catalog.Admin, orders *order.Service, payments *payment.Service, auditLog *audit.Service,
	log *slog.Logger, secure bool) (*Panel, error) {
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	return &Panel{auth: auth, catalog: cat, orders: orders, payments: payments, audit: auditLog, log: log, secure: secure, pages: pages}, nil
}

// Route is one entry of the panel's route table. Staff routes are wrapped by Handler, never inside a page, so
// a test can walk the table and check every page but the sign-in asks for a staff session.
type Route struct {
	Pattern string
	Staff   bool
	handler pageFunc
}

// Routes is the panel's table of routes.
func (p *Panel) Routes() []Route {
	return []Route{
		{Pattern: "GET /admin/login", handler: p.loginForm},
		{Pattern: "POST /admin/login", handler: p.login},
		{Pattern: "POST /admin/logout", Staff: true, handler: p.logout},
		{Pattern: "GET /admin/{$}", Staff: true, handler: p.dashboard},
		{Pattern: "GET /admin/products", Staff: true, handler: p.products},
		{Pattern: "GET /admin/products/new", Staff: true, handler: p.newProduct},
		{Pattern: "POST /admin/products", Staff: true, handler: p.createProduct},
		{Pattern: "GET /admin/products/{id}", Staff: true, handler: p.product},
		{Pattern: "POST /admin/products/{id}", Staff: true, handler: p.saveProduct},
		{Pattern: "POST /admin/products/{id}/active", Staff: true, handler: p.setActive},
		{Pattern: "POST /admin/products/{id}/variants", Staff: true, handler: p.addVariant},
		{Pattern: "POST /admin/products/{id}/variants/{variant}", Staff: true, handler: p.saveVariant},
		{Pattern: "POST /admin/products/{id}/variants/{variant}/delete", Staff: true, handler: p.deleteVariant},
		{Pattern: "POST /admin/products/{id}/pictures", Staff: true, handler: p.uploadPictures},
		{Pattern: "POST /admin/products/{id}/pictures/{picture}/move", Staff: true, handler: p.movePicture},
		{Pattern: "POST /admin/products/{id}/pictures/{picture}/delete", Staff: true, handler: p.deletePicture},
		{Pattern: "GET /admin/receiving", Staff: true, handler: p.receivingForm},
		{Pattern: "POST /admin/receiving", Staff: true, handler: p.receive},
		{Pattern: "GET /admin/orders", Staff: true, handler: p.orderList},
		{Pattern: "GET /admin/orders/{id}", Staff: true, handler: p.orderPage},
		{Pattern: "POST /admin/orders/{id}/status", Staff: true, handler: p.setOrderStatus},
		{Pattern: "POST /admin/orders/{id}/refund", Staff: true, handler: p.refund},
		{Pattern: "GET /admin/orders/{id}/slip", Staff: true, handler: p.slip},
		{Pattern: "GET /admin/staff", Staff: true, handler: p.staffPage},
		{Pattern: "POST /admin/staff/invite", Staff: true, handler: p.invite},
		{Pattern: "POST /admin/staff/{id}/deactivate", Staff: true, handler: p.deactivate},
		{Pattern: "POST /admin/staff/{id}/activate", Staff: true, handler: p.activate},
		{Pattern: "GET /admin/catalog", Staff: true, handler: p.catalogPage},
		{Pattern: "POST /admin/catalog", Staff: true, handler: p.createCategory},
		{Pattern: "POST /admin/catalog/{id}/rename", Staff: true, handler: p.renameCategory},
		{Pattern: "POST /admin/catalog/{id}/move", Staff: true, handler: p.moveCategory},
		{Pattern: "POST /admin/catalog/{id}/position", Staff: true, handler: p.positionCategory},
		{Pattern: "POST /admin/catalog/{id}/delete", Staff: true, handler: p.deleteCategory},
		{Pattern: "GET /admin/audit", Staff: true, handler: p.auditLog},
		{Pattern: "GET /admin/exports", Staff: true, handler: p.exports},
		{Pattern: "GET /admin/exports/orders.csv", Staff: true, handler: p.ordersCSV},
		{Pattern: "GET /admin/exports/products.csv", Staff: true, handler: p.productsCSV},
		{Pattern: "GET /admin/exports/units.csv", Staff: true, handler: p.unitsCSV},
	}
}

// Handler serves the panel: its routes, the stylesheet, a 404 page for the rest (to staff; others are sent
// to sign in), every answer with the panel's security headers, and cross-site form posts refused.
func (p *Panel) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, r := range p.Routes() {
		h := p.serve(r.handler)
		if r.Staff {
			h = p.staffOnly(h)
		}
		mux.Handle(r.Pattern, h)
	}
	static, _ := fs.Sub(staticFiles, "static") // the directory is embedded
	mux.Handle("GET /admin/static/", http.StripPrefix("/admin/static/", http.FileServerFS(static)))
	mux.Handle("/admin/", p.staffOnly(p.serve(p.notFound)))

	// The standard library's cross-origin protection refuses unsafe requests another site's page sends
	// (Sec-Fetch-Site, else Origin against Host); staff forms also carry a per-session token (csrfToken).
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(p.serve(func(w http.ResponseWriter, r *http.Request) error { return errCrossSite }))
	return securityHeaders(cop.Handler(mux))
}

// securityHeaders: a strict Content-Security-Policy (only our own stylesheet, no scripts, no frames), and no
// caching of pages that show the shop's orders and customers.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Frame-Options", "DENY")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}
