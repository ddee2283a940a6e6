package media

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestHandler serves a stored picture from either store as a browser asks for it: whole, again with its ETag,
// and in part; a missing or escaping path is the API's JSON 404.
func TestHandler(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		data := jpegOf(t, 300, 200)
		pic, err := s.SavePicture(t.Context(), data)
		if err != nil {
			t.Fatal(err)
		}
		mux := http.NewServeMux()
		mux.Handle("GET /media/{path...}", s.Handler())
		srv := httptest.NewServer(mux)
		defer srv.Close()

		res := fetch(t, srv.URL+"/media/"+pic.Original, nil)
		if res.status != 200 || string(res.body) != string(data) {
			t.Fatalf("GET the original: %d, %d bytes; want 200 and the %d bytes stored", res.status, len(res.body), len(data))
		}
		for h, want := range map[string]string{
			"Content-Type":           "image/jpeg",
			"Cache-Control":          "public, max-age=31536000, immutable",
			"X-Content-Type-Options": "nosniff",
			"ETag":                   `"` + hashName(data) + `"`,
		} {
			if got := res.header.Get(h); got != want {
				t.Errorf("%s: %q, want %q", h, got, want)
			}
		}
		if res.header.Get("Last-Modified") == "" {
			t.Error("no Last-Modified")
		}
		if again := fetch(t, srv.URL+"/media/"+pic.Original, map[string]string{"If-None-Match": res.header.Get("ETag")}); again.status != 304 {
			t.Errorf("GET with its ETag: %d, want 304", again.status)
		}
		part := fetch(t, srv.URL+"/media/"+pic.Original, map[string]string{"Range": "bytes=10-19"})
		if part.status != 206 || string(part.body) != string(data[10:20]) {
			t.Errorf("GET bytes 10-19: %d %q, want 206 %q", part.status, part.body, data[10:20])
		}

		for _, p := range []string{"products/00/missing.jpg", "..%2f..%2fetc%2fpasswd", "products%2f..%2f..%2f..%2fetc%2fpasswd", "products/"} {
			res := fetch(t, srv.URL+"/media/"+p, nil)
			var body struct {
				Error struct{ Code string } `json:"error"`
			}
			if err := json.Unmarshal(res.body, &body); res.status != 404 || err != nil || body.Error.Code != "not_found" {
				t.Errorf("GET /media/%s: %d %.80q, want 404 not_found", p, res.status, res.body)
			}
		}

		if err := s.Remove(t.Context(), pic.Original); err != nil {
			t.Fatal(err)
		}
		if res := fetch(t, srv.URL+"/media/"+pic.Original, nil); res.status != 404 {
			t.Errorf("GET a removed picture: %d, want 404", res.status)
		}
	})
}

// TestHandlerBucketDown answers 503 with Retry-After while the bucket does not answer, not 404 or 500.
func TestHandlerBucketDown(t *testing.T) {
	b, s3 := newBucket(t, "")
	s := New(b)
	pic, err := s.SavePicture(t.Context(), jpegOf(t, 30, 20))
	if err != nil {
		t.Fatal(err)
	}
	s3.srv.Close()
	req := httptest.NewRequest("GET", "/media/"+pic.Original, nil)
	req.SetPathValue("path", pic.Original)
	w := httptest.NewRecorder()
	s.Handler().ServeHTTP(w, req)
	if w.Code != 503 || w.Header().Get("Retry-After") == "" {
		t.Errorf("GET with the bucket down: %d %s (Retry-After %q), want 503 with Retry-After", w.Code, w.Body, w.Header().Get("Retry-After"))
	}
	if _, err := s.SavePicture(t.Context(), jpegOf(t, 31, 20)); !errors.Is(err, ErrUnavailable) {
		t.Errorf("SavePicture with the bucket down: %v, want an error wrapping ErrUnavailable", err)
	}
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func fetch(t *testing.T, url string, header map[string]string) response {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{res.StatusCode, res.Header, body}
}

// TestHandlerBucketSilent: a bucket that takes connections and never answers costs a picture request seconds,
// then 503 — not the minutes of the S3 client's own limits, with the shop's connections held meanwhile.
func TestHandlerBucketSilent(t *testing.T) {
	t.Parallel()
	s3 := startS3(t)
	var silent atomic.Bool
	quit := make(chan struct{})
	defer close(quit)
	real := s3.srv.Config.Handler
	s3.srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if silent.Load() {
			select {
			case <-r.Context().Done():
			case <-quit:
			}
			return
		}
		real.ServeHTTP(w, r)
	})
	b, err := NewBucket(t.Context(), BucketConfig{Endpoint: strings.TrimPrefix(s3.URL, "http://"), Region: "us-east-1",
		AccessKeyID: "furstore", SecretAccessKey: "test-secret", Bucket: "shop"})
	if err != nil {
		t.Fatal(err)
	}
	s := New(b)
	pic, err := s.SavePicture(t.Context(), jpegOf(t, 30, 20))
	if err != nil {
		t.Fatal(err)
	}
	silent.Store(true)
	req := httptest.NewRequest("GET", "/media/"+pic.Original, nil)
	req.SetPathValue("path", pic.Original)
	w := httptest.NewRecorder()
	start := time.Now()
	s.Handler().ServeHTTP(w, req)
	took := time.Since(start)
	if w.Code != 503 {
		t.Errorf("GET with the bucket silent: %d %s, want 503", w.Code, w.Body)
	}
	if took > 20*time.Second {
		t.Errorf("GET with the bucket silent took %v; want the bucket's tries bounded (3 × 3 s)", took)
	}
	t.Logf("a silent bucket answered 503 after %v", took.Round(time.Millisecond))
}
