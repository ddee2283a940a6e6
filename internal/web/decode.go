package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/mekhaishuby/furstore/internal/apperr"
)

// MaxBodyBytes caps every JSON request body: nothing the API accepts comes near 1 MiB.
const MaxBodyBytes = 1 << 20

// DecodeJSON reads the request body as one JSON value into v. It insists on application/json, caps the body at
// MaxBodyBytes and turns every decoding failure into an Invalid error that names the field at fault. Unknown
// fields are ignored: the seed's clients send server-owned fields (id, status …) that we must tolerate.
func DecodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	return decodeJSON(w, r, v, false)
}

// DecodeJSONStrict is DecodeJSON that refuses fields v does not have (400 unknown_field, naming it): for the
// back office, where a misspelt field silently ignored would be a change silently not made.
func DecodeJSONStrict(w http.ResponseWriter, r *http.Request, v any) error {
	return decodeJSON(w, r, v, true)
}

func decodeJSON(w http.ResponseWriter, r *http.Request, v any, strict bool) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return apperr.New(apperr.Unsupported, "unsupported_media_type", "send the body as JSON with Content-Type: application/json")
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	if strict {
		dec.DisallowUnknownFields()
	}
	if err := dec.Decode(v); err != nil {
		return decodeError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return apperr.New(apperr.Invalid, "malformed_json", "the body must hold exactly one JSON value")
	}
	return nil
}

func decodeError(err error) error {
	var (
		syntax    *json.SyntaxError
		typeErr   *json.UnmarshalTypeError
		tooLarge  *http.MaxBytesError
		fieldName string
	)
	switch {
	case errors.As(err, &tooLarge):
		return apperr.New(apperr.TooLarge, "body_too_large", fmt.Sprintf("the body is over %d bytes", MaxBodyBytes))
	case errors.Is(err, io.EOF):
		return apperr.New(apperr.Invalid, "malformed_json", "the body is empty; send a JSON object")
	case errors.As(err, &syntax), errors.Is(err, io.ErrUnexpectedEOF):
		return apperr.New(apperr.Invalid, "malformed_json", "the body is not valid JSON")
	case errors.As(err, &typeErr):
		fieldName = typeErr.Field
		if fieldName == "" {
			return apperr.New(apperr.Invalid, "malformed_json", "the body must be a JSON object")
		}
		return apperr.Field("invalid_type", fieldName, "must be "+jsonKind(typeErr.Type.Kind().String()))
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name = strings.Trim(name, `"`)
		return apperr.Field("unknown_field", name, "is not a field of this request")
	}
	return apperr.New(apperr.Invalid, "malformed_json", "the body could not be read: "+trimJSONPrefix(err.Error()))
}

func jsonKind(goKind string) string {
	switch {
	case strings.HasPrefix(goKind, "int"), strings.HasPrefix(goKind, "uint"):
		return "a whole number"
	case strings.HasPrefix(goKind, "float"):
		return "a number"
	case goKind == "string":
		return "a string"
	case goKind == "bool":
		return "true or false"
	case goKind == "slice":
		return "an array"
	case goKind == "struct", goKind == "map":
		return "an object"
	}
	return "of another type"
}

func trimJSONPrefix(s string) string { return strings.TrimPrefix(s, "json: ") }
