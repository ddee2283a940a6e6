package order

import (
	"context"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/order/internal/orderdb"
	"github.com/mekhaishuby/furstore/internal/phone"
	"github.com/mekhaishuby/furstore/internal/sheet"
	"github.com/mekhaishuby/furstore/internal/text"
)

// The widest range PostgreSQL's timestamptz and Go both hold comfortably: no bound set.
var (
	minTime = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	maxTime = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
)

const maxQueryLen = 254 // the longest e-mail address

// Filter narrows the orders listed or exported; zero fields do not filter.
type Filter struct {
	Status           Status
	IsPaid           *bool
	RequiresDelivery *bool
	From             time.Time // inclusive; zero: no lower bound
	Before           time.Time // exclusive; zero: no upper bound
	Query            string    // part of the customer's e-mail or phone number
}

// ParseFilter reads ?status=&is_paid=&requires_delivery=&from=&to=&q= and reports every bad parameter at once.
// status is a label («Подтверждён») or a code (confirmed); from and to are days in Moscow time (both inclusive)
// or RFC 3339 instants.
func ParseFilter(q url.Values) (Filter, error) {
	var f Filter
	var v apperr.Validation
	if s := q.Get("status"); s != "" {
		st, ok := ParseStatus(s)
		if !ok {
			v.Add("invalid_status", "status", "use one of "+LabelList(Statuses())+" (or its code, e.g. confirmed)")
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
	if utf8.RuneCountInString(f.Query) > maxQueryLen || text.Line(f.Query) != nil {
		v.Add("invalid_q", "q", "must be text of at most 254 characters")
	}
	return f, v.Err()
}

// parseTime reads a day in Moscow (its midnight; day is true) or an RFC 3339 instant.
func parseTime(s string) (t time.Time, day bool, ok bool) {
	if t, err := time.ParseInLocation(time.DateOnly, s, sheet.Moscow); err == nil {
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

// LabelList writes statuses as «Подтверждён», «Отменён».
func LabelList(statuses []Status) string {
	return "«" + strings.Join(Labels(statuses), "», «") + "»"
}

// match turns f into the staff queries' parameters. A search text is matched, lower-cased, against the
// customers' e-mails and, when it reads as (part of) a phone number, its digits against their phones (the
// account package finds those accounts) and against the order's phone, stored as 79855508853.
func (s *Service) match(ctx context.Context, f Filter) (orderdb.ListStaffOrdersParams, error) {
	m := orderdb.ListStaffOrdersParams{IsPaid: f.IsPaid, RequiresDelivery: f.RequiresDelivery,
		CreatedFrom: minTime, CreatedBefore: maxTime}
	if f.Status != "" {
		m.Status = new(string(f.Status))
	}
	if !f.From.IsZero() {
		m.CreatedFrom = f.From
	}
	if !f.Before.IsZero() {
		m.CreatedBefore = f.Before
	}
	email, digits := f.search()
	if email == nil {
		return m, nil
	}
	var phoneDigits string
	if digits != nil {
		phoneDigits = *digits
	}
	users, err := s.accounts.Find(ctx, *email, phoneDigits)
	if err != nil {
		return m, err
	}
	m.QUsers = append([]int64{}, users...) // not nil: a search that found no account still filters
	m.QPhone = digits
	return m, nil
}

// search turns the search text into what is matched: the text lower-cased against e-mails, and, when it reads
// as (part of) a phone number, its digits against phone numbers, which are stored as 79855508853.
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
