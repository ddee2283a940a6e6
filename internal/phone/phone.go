// Package phone reads Russian phone numbers as people write them and keeps one form: "79855508853".
package phone

import (
	"errors"
	"strings"
)

// ErrInvalid is returned for anything that is not a Russian number of eleven digits.
var ErrInvalid = errors.New("not a Russian phone number: expected 11 digits starting with 7 or 8, e.g. +7 985 550-88-53")

// Normalize returns the number as eleven digits starting with 7. "79855508853", "+7 985 550-88-53",
// "8 (985) 550-88-53" and "9855508853" are the same number. Spaces, dashes, dots and brackets are ignored;
// any other character is an error.
func Normalize(s string) (string, error) {
	if len(s) > 40 {
		return "", ErrInvalid
	}
	n, ok := Digits(s)
	if !ok {
		return "", ErrInvalid
	}
	switch {
	case len(n) == 10 && n[0] == '9': // written without the country code
		n = "7" + n
	case len(n) == 11 && n[0] == '8': // the domestic trunk prefix
		n = "7" + n[1:]
	}
	if len(n) != 11 || n[0] != '7' {
		return "", ErrInvalid
	}
	return n, nil
}

// Digits returns the digits of s, a phone number or a part of one as people write it: spaces, dashes, dots and
// brackets are ignored, and so is a leading '+'. ok is false when s holds any other character.
func Digits(s string) (digits string, ok bool) {
	var d strings.Builder
	for i, c := range s {
		switch {
		case c >= '0' && c <= '9':
			d.WriteRune(c)
		case c == '+' && i == 0:
		case c == ' ' || c == '-' || c == '(' || c == ')' || c == '.' || c == '\u00a0':
		default:
			return "", false
		}
	}
	return d.String(), true
}
