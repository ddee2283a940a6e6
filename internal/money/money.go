// Package money holds exact amounts of roubles: int64 kopecks inside, "16400.00" strings in JSON.
package money

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Amount is a sum of money in kopecks. It is never a float, so sums and comparisons are exact.
type Amount int64

// Max is the largest amount the store accepts as input: one billion roubles. Anything above is surely a typo
// or an attack, and staying far below int64's limit keeps every sum of amounts from overflowing.
const Max Amount = 1_000_000_000_00

// ErrInvalid is returned for text that is not a non-negative amount with at most two decimals.
var ErrInvalid = errors.New("not an amount of roubles: use digits with at most two decimals, e.g. 16400 or 16400.50")

// ErrTooLarge is returned for amounts above Max.
var ErrTooLarge = errors.New("amount is too large")

// Parse reads "16400", "16400.5" or "16400.50" exactly. Signs, exponents, spaces and more than two decimals
// are refused rather than rounded: a price is never guessed.
func Parse(s string) (Amount, error) {
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" || len(frac) > 2 || (hasDot && frac == "") || !digits(whole) || !digits(frac) {
		return 0, ErrInvalid
	}
	if len(strings.TrimLeft(whole, "0")) > 10 { // over ten digits of roubles is over Max for sure
		return 0, ErrTooLarge
	}
	rub, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, ErrInvalid
	}
	for len(frac) < 2 {
		frac += "0"
	}
	kop, _ := strconv.ParseInt(frac, 10, 64) // two checked digits
	a := Amount(rub*100 + kop)
	if a > Max {
		return 0, ErrTooLarge
	}
	return a, nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Kopecks returns the amount as an integer number of kopecks.
func (a Amount) Kopecks() int64 { return int64(a) }

// FromPtr converts an optional number of kopecks (a nullable column) to an optional Amount.
func FromPtr(kopecks *int64) *Amount {
	if kopecks == nil {
		return nil
	}
	a := Amount(*kopecks)
	return &a
}

// String formats the amount with two decimals, e.g. "16400.00".
func (a Amount) String() string {
	sign := ""
	v := int64(a)
	if v < 0 {
		sign, v = "-", -v
	}
	return fmt.Sprintf("%s%d.%02d", sign, v/100, v%100)
}

// MarshalJSON writes the amount as a JSON string with two decimals (the DRF DecimalField convention).
func (a Amount) MarshalJSON() ([]byte, error) {
	return []byte(`"` + a.String() + `"`), nil
}

// UnmarshalJSON accepts a JSON string ("16400.50") or a JSON number (16400.5); the number's literal text is
// parsed, never converted through a float.
func (a *Amount) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		b = b[1 : len(b)-1]
	}
	v, err := Parse(string(b))
	if err != nil {
		return err
	}
	*a = v
	return nil
}
