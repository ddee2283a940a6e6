package money

import (
	"encoding/json"
	"errors"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want Amount
		err  error
	}{
		{"16400", 1640000, nil},
		{"16400.5", 1640050, nil},
		{"16400.50", 1640050, nil},
		{"0", 0, nil},
		{"0.01", 1, nil},
		{"007", 700, nil},
		{"1000000000", Max, nil},
		{"1000000000.01", 0, ErrTooLarge},
		{"99999999999999999999", 0, ErrTooLarge},
		{"", 0, ErrInvalid},
		{"-5", 0, ErrInvalid},
		{"+5", 0, ErrInvalid},
		{"1e3", 0, ErrInvalid},
		{"16400.", 0, ErrInvalid},
		{".5", 0, ErrInvalid},
		{"16400.505", 0, ErrInvalid},
		{"16 400", 0, ErrInvalid},
		{"abc", 0, ErrInvalid},
		{"NaN", 0, ErrInvalid},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if !errors.Is(err, tt.err) || got != tt.want {
			t.Errorf("Parse(%q) = %d, %v; want %d, %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestString(t *testing.T) {
	for a, want := range map[Amount]string{0: "0.00", 1: "0.01", 1640000: "16400.00", 1640050: "16400.50", -250: "-2.50"} {
		if got := a.String(); got != want {
			t.Errorf("Amount(%d).String() = %q, want %q", int64(a), got, want)
		}
	}
}

func TestJSON(t *testing.T) {
	var v struct{ A, B Amount }
	if err := json.Unmarshal([]byte(`{"A":"16400.50","B":25700}`), &v); err != nil {
		t.Fatal(err)
	}
	if v.A != 1640050 || v.B != 2570000 {
		t.Fatalf("got %d, %d", v.A, v.B)
	}
	out, _ := json.Marshal(v)
	if got, want := string(out), `{"A":"16400.50","B":"25700.00"}`; got != want {
		t.Fatalf("Marshal = %s, want %s", got, want)
	}
	if err := json.Unmarshal([]byte(`{"A":1.5e3}`), &v); err == nil {
		t.Fatal("an exponent was accepted as money")
	}
}
