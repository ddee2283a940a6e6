package httpapi

import (
	"net/http"
	"slices"
	"strings"
)

// Headers a browser may send and read across origins: what the API's clients use (tokens, the guest cart,
// idempotency keys, conditional requests).
const (
	corsAllowHeaders  = "Authorization, Content-Type, If-None-Match, Idempotency-Key, X-Cart-Token, X-Request-ID"
	corsExposeHeaders = "ETag, X-Cart-Token, X-Request-ID, Retry-After, Location"
	corsAllowMethods  = "GET, POST, PUT, PATCH, DELETE, OPTIONS"
)

// cors lets the listed origins call the API from a browser, preflight included. An origin not listed gets no
// CORS headers, so the browser keeps its response from the page. "*" allows any origin, without credentials.
func cors(allowed []string, next http.Handler) http.Handler {
	anyOrigin := slices.Contains(allowed, "*")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/admin/") {
			next.ServeHTTP(w, r) // the staff panel: its pages are for its own origin only, never read cross-origin
			return
		}
		h := w.Header()
		if len(allowed) > 0 {
			h.Add("Vary", "Origin") // the answer differs by origin: caches must keep them apart
		}
		origin := r.Header.Get("Origin")
		if origin == "" {
			next.ServeHTTP(w, r)
			return
		}
		ok := slices.Contains(allowed, origin)
		if !ok && !anyOrigin {
			next.ServeHTTP(w, r)
			return
		}
		if ok {
			h.Set("Access-Control-Allow-Origin", origin)
			h.Set("Access-Control-Allow-Credentials", "true") // the guest cart's cookie
		} else {
			h.Set("Access-Control-Allow-Origin", "*")
		}
		if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
			h.Add("Vary", "Access-Control-Request-Method, Access-Control-Request-Headers")
			h.Set("Access-Control-Allow-Methods", corsAllowMethods)
			h.Set("Access-Control-Allow-Headers", corsAllowHeaders)
			h.Set("Access-Control-Max-Age", "600")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		h.Set("Access-Control-Expose-Headers", corsExposeHeaders)
		next.ServeHTTP(w, r)
	})
}
