package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/mekhaishuby/furstore/internal/apperr"
)

// Page is DRF's list envelope: how many match in all, links to the neighbouring pages, and this page's results.
type Page[T any] struct {
	Count    int64   `json:"count"`
	Next     *string `json:"next"`
	Previous *string `json:"previous"`
	Results  []T     `json:"results"`
}

// ParsePage reads ?page= (from 1) and ?page_size= (1…maxSize, defSize when absent).
func ParsePage(q url.Values, defSize, maxSize int) (page, size int, err error) {
	page, size = 1, defSize
	var v apperr.Validation
	if s := q.Get("page"); s != "" {
		if page, err = strconv.Atoi(s); err != nil || page < 1 || page > 100_000 {
			v.Add("invalid_page", "page", "must be a whole number from 1")
		}
	}
	if s := q.Get("page_size"); s != "" {
		if size, err = strconv.Atoi(s); err != nil || size < 1 || size > maxSize {
			v.Add("invalid_page_size", "page_size", fmt.Sprintf("must be a whole number from 1 to %d", maxSize))
		}
	}
	return page, size, v.Err()
}

// NewPage wraps one page of results, with links that keep the request's other query parameters. A page past
// the last (other than the first) is 404 page_not_found, as in DRF.
func NewPage[T any](r *http.Request, results []T, count int64, page, size int) (Page[T], error) {
	if len(results) == 0 && page > 1 {
		return Page[T]{}, apperr.New(apperr.NotFound, "page_not_found", fmt.Sprintf("page %d is past the last page", page))
	}
	if results == nil {
		results = []T{}
	}
	out := Page[T]{Count: count, Results: results}
	link := func(p int) *string {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(p))
		q.Set("page_size", strconv.Itoa(size))
		s := BaseURL(r) + r.URL.Path + "?" + q.Encode()
		return &s
	}
	if int64(page)*int64(size) < count {
		out.Next = link(page + 1)
	}
	if page > 1 {
		out.Previous = link(page - 1)
	}
	return out, nil
}
