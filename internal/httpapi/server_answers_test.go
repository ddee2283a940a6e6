package httpapi_test

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/mekhaishuby/furstore/internal/apptest"
)

// What no handler of ours writes — no route, a wrong method, a path not in canonical form — is still answered
// in the API's error shape, and every HTML page and static file says nosniff (pages also: no framing).
func TestServerOwnAnswersAndSecurityHeaders(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(method, path string) (*http.Response, []byte) {
		t.Helper()
		req, err := http.NewRequest(method, s.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res, body
	}
	errorCode := func(body []byte) string {
		var e struct {
			Error struct{ Code, Message string } `json:"error"`
		}
		if json.Unmarshal(body, &e) != nil || e.Error.Message == "" {
			return "(not the API's error JSON: " + string(body) + ")"
		}
		return e.Error.Code
	}
	for _, c := range []struct {
		method, path, location, code string
		status                       int
	}{
		{"GET", "/api/no-such-route", "", "not_found", 404},
		{"DELETE", "/api/products", "", "method_not_allowed", 405},
		{"GET", "//api/products?page=2", "/api/products?page=2", "moved", 301},
		{"GET", "/api/./products", "/api/products", "moved", 301},
		{"POST", "/api/x/../order", "/api/order", "moved", 301},
		{"GET", "/api/categories//", "/api/categories/", "moved", 301},
		{"GET", "/media", "/media/", "moved", 307},
		{"GET", "/admin?x=1", "/admin/?x=1", "moved", 307},
	} {
		res, body := get(c.method, c.path)
		if res.StatusCode != c.status || errorCode(body) != c.code || res.Header.Get("Location") != c.location ||
			!strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
			t.Errorf("%s %s → %d Location %q %s %s; want %d %s Location %q", c.method, c.path, res.StatusCode,
				res.Header.Get("Location"), res.Header.Get("Content-Type"), body, c.status, c.code, c.location)
		}
	}

	for _, path := range []string{"/api/docs", "/api/docs/", "/admin/login"} {
		res, _ := get("GET", path)
		csp := res.Header.Get("Content-Security-Policy")
		if res.StatusCode != 200 || res.Header.Get("X-Content-Type-Options") != "nosniff" ||
			!strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "default-src 'none'") {
			t.Errorf("HTML page %s → %d, nosniff %q, CSP %q", path, res.StatusCode, res.Header.Get("X-Content-Type-Options"), csp)
		}
	}
	for _, path := range []string{"/api/docs/swagger-ui.css", "/api/docs/init.js", "/admin/static/panel.css", "/api/openapi.yaml", "/api/products"} {
		if res, _ := get("GET", path); res.StatusCode != 200 || res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s → %d, X-Content-Type-Options %q; want nosniff", path, res.StatusCode, res.Header.Get("X-Content-Type-Options"))
		}
	}
}

// What net/http refuses before any handler runs — a malformed header, headers over the limit — it answers
// itself, in plain text: there is no hook for those answers short of our own listener parsing HTTP. This
// test records that (so a Go upgrade that changes it is noticed) and that the server keeps serving.
func TestMalformedRequestsAreRefusedByNetHTTP(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	host := strings.TrimPrefix(s.URL, "http://")
	raw := func(request string) (int, string) {
		t.Helper()
		conn, err := net.Dial("tcp", host)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		// Written aside: the server answers and closes before reading all of an oversized request.
		go func() { _, _ = io.WriteString(conn, request) }()
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		return res.StatusCode, res.Header.Get("Content-Type")
	}
	if status, ct := raw("GET /api/products HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n"); status != 400 || !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("malformed header → %d %s; want net/http's 400 text/plain", status, ct)
	}
	if status, _ := raw("GET /api/products HTTP/1.1\r\nHost: x\r\nX-Big: " + strings.Repeat("a", 2<<20) + "\r\n\r\n"); status != 431 {
		t.Errorf("2 MiB of headers → %d; want 431", status)
	}
	if res := s.Do("GET", "/api/categories", ""); res.Status != 200 {
		t.Errorf("after malformed requests, /api/categories → %d", res.Status)
	}
}
