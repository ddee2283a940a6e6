// Package apidocs serves the API's documentation: the OpenAPI document and a Swagger UI page whose assets are
// embedded in the binary (no CDN: the docs work offline and leak no visitor to a third party).
package apidocs

import (
	"embed"
	"io/fs"
	"net/http"

	"github.com/mekhaishuby/furstore/api"
	"github.com/mekhaishuby/furstore/internal/web"
)

//go:embed swagger-ui
var assets embed.FS

// Spec serves GET /api/openapi.yaml.
func Spec(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "public, no-cache")
	etag := web.ETagOf(api.OpenAPI)
	w.Header().Set("ETag", etag)
	if web.NoneMatch(r, etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	_, _ = w.Write(api.OpenAPI)
}

// UI returns the handler of GET /api/docs (the Swagger UI page) and GET /api/docs/… (its assets).
func UI() http.Handler {
	sub, _ := fs.Sub(assets, "swagger-ui") // the folder is embedded above, so Sub cannot fail
	files := http.StripPrefix("/api/docs/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Cache-Control", "public, max-age=3600")
		// Swagger UI runs our two scripts and fetches the OpenAPI document, nothing else: no other origin, no
		// inline script, and no page may frame it. Its components set inline styles, hence 'unsafe-inline' for
		// styles only.
		h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "+
			"img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
		h.Set("X-Frame-Options", "DENY")
		h.Set("X-Content-Type-Options", "nosniff")
		if r.URL.Path == "/api/docs" {
			r.URL.Path = "/api/docs/"
		}
		files.ServeHTTP(w, r)
	})
}
