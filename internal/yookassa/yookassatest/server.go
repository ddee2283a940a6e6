// Package yookassatest runs a fake ЮKassa API v3 in an httptest.Server, for tests of code that takes payments.
// It behaves the way ../shared/docs/yookassa.md describes the real API: Basic auth, a required Idempotence-Key
// on every POST with stored replays, validation errors that name the offending parameter, payments whose
// status the test drives, refunds that cannot exceed the payment, and injectable faults (5xx, 429, hangs, and
// "processed, but the client saw a 500"). Where the real API is unclear, the fake is the stricter one.
package yookassatest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"mime"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/mekhaishuby/furstore/internal/money"
)

// Server is a fake ЮKassa. Point the client at URL with ShopID and SecretKey; everything else is kept in
// memory and is safe for concurrent use.
type Server struct {
	URL       string // the API base URL, ending in /v3
	ShopID    string // the Basic auth user it accepts
	SecretKey string // the Basic auth password it accepts

	srv       *httptest.Server
	quit      chan struct{} // closed by Close, to release hanging requests
	closeOnce sync.Once

	mu               sync.Mutex
	payments         map[string]*Payment
	paymentIDs       []string // in creation order
	refunds          map[string]*Refund
	refundIDs        []string
	answers          map[string]answer // stored results by idempotence key
	faults           []Fault           // one per coming request, in order
	requests         []Request
	receiptsRequired bool
	seq              int
}

// answer is what a POST with a given idempotence key returned, replayed when the same request comes again.
type answer struct {
	fingerprint string // method, path and canonical body of the first request
	body        []byte
}

// Request is one request the server received, faulty answers included.
type Request struct {
	Method         string
	Path           string
	IdempotenceKey string
	ContentType    string
	Body           string
}

// Start runs a fake ЮKassa until the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	s := &Server{
		ShopID:    "100500",
		SecretKey: "test_fake-secret-key-of-yookassatest",
		quit:      make(chan struct{}),
		payments:  map[string]*Payment{},
		refunds:   map[string]*Refund{},
		answers:   map[string]answer{},
	}
	mux := http.NewServeMux()
	mux.Handle("POST /v3/payments", s.post(s.createPayment))
	mux.Handle("GET /v3/payments/{id}", s.get(s.getPayment))
	mux.Handle("POST /v3/payments/{id}/capture", s.post(s.capturePayment))
	mux.Handle("POST /v3/payments/{id}/cancel", s.post(s.cancelPayment))
	mux.Handle("POST /v3/refunds", s.post(s.createRefund))
	mux.Handle("GET /v3/refunds/{id}", s.get(s.getRefund))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, &apiError{http.StatusNotFound, "not_found", "Unknown API method: " + r.Method + " " + r.URL.Path, ""})
	})
	s.srv = httptest.NewServer(s.record(s.inject(s.authenticate(mux))))
	s.URL = s.srv.URL + "/v3"
	t.Cleanup(s.Close)
	return s
}

// Close releases hanging requests and shuts the server down. Start arranges it; calling it twice is harmless.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.quit)
		s.srv.Close()
	})
}

// Fault is a failure injected into one coming request.
type Fault struct {
	Status     int    // the status to answer; 500 when zero
	RetryAfter string // a Retry-After header to send, e.g. "1"
	Body       string // a raw, non-JSON body (a proxy's HTML page) instead of ЮKassa's error JSON
	// Hang never answers: the request is held until the client gives up or the server closes.
	Hang bool
	// AfterProcessing handles the request first (its result is stored under its idempotence key), then fails:
	// "the payment was made, but the client saw a 500".
	AfterProcessing bool
}

// FailNext makes the next n requests, of any method and path, fail with f.
func (s *Server) FailNext(n int, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.faults = append(s.faults, f)
	}
}

// RequireReceipts turns the shop's fiscalization on or off: when on, a payment or refund without a receipt is
// refused with "Receipt is missing or illegal".
func (s *Server) RequireReceipts(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.receiptsRequired = on
}

// Requests returns every request received so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// record logs each request with its body.
func (s *Server) record(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		r.Body = io.NopCloser(bytes.NewReader(body))
		s.mu.Lock()
		s.requests = append(s.requests, Request{
			Method:         r.Method,
			Path:           r.URL.Path,
			IdempotenceKey: r.Header.Get("Idempotence-Key"),
			ContentType:    r.Header.Get("Content-Type"),
			Body:           string(body),
		})
		s.mu.Unlock()
		next.ServeHTTP(w, r)
	})
}

// inject applies the next queued fault, if any.
func (s *Server) inject(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		var f Fault
		ok := len(s.faults) > 0
		if ok {
			f, s.faults = s.faults[0], s.faults[1:]
		}
		s.mu.Unlock()
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		if f.AfterProcessing {
			next.ServeHTTP(httptest.NewRecorder(), r) // the work is done, the answer is lost
		}
		if f.Hang {
			select {
			case <-r.Context().Done():
			case <-s.quit:
			}
			return
		}
		status := f.Status
		if status == 0 {
			status = http.StatusInternalServerError
		}
		if f.RetryAfter != "" {
			w.Header().Set("Retry-After", f.RetryAfter)
		}
		if f.Body != "" {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(status)
			io.WriteString(w, f.Body)
			return
		}
		code := "internal_server_error"
		if status == http.StatusTooManyRequests {
			code = "too_many_requests"
		}
		writeError(w, &apiError{status, code, http.StatusText(status), ""})
	})
}

