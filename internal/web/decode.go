package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/mekhaishuby/furstore/internal/apperr"
)

// MaxBodyBytes caps every JSON request body: nothing the API accepts comes near 1 MiB.
const MaxBodyBytes = 1 << 20

// DecodeJSON reads the request body as one JSON value into v. It insists on application/json in UTF-8, caps
// the body at MaxBodyBytes and turns every decoding failure into an error that names the field at fault.
// Unknown fields are ignored: the seed's clients send server-owned fields (id, status …) that we must tolerate.
//
// It refuses what encoding/json would store as something other than what was sent: invalid UTF-8 or a lone
// UTF-16 surrogate in any string (400 invalid_text; encoding/json makes both U+FFFD), a key given twice in one
// object, case aside (400 duplicate_field; encoding/json lets the last win), and a null where the target type
// cannot tell it from a zero or from absent (400 required). A null is taken only by a field whose non-pointer
// type T has a *T that is a json.Unmarshaler, such as optional[T] or money.Amount, and under keys v does not
// have.
func DecodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	return decodeJSON(w, r, v, false)
}

// DecodeJSONStrict is DecodeJSON that refuses fields v does not have (400 unknown_field, naming it): for the
// back office, where a misspelt field silently ignored would be a change silently not made.
func DecodeJSONStrict(w http.ResponseWriter, r *http.Request, v any) error {
	return decodeJSON(w, r, v, true)
}

var (
	errNotJSON = apperr.New(apperr.Unsupported, "unsupported_media_type", "send the body as JSON with Content-Type: application/json")
	errCharset = apperr.New(apperr.Unsupported, "unsupported_charset", "send the body as UTF-8: Content-Type: application/json; charset=utf-8, or no charset")
)

func decodeJSON(w http.ResponseWriter, r *http.Request, v any, strict bool) error {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return errNotJSON
	}
	// JSON is UTF-8 (RFC 8259); a body in another charset would be read as mojibake.
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return errCharset
	}
	if r.ContentLength > MaxBodyBytes {
		return BodyError(&http.MaxBytesError{Limit: MaxBodyBytes}) // refused before a byte of it is read
	}
	// The whole body is read first, so that it is checked before encoding/json sees it; it is small.
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	if err != nil {
		return BodyError(err)
	}
	if err := checkBody(body, v); err != nil {
		return err
	}
	if strict {
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields()
		err = dec.Decode(v) // nothing follows the value: checkBody made sure
	} else {
		err = json.Unmarshal(body, v)
	}
	if err != nil {
		return decodeError(err)
	}
	return nil
}

func decodeError(err error) error {
	var (
		syntax    *json.SyntaxError
		typeErr   *json.UnmarshalTypeError
		fieldName string
	)
	switch {
	case errors.As(err, &syntax), errors.Is(err, io.ErrUnexpectedEOF):
		return errNotJSONText
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
