package catalog

import (
	"bytes"
	"encoding/json"
	"errors"

	"github.com/mekhaishuby/furstore/internal/money"
)

// optional is one field of a JSON request body that tells "absent" from "null" from a value, which a partial
// update needs: an absent field is left as it is, {"old_price": null} clears the old price.
type optional[T any] struct {
	Set  bool // the field was in the body
	Null bool // …as null
	V    T
}

// UnmarshalJSON is called only for fields present in the body, null included.
func (f *optional[T]) UnmarshalJSON(b []byte) error {
	f.Set = true
	if string(b) == "null" {
		f.Null = true
		return nil
	}
	// Strict like the body around it: an unknown field inside an attribute is refused too. A type error from
	// here is given the field's name by the outer decoder ("attributes.name: must be a string").
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(&f.V)
}

// orAbsent treats a null field as absent.
func orAbsent[T any](f optional[T]) optional[T] {
	if f.Null {
		return optional[T]{}
	}
	return f
}

// parseAmount reads an amount of roubles from a JSON string ("16400.00") or number (16400.5), never through a
// float (money.Amount.UnmarshalJSON). The problem, when there is one, is said for people: a negative price is
// named as such.
func parseAmount(raw json.RawMessage) (money.Amount, string) {
	var a money.Amount
	switch err := a.UnmarshalJSON(raw); {
	case err == nil:
		return a, ""
	case errors.Is(err, money.ErrTooLarge):
		return 0, "must be at most " + money.Max.String()
	case bytes.HasPrefix(bytes.TrimPrefix(bytes.TrimSpace(raw), []byte(`"`)), []byte("-")):
		return 0, "must not be negative"
	}
	return 0, `must be an amount of roubles with at most two decimals, e.g. "16400.00"`
}
