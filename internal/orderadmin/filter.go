package orderadmin

import (
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/order"
	"github.com/mekhaishuby/furstore/internal/phone"
)

// moscow is the shop's time: UTC+3 all year (Russia has kept no daylight saving time since 2014), fixed here
// so that no server's time zone database can shift an accountant's day.
var moscow = time.FixedZone("MSK", 3*60*60)

// The widest range PostgreSQL's timestamptz and Go both hold comfortably: no bound set.
var (
	minTime = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	maxTime = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
)

const maxQueryLen = 254 // the longest e-mail address

// Filter narrows the orders listed or exported; zero fields do not filter.
type Filter struct {
	Status           order.Status
	IsPaid           *bool
	RequiresDelivery *bool
	From             time.Time // inclusive; zero: no lower bound
	Before           time.Time // exclusive; zero: no upper bound
	Query            string    // part of the customer's e-mail or phone number
}

// parseFilter reads ?status=&is_paid=&requires_delivery=&from=&to=&q= and reports every bad parameter at once.
// status is a label («Подтверждён») or a code (confirmed); from and to are days in Moscow time (both inclusive)
// or RFC 3339 instants.
func parseFilter(q url.Values) (Filter, error) {
	var f Filter
	var v apperr.Validation
	if s := q.Get("status"); s != "" {
		st, ok := order.ParseStatus(s)
		if !ok {
			v.Add("invalid_status", "status", "use one of "+labelList(order.Statuses())+" (or its code, e.g. confirmed)")
		}
		f.Status = st
	}
	for name, to := range map[string]**bool{"is_paid": &f.IsPaid, "requires_delivery": &f.RequiresDelivery} {
		switch q.Get(name) {
		case "":
		case "true":
			*to = new(true)
		case "false":
			*to = new(false)
		default:
			v.Add("invalid_"+name, name, "must be true or false")
		}
	}
	if s := q.Get("from"); s != "" {
		t, _, ok := parseTime(s)
		if !ok {
			v.Add("invalid_from", "from", "must be a day (2025-11-20) or an RFC 3339 time (2025-11-20T09:00:00+03:00)")
		}
		f.From = t
	}
	if s := q.Get("to"); s != "" {
		t, day, ok := parseTime(s)
		switch {
		case !ok:
			v.Add("invalid_to", "to", "must be a day (2025-11-20) or an RFC 3339 time (2025-11-20T18:00:00+03:00)")
		case day:
			f.Before = t.AddDate(0, 0, 1) // the whole day
		default:
			f.Before = t.Truncate(time.Microsecond).Add(time.Microsecond) // PostgreSQL keeps microseconds
		}
		if ok && !f.From.IsZero() && f.Before.Compare(f.From) <= 0 {
			v.Add("invalid_range", "to", "must not be before from")
		}
	}
	f.Query = strings.TrimSpace(q.Get("q"))
	if utf8.RuneCountInString(f.Query) > maxQueryLen || !utf8.ValidString(f.Query) {
		v.Add("invalid_q", "q", "must be text of at most 254 characters")
	}
	return f, v.Err()
}

// parseTime reads a day in Moscow (its midnight; day is true) or an RFC 3339 instant.
func parseTime(s string) (t time.Time, day bool, ok bool) {
	if t, err := time.ParseInLocation(time.DateOnly, s, moscow); err == nil {
		return t, true, inRange(t)
	}
	// An offset's '+' sent unencoded in a query string arrives as a space: 2025-11-20T10:00:00 03:00.
	for _, v := range []string{s, strings.Replace(s, " ", "+", 1)} {
		if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
			return t, false, inRange(t)
		}
	}
	return time.Time{}, false, false
}

func inRange(t time.Time) bool { return t.After(minTime) && t.Before(maxTime) }

// labelList writes statuses as «Подтверждён», «Отменён».
func labelList(statuses []order.Status) string {
	return "«" + strings.Join(order.Labels(statuses), "», «") + "»"
}

// search turns the search text into what the queries match: the text lower-cased against e-mails, and, when it
// reads as (part of) a phone number, its digits against phone numbers, which are stored as 79855508853.
func (f Filter) search() (email, digits *string) {
	if f.Query == "" {
		return nil, nil
	}
	lower := strings.ToLower(f.Query)
	email = &lower
	if n, err := phone.Normalize(f.Query); err == nil {
		return email, &n // "+7 (985) 550-88-53", "8 985 550 88 53" …: the whole number
	}
	if d, ok := phone.Digits(f.Query); ok && d != "" {
		return email, &d
	}
	return email, nil // not a phone number: e-mail only
}

func (f Filter) from() time.Time {
	if f.From.IsZero() {
		return minTime
	}
	return f.From
}

func (f Filter) before() time.Time {
	if f.Before.IsZero() {
		return maxTime
	}
	return f.Before
}

func (f Filter) status() *string {
	if f.Status == "" {
		return nil
	}
	s := string(f.Status)
	return &s
}
