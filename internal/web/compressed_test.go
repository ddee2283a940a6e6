package web

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A client that accepts gzip gets the answer gzipped, with an entity tag of its own that If-None-Match
// matches; any other gets it plain; either way the body is the same JSON.
func TestWriteCachedGzipsForClientsThatAcceptIt(t *testing.T) {
	body := []byte(`{"results":[` + strings.Repeat(`{"name":"Норковая шуба"},`, 200) + `{}]}`)
	c := NewCached(body)
	if c.Gzip == nil || len(c.Gzip) >= len(body)/4 {
		t.Fatalf("gzipped %d bytes of %d", len(c.Gzip), len(body))
	}
	get := func(header ...string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", "/api/products", nil)
		for i := 0; i+1 < len(header); i += 2 {
			r.Header.Set(header[i], header[i+1])
		}
		w := httptest.NewRecorder()
		WriteCached(w, r, c)
		return w
	}
	plain := get()
	if plain.Header().Get("Content-Encoding") != "" || !bytes.Equal(plain.Body.Bytes(), body) || plain.Header().Get("Vary") != "Accept-Encoding" {
		t.Fatalf("plain: %v", plain.Header())
	}
	if w := get("Accept-Encoding", "*"); w.Header().Get("Content-Encoding") != "gzip" {
		t.Error(`Accept-Encoding "*" did not get gzip`)
	}
	zipped := get("Accept-Encoding", "br, gzip;q=0.8")
	if zipped.Header().Get("Content-Encoding") != "gzip" || zipped.Header().Get("ETag") == plain.Header().Get("ETag") {
		t.Fatalf("gzipped: %v", zipped.Header())
	}
	zr, err := gzip.NewReader(zipped.Body)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := io.ReadAll(zr); !bytes.Equal(got, body) {
		t.Fatal("the gzipped body is not the JSON")
	}
	if w := get("Accept-Encoding", "gzip", "If-None-Match", zipped.Header().Get("ETag")); w.Code != http.StatusNotModified {
		t.Errorf("If-None-Match of the gzipped tag → %d", w.Code)
	}
	for _, refuse := range []string{"gzip;q=0", "identity", "deflate, gzip; q=0.000", "*, gzip;q=0", "*;q=0"} {
		if w := get("Accept-Encoding", refuse); w.Header().Get("Content-Encoding") != "" {
			t.Errorf("Accept-Encoding %q got gzip", refuse)
		}
	}
	if small := NewCached([]byte(`{"count":0}`)); small.Gzip != nil {
		t.Error("a small answer gzipped")
	}
}
