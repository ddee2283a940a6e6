package yookassa

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/mekhaishuby/furstore/internal/money"
)

// CurrencyRUB is the shop's currency.
const CurrencyRUB = "RUB"

// Amount is ЮKassa's money object, {"value":"16400.00","currency":"RUB"}. The value travels as a string with
// exactly two decimals and is held as kopecks, so it never passes through a float.
type Amount struct {
	Value    money.Amount
	Currency string
}

// RUB returns an amount in roubles.
func RUB(v money.Amount) Amount { return Amount{Value: v, Currency: CurrencyRUB} }

type amountJSON struct {
	Value    json.RawMessage `json:"value"`
	Currency string          `json:"currency"`
}

// MarshalJSON writes {"value":"16400.00","currency":"RUB"}. A negative value or a missing currency is refused
// here rather than sent.
func (a Amount) MarshalJSON() ([]byte, error) {
	if a.Value < 0 {
		return nil, fmt.Errorf("yookassa: negative amount %s", a.Value)
	}
	if a.Currency == "" {
		return nil, errors.New("yookassa: amount without a currency")
	}
	return json.Marshal(amountJSON{Value: json.RawMessage(strconv.Quote(a.Value.String())), Currency: a.Currency})
}

// UnmarshalJSON reads the value exactly: it must be a JSON string of digits with at most two decimals
// ("16400.00"); a JSON number, a sign or a third decimal is an error, never rounded.
func (a *Amount) UnmarshalJSON(b []byte) error {
	var w amountJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return fmt.Errorf("yookassa: amount: %w", err)
	}
	raw := bytes.TrimSpace(w.Value)
	var s string
	if len(raw) == 0 || raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
		return fmt.Errorf("yookassa: amount value %s is not a string", raw)
	}
	v, err := money.Parse(s)
	if err != nil {
		return fmt.Errorf("yookassa: amount value %q: %w", s, err)
	}
	*a = Amount{Value: v, Currency: w.Currency}
	return nil
}

// String formats the amount as "16400.00 RUB".
func (a Amount) String() string { return a.Value.String() + " " + a.Currency }
