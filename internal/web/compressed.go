package web

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strconv"
	"strings"
)

// gzipFrom is the size from which an answer kept in memory is kept gzipped too: below it the header costs more
// than compression saves.
const gzipFrom = 1400

// Cached is an answer kept in memory to be sent many times: its JSON body, the body gzipped once (nil when too
// small to gain), and their entity tags. A listing page is 10–20 KB of JSON and 2–3 KB gzipped: every client
// that accepts gzip (browsers, the storefront's server) gets the small one, made once per answer instead of
// once per request.
type Cached struct {
	Body, Gzip []byte
	ETag       string
}

// NewCached makes a Cached of body.
func NewCached(body []byte) Cached {
	c := Cached{Body: body, ETag: ETagOf(body)}
	if len(body) >= gzipFrom {
		var buf bytes.Buffer
		buf.Grow(len(body) / 4)
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed) // the level is valid
		_, _ = zw.Write(body)                              // a bytes.Buffer does not fail
		_ = zw.Close()
		c.Gzip = buf.Bytes()
	}
	return c
}

// Size is the memory it takes.
func (c Cached) Size() int { return len(c.Body) + len(c.Gzip) + 2*len(c.ETag) }

// WriteCached writes c as WriteCachedJSON does, gzipped to a client that accepts it. The gzipped body is another
// representation, so it has an entity tag of its own (the plain one with "-gz").
func WriteCached(w http.ResponseWriter, r *http.Request, c Cached) {
	if c.Gzip == nil {
		WriteCachedJSON(w, r, c.Body, c.ETag)
		return
	}
	h := w.Header()
	h.Add("Vary", "Accept-Encoding")
	if !AcceptsGzip(r) {
		WriteCachedJSON(w, r, c.Body, c.ETag)
		return
	}
	etag := strings.TrimSuffix(c.ETag, `"`) + `-gz"`
	h.Set("ETag", etag)
	h.Set("Cache-Control", "public, no-cache")
	if (r.Method == http.MethodGet || r.Method == http.MethodHead) && NoneMatch(r, etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Encoding", "gzip")
	h.Set("Content-Length", strconv.Itoa(len(c.Gzip)))
	WriteJSONBytes(w, http.StatusOK, c.Gzip)
}

// AcceptsGzip reports whether the request's Accept-Encoding takes gzip: named with a weight above 0, or, when
// not named, covered by "*" with a weight above 0.
func AcceptsGzip(r *http.Request) bool {
	gzip, star := -1, -1 // -1: not named; 0: refused; 1: accepted
	for _, header := range r.Header.Values("Accept-Encoding") {
		for part := range strings.SplitSeq(header, ",") {
			coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
			coding = strings.ToLower(strings.TrimSpace(coding))
			accepted := 1
			if q := strings.ReplaceAll(params, " ", ""); strings.HasPrefix(q, "q=0") && strings.Trim(strings.TrimPrefix(q[3:], "."), "0") == "" {
				accepted = 0
			}
			switch coding {
			case "gzip", "x-gzip":
				gzip = accepted
			case "*":
				star = accepted
			}
		}
	}
	return gzip == 1 || gzip == -1 && star == 1
}
