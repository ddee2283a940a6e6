package catalog

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/mekhaishuby/furstore/internal/apperr"
)

// maxFilters bounds the filter[…] parameters of one request (a fur shop defines a dozen attributes).
const maxFilters = 20

// filter is one filter[<slug>] of a listing, checked against the attributes of the index it runs on.
type filter struct {
	attr     int     // the attribute's place in index.attrs
	values   []int32 // choice: the selected values' places in its values
	min, max float64 // number: the range, ends included (±Inf when open)
	flag     bool    // bool: the value asked for
}

// parseFilters checks raw filter[<slug>] values against the index's attributes: an unknown or unfilterable slug
// and a value of the wrong kind are 400 invalid_filter, naming the parameter.
func (ix *index) parseFilters(raw map[string]string) ([]filter, error) {
	var v apperr.Validation
	if len(raw) > maxFilters {
		v.Add("invalid_filter", "filter", fmt.Sprintf("at most %d filters", maxFilters))
		return nil, v.Err()
	}
	slugs := make([]string, 0, len(raw))
	for slug := range raw {
		slugs = append(slugs, slug)
	}
	slices.Sort(slugs) // errors and cache keys in one order
	var out []filter
	for _, slug := range slugs {
		field := "filter[" + slug + "]"
		a, ok := ix.attrBySlug[slug]
		if !ok {
			msg := fmt.Sprintf("no filterable attribute %q; the facets name those there are", slug)
			if slug == "size" {
				msg = "sizes are chosen with size=46,48"
			}
			v.Add("invalid_filter", field, msg)
			continue
		}
		if strings.TrimSpace(raw[slug]) == "" {
			continue // a filter sent empty filters nothing, as an empty q searches nothing
		}
		def := &ix.attrs[a]
		f := filter{attr: a}
		val := strings.TrimSpace(raw[slug])
		switch def.kind {
		case KindChoice:
			// A value no product has (or no longer has: a bookmarked link after staff renamed it) matches
			// nothing, as a value that exists but is sold out would; it is no error of the request's.
			for s := range strings.SplitSeq(val, ",") {
				s = strings.TrimSpace(s)
				i := slices.IndexFunc(def.values, func(x attrValue) bool { return x.slug == s })
				if i >= 0 && !slices.Contains(f.values, int32(i)) {
					f.values = append(f.values, int32(i))
				}
			}
		case KindNumber:
			lo, hi, err := parseRange(val)
			if err != nil {
				v.Add("invalid_filter", field, err.Error())
			}
			f.min, f.max = lo, hi
		case KindBool:
			if val != "true" && val != "false" {
				v.Add("invalid_filter", field, "must be true or false")
			}
			f.flag = val == "true"
		}
		out = append(out, f)
	}
	return out, v.Err()
}

// parseRange reads a number range: "70..110", "70.." or "..110" (either end open), or one number "110".
func parseRange(s string) (lo, hi float64, err error) {
	bad := fmt.Errorf("must be a range like 70..110 (either end may be left out), or a number")
	from, to, isRange := strings.Cut(s, "..")
	if !isRange {
		to = from
	}
	if from == "" && to == "" {
		return 0, 0, bad
	}
	lo, hi = math.Inf(-1), math.Inf(1)
	for _, end := range []struct {
		text string
		to   *float64
	}{{from, &lo}, {to, &hi}} {
		if end.text == "" {
			continue
		}
		n, err := strconv.ParseFloat(strings.TrimSpace(end.text), 64)
		if err != nil || math.IsInf(n, 0) || math.IsNaN(n) {
			return 0, 0, bad
		}
		*end.to = n
	}
	if lo > hi {
		return 0, 0, fmt.Errorf("the range's start %v is greater than its end %v", lo, hi)
	}
	return lo, hi, nil
}

// keeps reports whether product p passes filter f.
func (f *filter) keeps(ix *index, p *indexed) bool {
	kind := ix.attrs[f.attr].kind
	for _, l := range p.links {
		if int(l.attr) != f.attr {
			continue
		}
		switch kind {
		case KindChoice:
			if slices.Contains(f.values, l.value) {
				return true
			}
		case KindNumber:
			if l.number >= f.min && l.number <= f.max {
				return true
			}
		case KindBool:
			if l.flag == f.flag {
				return true
			}
		}
	}
	return false
}
