package yookassa

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// Error is a non-2xx answer from ЮKassa, with the fields of its error JSON when the body had them:
//
//	{"type":"error","id":"…","code":"invalid_request","description":"…","parameter":"amount.value"}
//
// An answer that is not JSON (a proxy's HTML page, say) still gives an Error with the HTTP status.
type Error struct {
	Status      int    // the HTTP status
	Type        string // "error"
	ID          string // for ЮKassa's support
	Code        string // e.g. invalid_request, invalid_credentials, forbidden, not_found, too_many_requests
	Description string // English text from ЮKassa
	Parameter   string // the offending header or body path, e.g. "Idempotence-Key" or "receipt.items.vat_code"
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "HTTP %d", e.Status)
	if e.Code != "" {
		b.WriteString(" " + e.Code)
	} else if t := http.StatusText(e.Status); t != "" {
		b.WriteString(" " + t)
	}
	if e.Description != "" {
		b.WriteString(": " + e.Description)
	}
	if e.Parameter != "" {
		b.WriteString(" (parameter " + e.Parameter + ")")
	}
	if e.ID != "" {
		b.WriteString(" [error id " + e.ID + "]")
	}
	return b.String()
}

// Retryable reports whether the same request, with the same idempotence key, may be sent again: the outcome
// of a 5xx is unknown, a 429 only asks to slow down, and a 202 (older API versions) says "still processing".
// Any other 4xx needs a changed request and a new key.
func (e *Error) Retryable() bool {
	return e.Status >= 500 || e.Status == http.StatusTooManyRequests || e.Status == http.StatusAccepted
}

// parseError turns a non-2xx answer into an *Error, hiding the secret key should the body echo it.
func (c *Client) parseError(status int, body []byte) *Error {
	e := &Error{Status: status}
	var w struct {
		Type        string `json:"type"`
		ID          string `json:"id"`
		Code        string `json:"code"`
		Description string `json:"description"`
		Parameter   string `json:"parameter"`
	}
	if json.Unmarshal(body, &w) == nil {
		e.Type, e.ID, e.Code, e.Description, e.Parameter = w.Type, w.ID, w.Code, w.Description, w.Parameter
	}
	if c.redactor != nil {
		for _, f := range []*string{&e.Type, &e.ID, &e.Code, &e.Description, &e.Parameter} {
			*f = c.redactor.Replace(*f)
		}
	}
	return e
}
