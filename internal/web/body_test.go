package web

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/mekhaishuby/furstore/internal/apperr"
)

// timeoutError is a net.Error that timed out, as some readers report a deadline.
type timeoutError struct{}

func (timeoutError) Error() string   { return "read tcp 10.0.0.5:8000->203.0.113.7:51234: i/o timeout" }
func (timeoutError) Timeout() bool   { return true }
func (timeoutError) Temporary() bool { return true }

var _ net.Error = timeoutError{}

func TestBodyError(t *testing.T) {
	tests := []struct {
		name       string
		err        error
		wantStatus int
		wantCode   string
	}{
		{"the server's ReadTimeout", &net.OpError{Op: "read", Net: "tcp", Err: os.ErrDeadlineExceeded}, 408, "request_timeout"},
		{"a deadline, wrapped", fmt.Errorf("multipart: NextPart: %w", os.ErrDeadlineExceeded), 408, "request_timeout"},
		{"a net.Error that timed out", timeoutError{}, 408, "request_timeout"},
		{"over the limit", &http.MaxBytesError{Limit: 4096}, 413, "body_too_large"},
		{"over the limit, wrapped", fmt.Errorf("read part: %w", &http.MaxBytesError{Limit: 4096}), 413, "body_too_large"},
		{"the client went away", errors.New("read tcp 10.0.0.5:8000->203.0.113.7:51234: connection reset by peer"), 400, "unreadable_body"},
		{"a broken chunked encoding", errors.New("invalid byte in chunk length"), 400, "unreadable_body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, ok := apperr.As(BodyError(tt.err))
			if !ok {
				t.Fatalf("got %v, want an *apperr.Error", BodyError(tt.err))
			}
			if got := statusOf[e.Kind]; got != tt.wantStatus || e.Code != tt.wantCode {
				t.Errorf("got %d %s, want %d %s", got, e.Code, tt.wantStatus, tt.wantCode)
			}
			if strings.Contains(e.Message, "tcp") || strings.Contains(e.Message, "10.0.0.5") {
				t.Errorf("the message passes on the read error: %q", e.Message)
			}
		})
	}
	if got := BodyError(nil); got != nil {
		t.Errorf("BodyError(nil) = %v, want nil", got)
	}
	if e, _ := apperr.As(BodyError(&http.MaxBytesError{Limit: 4096})); !strings.Contains(e.Message, "4096") {
		t.Errorf("the message does not give the limit: %q", e.Message)
	}
}