// authenticate checks Basic auth: user = shop ID, password = secret key.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, pass, ok := r.BasicAuth()
		switch {
		case !ok:
			writeError(w, &apiError{http.StatusUnauthorized, "invalid_credentials",
				"Authentication type is not allowed. Use Basic authentication with the shop ID and the secret key", ""})
		case user != s.ShopID || pass != s.SecretKey:
			writeError(w, &apiError{http.StatusUnauthorized, "invalid_credentials",
				"Incorrect login or password in the Authorization header. Use the shop ID as the login and the secret key as the password", ""})
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// handler serves one API call with the server's lock held; in is the decoded JSON body (nil for a GET).
type handler func(r *http.Request, in map[string]any) (any, *apiError)

// maxKeyLen is ЮKassa's limit on the Idempotence-Key header.
const maxKeyLen = 64

// post wraps a POST handler with ЮKassa's rules: JSON only, an Idempotence-Key on every call, the stored
// answer replayed for the same key and request, and a 400 for the same key with a different request. Only
// successful answers are stored, so a request refused as invalid can be fixed and sent with a new key.
func (s *Server) post(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
			writeError(w, &apiError{http.StatusUnsupportedMediaType, "invalid_request",
				"Unsupported Content-Type. Use application/json", "Content-Type"})
			return
		}
		key := r.Header.Get("Idempotence-Key")
		if key == "" {
			writeError(w, invalid("Idempotence-Key", "Idempotence key is missing. Send a unique Idempotence-Key header with every POST request"))
			return
		}
		if len(key) > maxKeyLen {
			writeError(w, invalid("Idempotence-Key", "Idempotence key is too long. Max length is 64 characters"))
			return
		}
		body, _ := io.ReadAll(r.Body)
		fingerprint := r.Method + " " + r.URL.Path + " " + canonical(body)

		s.mu.Lock()
		defer s.mu.Unlock()
		if a, ok := s.answers[key]; ok {
			if a.fingerprint != fingerprint {
				writeError(w, invalid("Idempotence-Key", "Idempotence key duplicated"))
				return
			}
			writeJSON(w, http.StatusOK, a.body)
			return
		}
		in, aerr := decodeObject(body)
		var out any
		if aerr == nil {
			out, aerr = h(r, in)
		}
		if aerr != nil {
			writeError(w, aerr)
			return
		}
		data, err := json.Marshal(out)
		if err != nil {
			panic(err) // the fake's own objects always marshal
		}
		s.answers[key] = answer{fingerprint: fingerprint, body: data}
		writeJSON(w, http.StatusOK, data)
	})
}

// get wraps a GET handler.
func (s *Server) get(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		out, aerr := h(r, nil)
		if aerr != nil {
			writeError(w, aerr)
			return
		}
		data, err := json.Marshal(out)
		if err != nil {
			panic(err)
		}
		writeJSON(w, http.StatusOK, data)
	})
}

// canonical re-encodes a JSON body with sorted keys, so the same data sent with other spacing or key order
// counts as the same request. A body that is not JSON stays as it is.
func canonical(body []byte) string {
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	var v any
	if d.Decode(&v) != nil {
		return string(body)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return string(body)
	}
	return string(b)
}

// apiError is an answer in ЮKassa's error format.
type apiError struct {
	status      int
	code        string
	description string
	parameter   string
}

func invalid(parameter, description string) *apiError {
	return &apiError{http.StatusBadRequest, "invalid_request", description, parameter}
}

func notFound(description string) *apiError {
	return &apiError{http.StatusNotFound, "not_found", description, ""}
}

func writeError(w http.ResponseWriter, e *apiError) {
	data, _ := json.Marshal(struct {
		Type        string `json:"type"`
		ID          string `json:"id"`
		Code        string `json:"code"`
		Description string `json:"description"`
		Parameter   string `json:"parameter,omitempty"`
	}{"error", newUUID(), e.code, e.description, e.parameter})
	writeJSON(w, e.status, data)
}

func writeJSON(w http.ResponseWriter, status int, data []byte) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	w.Write(data)
}

// newUUID returns a random version-4 UUID, like the ids of ЮKassa's errors.
func newUUID() string {
	a, b := rand.Uint64(), rand.Uint64()
	return fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x", a>>32, a>>16&0xffff, a&0xfff, b>>48&0x3fff|0x8000, b&0xffffffffffff)
}

// newID returns an id shaped like ЮKassa's object ids (22e12f66-000f-5000-8000-18db351245c7); kind tells
// payments ("000f") from refunds ("0015").
func (s *Server) newID(kind string) string {
	s.seq++
	return fmt.Sprintf("%08x-%s-5000-8000-%012x", rand.Uint32(), kind, s.seq)
}

// now is the fake's clock: UTC with milliseconds, as ЮKassa writes times.
func now() time.Time { return time.Now().UTC().Truncate(time.Millisecond) }

// amountJSON is ЮKassa's money object as the fake writes it.
type amountJSON struct {
	Value    string `json:"value"`
	Currency string `json:"currency"`
}

func rub(a money.Amount) amountJSON { return amountJSON{Value: a.String(), Currency: "RUB"} }

func rubPtr(a money.Amount) *amountJSON {
	v := rub(a)
	return &v
}

// timeJSON formats a time the way ЮKassa does ("2018-07-18T10:51:18.139Z"); zero is left out.
func timeJSON(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

// Notify sends the shop's webhook at url the notification ЮKassa would send for event ("payment.succeeded",
// "refund.succeeded" …) about object id as it is now, and returns the webhook's HTTP status.
func (s *Server) Notify(url, event, id string) (int, error) {
	object, ok := s.Object(id)
	if !ok {
		return 0, fmt.Errorf("yookassatest: no payment or refund %s", id)
	}
	body, err := json.Marshal(map[string]any{"type": "notification", "event": event, "object": object})
	if err != nil {
		return 0, err
	}
	res, err := http.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, res.Body)
	return res.StatusCode, nil
}
