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
// So is a subtree's root named without its slash (`/media`, `/admin`): ServeMux's 307 to `/media/`, in JSON.
func canonicalPath(patterns []string, next http.Handler) http.Handler {
	roots := subtreeRoots(patterns)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodConnect {
			next.ServeHTTP(w, r)
			return
		}
		clean := cleanPath(r.URL.Path)
		status := http.StatusMovedPermanently
		if clean == r.URL.Path {
			if !roots[clean] {
				next.ServeHTTP(w, r)
				return
			}
			clean, status = clean+"/", http.StatusTemporaryRedirect
		}
		to := (&url.URL{Path: clean, RawQuery: r.URL.RawQuery}).String()
		w.Header().Set("Location", to)
		web.WriteJSON(w, status, map[string]map[string]string{"error": {
			"code": "moved", "message": "this address is not in canonical form; it is " + to}})
	})
}

// subtreeRoots returns the paths ServeMux redirects to their subtree (`/media` for `GET /media/{path...}`):
// the roots of patterns that end in a slash or a {name...} wildcard, and that no pattern names exactly.
func subtreeRoots(patterns []string) map[string]bool {
	exact, roots := map[string]bool{}, map[string]bool{}
	for _, p := range patterns {
		if _, path, ok := strings.Cut(p, " "); ok {
			p = path
		}
		if i := strings.LastIndex(p, "/{"); i >= 0 && strings.HasSuffix(p, "...}") {
			p = p[:i+1]
		}
		if p != "/" && strings.HasSuffix(p, "/") && !strings.Contains(p, "{") {
			roots[strings.TrimSuffix(p, "/")] = true
		} else {
			exact[p] = true
		}
	}
	for p := range exact {
		delete(roots, p)
	}
	return roots
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
