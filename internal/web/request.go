package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/mekhaishuby/furstore/internal/apperr"
)

// Query parses the query string strictly: net/http's r.URL.Query() silently drops pairs it cannot parse (a
// ";" for one), which would turn "sort_by=price;DROP…" into no sort at all instead of an error. A parameter
// given more than once is refused too (400 repeated_parameter, naming each): every parameter of ours takes one
// value, and url.Values.Get would quietly use the first of "sort_by=price&sort_by=-name".
func Query(r *http.Request) (url.Values, error) {
	v, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, apperr.New(apperr.Invalid, "invalid_query", "the query string is malformed: "+err.Error())
	}
	var repeated apperr.Validation
	for name, values := range v {
		if len(values) > 1 {
			repeated.Add("repeated_parameter", name, "is given more than once; give it once")
		}
	}
	if err := repeated.Err(); err != nil {
		return nil, err
	}
	return v, nil
}

// PathID reads the path value name as an id. Anything but a positive whole number names nothing, so the
// answer is notFound, as for an id that does not exist.
func PathID(r *http.Request, name string, notFound error) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id < 1 {
		return 0, notFound
	}
	return id, nil
}
