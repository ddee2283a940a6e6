package web

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"
)

// ETagOf returns a strong entity tag for a body: a hash of its bytes, so equal bodies share a tag on every
// replica.
func ETagOf(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`
}

// WriteCachedJSON writes a JSON body with its ETag, or 304 Not Modified when the client already holds it.
// Catalog answers are "no-cache": a browser or CDN keeps them but asks again each time, which costs one 304.
func WriteCachedJSON(w http.ResponseWriter, r *http.Request, body []byte, etag string) {
	h := w.Header()
	h.Set("ETag", etag)
	h.Set("Cache-Control", "public, no-cache")
	// 304 is for safe methods; a POST that asks the same (the seed's POST /api/products) gets the body.
	if (r.Method == http.MethodGet || r.Method == http.MethodHead) && NoneMatch(r, etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	WriteJSONBytes(w, http.StatusOK, body)
}

// NoneMatch reports whether the request's If-None-Match names etag (weakly compared, as RFC 9110 says for
// If-None-Match), or is "*".
func NoneMatch(r *http.Request, etag string) bool {
	header := r.Header.Get("If-None-Match")
	if header == "" {
		return false
	}
	want := strings.TrimPrefix(etag, "W/")
	for _, tag := range strings.Split(header, ",") {
		tag = strings.TrimSpace(tag)
		if tag == "*" || strings.TrimPrefix(tag, "W/") == want {
			return true
		}
	}
	return false
}
