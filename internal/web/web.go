// Package web holds what every HTTP handler of the API shares: handlers that return errors, one JSON decoder,
// one JSON encoder, and the single table that turns error kinds into HTTP statuses.
package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/store"
)

// HandlerFunc is an HTTP handler that returns its failure instead of writing it; ServeHTTP writes it.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

func (f HandlerFunc) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := f(w, r); err != nil {
		WriteError(w, r, err)
	}
}

// statusOf is the one table from error kinds to HTTP statuses.
var statusOf = map[apperr.Kind]int{
	apperr.Invalid:          http.StatusBadRequest,
	apperr.Unauthorized:     http.StatusUnauthorized,
	apperr.Forbidden:        http.StatusForbidden,
	apperr.NotFound:         http.StatusNotFound,
	apperr.Conflict:         http.StatusConflict,
	apperr.TooLarge:         http.StatusRequestEntityTooLarge,
	apperr.Unsupported:      http.StatusUnsupportedMediaType,
	apperr.TooManyRequests:  http.StatusTooManyRequests,
	apperr.MethodNotAllowed: http.StatusMethodNotAllowed,
	apperr.Unavailable:      http.StatusServiceUnavailable,
	apperr.Timeout:          http.StatusRequestTimeout,
}

type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
	Details any               `json:"details,omitempty"`
}

// ErrDatabaseUnavailable is what a request that needs PostgreSQL gets while PostgreSQL cannot be reached: 503
// with Retry-After, so that clients and proxies try again shortly instead of reporting a server fault.
var ErrDatabaseUnavailable = &apperr.Error{Kind: apperr.Unavailable, Code: "database_unavailable",
	Message: "the database is unavailable; try again in a few seconds", RetryAfter: DatabaseRetryAfter}

// DatabaseRetryAfter is the Retry-After of a database_unavailable answer: long enough not to hammer a
// restarting PostgreSQL, short enough that clients come back soon after it is up (a restart takes seconds).
const DatabaseRetryAfter = 5 * time.Second

// WriteError answers with the contract's error JSON. Errors the client can act on keep their code and message;
// PostgreSQL being unreachable (store.Unreachable) is 503 database_unavailable; anything else is a 500 with a
// generic message, and the full error goes to the request's log line only.
func WriteError(w http.ResponseWriter, r *http.Request, err error) {
	status, detail := http.StatusInternalServerError, errorDetail{Code: "internal", Message: "internal server error"}
	if _, ok := apperr.As(err); !ok && store.Unreachable(err) {
		err = fmt.Errorf("%w (%w)", ErrDatabaseUnavailable, err) // the cause stays in the log line
	}
	if e, ok := apperr.As(err); ok {
		if s, known := statusOf[e.Kind]; known {
			status, detail = s, errorDetail{Code: e.Code, Message: e.Message, Fields: e.Fields, Details: e.Details}
		}
		if e.RetryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(e.RetryAfter.Seconds()))))
		}
	}
	if r.Context().Err() != nil && status == http.StatusInternalServerError {
		// The client went away and took the request's context with it; there is nobody to answer.
		status = 499
	}
	noteError(r, err)
	WriteJSON(w, status, errorBody{Error: detail})
}

// WriteJSON writes v as JSON with the given status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	b, err := Marshal(v)
	if err != nil {
		// Only a programming error gets here (an unmarshalable type); say so plainly.
		slog.Error("encode JSON response", "err", err)
		http.Error(w, `{"error":{"code":"internal","message":"internal server error"}}`, http.StatusInternalServerError)
		return
	}
	WriteJSONBytes(w, status, b)
}

// WriteJSONBytes writes an already encoded JSON body.
func WriteJSONBytes(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// Marshal encodes v as compact JSON without HTML escaping: our JSON goes to API clients, not into HTML, and
// "&" in a next-page link should read as "&", not "\u0026".
func Marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
