package httpapi

import (
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/mekhaishuby/furstore/internal/web"
)

// canonicalPath answers a path that is not in canonical form (`//api/products`, `/api/./products`,
// `/api/x/../products`) with the redirect ServeMux would send, 301 to the cleaned path, but with a body in the
// API's error shape rather than ServeMux's HTML. A clean path (every real request) costs one path.Clean that
// allocates nothing.
func canonicalPath(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodConnect {
			next.ServeHTTP(w, r)
			return
		}
		clean := cleanPath(r.URL.Path)
		if clean == r.URL.Path {
			next.ServeHTTP(w, r)
			return
		}
		to := (&url.URL{Path: clean, RawQuery: r.URL.RawQuery}).String()
		w.Header().Set("Location", to)
		web.WriteJSON(w, http.StatusMovedPermanently, map[string]map[string]string{"error": {
			"code": "moved_permanently", "message": "this address is not in canonical form; it is " + to}})
	})
}

// cleanPath is ServeMux's canonical form of a path: path.Clean, keeping a trailing slash.
func cleanPath(p string) string {
	if p == "" {
		return "/"
	}
	if p[0] != '/' {
		p = "/" + p
	}
	np := path.Clean(p)
	if p[len(p)-1] == '/' && np != "/" {
		if len(p) == len(np)+1 && strings.HasPrefix(p, np) {
			return p
		}
		np += "/"
	}
	return np
}
