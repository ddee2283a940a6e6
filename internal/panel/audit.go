package panel

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mekhaishuby/furstore/internal/audit"
	"github.com/mekhaishuby/furstore/internal/sheet"
	"github.com/mekhaishuby/furstore/internal/text"
)

// auditPageSize is how many entries Журнал shows a page.
const auditPageSize = 50

// auditForm is Журнал's filter form as typed: it is shown back as it was, bad values too.
type auditForm struct {
	Actor, ObjectType, ObjectID, Action, From, To string
}

type auditData struct {
	Form     auditForm
	Problems []string // what was wrong with the filters, in words; those filters are not applied
	Entries  []auditEntry
	Count    int64
	Page     int
	Prev     string // the previous page's address, empty on the first
	Next     string // the next page's address, empty on the last
	Actions  []option
	Types    []option
}

type auditEntry struct {
	When, Who, Action, Object string
	WhoLink, ObjectLink       string // the log filtered by the entry's staff member, by its object
	Before, After             string // pretty-printed JSON; empty when there is none
}

type option struct {
	Value, Label string
	Selected     bool
}

// auditLog serves GET /admin/audit, Журнал: the audit service's log, newest first, with its filters (staff
// member, object type, object number, action, Moscow days from and to), paged. A bad filter is named above the
// list and left out; the page never fails for what was typed.
func (p *Panel) auditLog(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	d := auditData{Form: auditForm{Actor: q.Get("actor_id"), ObjectType: q.Get("object_type"), ObjectID: q.Get("object_id"),
		Action: q.Get("action"), From: q.Get("from"), To: q.Get("to")}}
	f, problems := d.Form.filter()
	d.Problems = problems
	d.Page = 1
	if s := q.Get("page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 100_000 {
			d.Problems = append(d.Problems, "Номер страницы — целое число от 1. Показана первая страница.")
		} else {
			d.Page = n
		}
	}
	entries, count, err := p.audit.List(r.Context(), f, d.Page, auditPageSize)
	if err != nil {
		return err
	}
	if len(entries) == 0 && d.Page > 1 {
		d.Problems = append(d.Problems, "Такой страницы нет: записей меньше. Показана первая страница.")
		d.Page = 1
		if entries, count, err = p.audit.List(r.Context(), f, 1, auditPageSize); err != nil {
			return err
		}
	}
	d.Count = count
	for _, e := range entries {
		d.Entries = append(d.Entries, entryView(e))
	}
	if d.Page > 1 {
		d.Prev = pageLink(r.URL, d.Page-1)
	}
	if int64(d.Page)*auditPageSize < count {
		d.Next = pageLink(r.URL, d.Page+1)
	}
	d.Actions = options(actionLabels, d.Form.Action, "Любое")
	d.Types = options(objectTypeLabels, d.Form.ObjectType, "Любой")
	p.render(w, r, http.StatusOK, "audit", view{Title: "Журнал", Data: d})
	return nil
}

// filter turns the form into the audit service's filter, with a sentence for each value that cannot be one.
func (f auditForm) filter() (audit.Filter, []string) {
	var out audit.Filter
	var problems []string
	for _, n := range []struct {
		typed, what string
		to          *int64
	}{{f.Actor, "Номер сотрудника", &out.ActorID}, {f.ObjectID, "Номер объекта", &out.ObjectID}} {
		if n.typed == "" {
			continue
		}
		v, err := strconv.ParseInt(strings.TrimSpace(n.typed), 10, 64)
		if err != nil || v < 1 {
			problems = append(problems, n.what+" — целое положительное число, например 12.")
			continue
		}
		*n.to = v
	}
	for _, s := range []struct {
		typed, what string
		to          *string
	}{{f.Action, "Действие", &out.Action}, {f.ObjectType, "Тип объекта", &out.ObjectType}} {
		if s.typed == "" {
			continue
		}
		if utf8.RuneCountInString(s.typed) > 100 || text.Line(s.typed) != nil {
			problems = append(problems, s.what+": выберите значение из списка.")
			continue
		}
		*s.to = s.typed
	}
	from, okFrom := day(f.From)
	if !okFrom {
		problems = append(problems, "Дата «с» — день в виде 2026-12-06.")
	}
	to, okTo := day(f.To)
	if !okTo {
		problems = append(problems, "Дата «по» — день в виде 2026-12-06.")
	}
	switch {
	case okFrom && okTo && !from.IsZero() && !to.IsZero() && to.Before(from):
		problems = append(problems, "Дата «по» раньше даты «с»: даты не учтены.")
	default:
		if okFrom {
			out.From = from
		}
		if okTo && !to.IsZero() {
			out.Before = to.AddDate(0, 0, 1) // the whole day
		}
	}
	return out, problems
}

// day reads a Moscow day as a date field sends it (2026-12-06): its midnight, or zero when s is empty.
func day(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, true
	}
	t, err := time.ParseInLocation(time.DateOnly, s, sheet.Moscow)
	if err != nil || t.Year() < 2000 || t.Year() > 9000 {
		return time.Time{}, false
	}
	return t, true
}

func entryView(e audit.Logged) auditEntry {
	v := auditEntry{When: e.At.In(sheet.Moscow).Format("02.01.2006 15:04:05"), Who: e.ActorEmail,
		Action: label(actionLabels, e.Action), Object: label(objectTypeLabels, e.ObjectType),
		Before: prettyJSON(e.Before), After: prettyJSON(e.After)}
	if e.ActorID != nil {
		v.WhoLink = "/admin/audit?actor_id=" + strconv.FormatInt(*e.ActorID, 10)
	}
	if e.ObjectID != nil {
		id := strconv.FormatInt(*e.ObjectID, 10)
		v.Object += " № " + id
		v.ObjectLink = "/admin/audit?" + url.Values{"object_type": {e.ObjectType}, "object_id": {id}}.Encode()
	}
	return v
}

// prettyJSON indents a stored before or after for reading; empty for none.
func prettyJSON(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var b bytes.Buffer
	if err := json.Indent(&b, raw, "", "  "); err != nil {
		return string(raw)
	}
	return b.String()
}

// pageLink is u with page set to n, its other filters kept.
func pageLink(u *url.URL, n int) string {
	q := u.Query()
	q.Set("page", strconv.Itoa(n))
	return u.Path + "?" + q.Encode()
}
