package order

import (
	"net/url"
	"testing"
	"time"
)

func TestParseFilterTimesAreMoscowDays(t *testing.T) {
	for _, tt := range []struct {
		query        string
		from, before string // RFC 3339 in UTC; empty: unbounded
	}{
		{"from=2025-11-20", "2025-11-19T21:00:00Z", ""},
		{"to=2025-11-20", "", "2025-11-20T21:00:00Z"},
		{"from=2025-11-20&to=2025-11-20", "2025-11-19T21:00:00Z", "2025-11-20T21:00:00Z"},
		{"from=2025-11-20T10:00:00%2B03:00", "2025-11-20T07:00:00Z", ""},
		{"from=2025-11-20T10:00:00+03:00", "2025-11-20T07:00:00Z", ""}, // the '+' unencoded
		{"to=2025-11-20T10:00:00Z", "", "2025-11-20T10:00:00.000001Z"},
		{"to=2025-11-20T10:00:00.0000009Z", "", "2025-11-20T10:00:00.000001Z"},
	} {
		q, _ := url.ParseQuery(tt.query)
		f, err := ParseFilter(q)
		if err != nil {
			t.Errorf("%s: %v", tt.query, err)
			continue
		}
		if got := rfc(f.From); got != tt.from {
			t.Errorf("%s: from %s; want %s", tt.query, got, tt.from)
		}
		if got := rfc(f.Before); got != tt.before {
			t.Errorf("%s: before %s; want %s", tt.query, got, tt.before)
		}
	}
}

func rfc(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func TestParseFilterStatusAndFlags(t *testing.T) {
	q, _ := url.ParseQuery("status=" + url.QueryEscape("Готов к выдаче") + "&is_paid=false&requires_delivery=true")
	f, err := ParseFilter(q)
	if err != nil || f.Status != ReadyForPickup || f.IsPaid == nil || *f.IsPaid || f.RequiresDelivery == nil || !*f.RequiresDelivery {
		t.Errorf("%+v, %v", f, err)
	}
	if f, _ := ParseFilter(url.Values{"status": {"shipped"}}); f.Status != Shipped {
		t.Errorf("status by code: %q", f.Status)
	}
}

func TestSearch(t *testing.T) {
	for _, tt := range []struct{ q, email, digits string }{
		{"Anna@Mail.RU", "anna@mail.ru", ""},
		{"+7 (985) 550-88-53", "+7 (985) 550-88-53", "79855508853"},
		{"8 985 550 88 53", "8 985 550 88 53", "79855508853"},
		{"550-88", "550-88", "55088"},
		{"anna1985", "anna1985", ""},
		{"()", "()", ""},
	} {
		email, digits := Filter{Query: tt.q}.search()
		if email == nil || *email != tt.email || deref(digits) != tt.digits {
			t.Errorf("%q: email %v, digits %q; want %q, %q", tt.q, email, deref(digits), tt.email, tt.digits)
		}
	}
	if email, digits := (Filter{}).search(); email != nil || digits != nil {
		t.Errorf("no search text still searches")
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
