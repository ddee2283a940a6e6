// Package apperr is the small closed set of error kinds the services return and the HTTP layer maps to statuses.
// A service says what went wrong (not found, invalid, conflict …) and never picks an HTTP status itself.
package apperr

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Kind says what sort of failure an Error is; httpapi turns each kind into one HTTP status.
type Kind int

const (
	Invalid          Kind = iota + 1 // the request is malformed or a field is wrong (400)
	Unauthorized                     // no or bad credentials (401)
	Forbidden                        // authenticated but not allowed (403)
	NotFound                         // the thing does not exist, or is not the caller's to see (404)
	Conflict                         // the request clashes with the current state (409)
	TooLarge                         // the body is over the limit (413)
	Unsupported                      // the body's media type is not accepted (415)
	TooManyRequests                  // rate limited (429)
	MethodNotAllowed                 // the route exists under other methods (405)
	Unavailable                      // a dependency is down; try again later (503)
	Timeout                          // the request's body stopped arriving (408)
)

// Error is a failure the client can act on. Code is a stable snake_case identifier for programs, Message a
// sentence for people, Fields names each bad input field.
type Error struct {
	Kind    Kind
	Code    string
	Message string
	Fields  map[string]string
	// RetryAfter, for TooManyRequests, says when to try again (sent as the Retry-After header).
	RetryAfter time.Duration
	// Details is structured data a client can act on (e.g. which order lines are short, and by how much).
	Details any
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return e.Code + ": " + e.Message
	}
	return fmt.Sprintf("%s: %s %v", e.Code, e.Message, e.Fields)
}

// New returns an Error of the given kind.
func New(kind Kind, code, message string) *Error {
	return &Error{Kind: kind, Code: code, Message: message}
}

// Field returns an Invalid error about one field.
func Field(code, field, problem string) *Error {
	return &Error{Kind: Invalid, Code: code, Message: field + ": " + problem, Fields: map[string]string{field: problem}}
}

// As returns the *Error inside err, if there is one.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Validation collects every bad field of one input, so the client hears about all of them at once.
type Validation struct {
	code   string
	fields map[string]string
}

// Add records a problem with a field under a snake_case code; the first problem per field wins.
func (v *Validation) Add(code, field, problem string) {
	if v.fields == nil {
		v.fields = make(map[string]string)
	}
	if _, ok := v.fields[field]; ok {
		return
	}
	v.fields[field] = problem
	if v.code == "" {
		v.code = code
	} else if v.code != code {
		v.code = "invalid_input"
	}
}

// Err returns nil when no field was bad, else one Invalid error naming them all. Its code is the problems'
// shared code (e.g. invalid_sort), or invalid_input when they differ.
func (v *Validation) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	msg := "some fields are invalid"
	if len(v.fields) == 1 {
		for f, p := range v.fields {
			msg = f + ": " + p
		}
	}
	return &Error{Kind: Invalid, Code: v.code, Message: msg, Fields: v.fields}
}

// RenameFields returns err with the fields it names under one request field renamed to another (from "units"
// to "return_units", say, with their "[i]" and ".x" parts kept), for an error made by a function that other
// requests reach under other names. Any other error comes back as it is.
func RenameFields(err error, from, to string) error {
	var e *Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	renamed := *e
	renamed.Fields = make(map[string]string, len(e.Fields))
	for k, v := range e.Fields {
		if rest, ok := strings.CutPrefix(k, from); ok && (rest == "" || rest[0] == '[' || rest[0] == '.') {
			k = to + rest
		}
		renamed.Fields[k] = v
	}
	return &renamed
}
