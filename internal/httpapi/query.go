package httpapi

import (
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/web"
)

var errQueryText = apperr.New(apperr.Invalid, "invalid_query", "the query string must be UTF-8 text without NUL characters")

// plainQuery refuses, once for every route and before any body is read, a query string that is malformed
// (400 invalid_query), that gives one parameter twice (400 repeated_parameter: no route takes a list that
// way), or that holds invalid UTF-8 or NUL (PostgreSQL rejects both in text parameters, so a search or filter
// would otherwise end in a 500).
func plainQuery(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.RawQuery != "" {
			q, err := web.Query(r)
			if err == nil && !plain(q) {
				err = errQueryText
			}
			if err != nil {
				web.WriteError(w, r, err)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

func plain(q url.Values) bool {
	ok := func(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }
	for k, vs := range q {
		if !ok(k) {
			return false
		}
		for _, v := range vs {
			if !ok(v) {
				return false
			}
		}
	}
	return true
}
