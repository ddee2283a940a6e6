package sheet

import (
	"testing"
	"time"

	"github.com/mekhaishuby/furstore/internal/money"
)

func TestCellNeutralisesFormulas(t *testing.T) {
	for in, want := range map[string]string{
		`=HYPERLINK("http://evil.example")`: `'=HYPERLINK("http://evil.example")`,
		"+7 495 123-45-67":                  "'+7 495 123-45-67",
		"-2+3":                              "'-2+3",
		"@SUM(A1)":                          "'@SUM(A1)",
		"\t=1+1":                            "'\t=1+1",
		"\r=1+1":                            "'\r=1+1",
		"Анна Петрова":                      "Анна Петрова",
		"a=b":                               "a=b",
		"":                                  "",
	} {
		if got := cell(in); got != want {
			t.Errorf("cell(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestSpreadsheetFormats(t *testing.T) {
	if got := Decimal(money.Amount(1640000)); got != "16400,00" {
		t.Errorf("decimal = %q", got)
	}
	if got := Decimal(money.Amount(5)); got != "0,05" {
		t.Errorf("decimal = %q", got)
	}
	at := time.Date(2025, 11, 20, 21, 30, 0, 0, time.UTC)
	if got := Clock(at); got != "2025-11-21 00:30" {
		t.Errorf("clock = %q; want Moscow time", got)
	}
	if got := FileName("orders", at); got != "orders-2025-11-21.csv" {
		t.Errorf("exportName = %q", got)
	}
}
