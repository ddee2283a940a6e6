package web

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"

	"github.com/mekhaishuby/furstore/internal/apperr"
)

// BodyError turns a failure to read a request body into the answer for the client: 408 request_timeout when
// the body stopped arriving before the server's ReadTimeout, 413 body_too_large past an http.MaxBytesReader's
// limit, else 400 unreadable_body. The read error's own text is never passed on: it names our socket
// addresses ("read tcp 10.0.0.5:8000->…: i/o timeout"), which are nothing to the client.
func BodyError(err error) error {
	if err == nil {
		return nil
	}
	if tooLarge, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return apperr.New(apperr.TooLarge, "body_too_large", fmt.Sprintf("the body is over %d bytes", tooLarge.Limit))
	}
	if timedOut(err) {
		return apperr.New(apperr.Timeout, "request_timeout", "the body did not arrive in time; send the request again")
	}
	return apperr.New(apperr.Invalid, "unreadable_body", "the body could not be read")
}

// timedOut reports whether a read failed on a deadline: the server's ReadTimeout fired while the body was
// still coming.
func timedOut(err error) bool {
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return true
	}
	netErr, ok := errors.AsType[net.Error](err)
	return ok && netErr.Timeout()
}
