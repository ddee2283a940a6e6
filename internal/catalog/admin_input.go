package catalog

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/slug"
	"github.com/mekhaishuby/furstore/internal/text"
)

// checker collects every problem of one request body, so the client hears of all of them at once.
type checker struct {
	apperr.Validation
}

// present reports whether f holds a value, noting a null (or, when required, an absent field) as a problem.
func present[T any](c *checker, name string, f optional[T], required bool) bool {
	switch {
	case f.Null:
		c.Add("invalid_type", name, "must not be null")
		return false
	case !f.Set:
		if required {
			c.Add("required", name, "is required")
		}
		return false
	}
	return true
}

// text returns f trimmed when it is one line of 1 to max characters, and nil (noting why) otherwise.
func (c *checker) text(name string, f optional[string], max int, required bool) *string {
	return c.line(name, f, max, required, text.Line)
}

// name is text for what people read as a name (a category's, a product's): no invisible characters or
// text-direction controls either, which would make two names look alike or a name read backwards.
func (c *checker) name(f optional[string], max int, required bool) *string {
	return c.line("name", f, max, required, text.Name)
}

func (c *checker) line(name string, f optional[string], max int, required bool, plain func(string) error) *string {
	if !present(c, name, f, required) {
		return nil
	}
	s := strings.TrimSpace(f.V)
	if n := utf8.RuneCountInString(s); n == 0 || n > max || plain(s) != nil {
		c.Add("invalid_"+name, name, fmt.Sprintf("must be 1 to %d characters on one line, without control or invisible characters", max))
		return nil
	}
	return &s
}

// slug returns f when it is a valid slug, and nil (noting why) otherwise.
func (c *checker) slug(f optional[string]) *string {
	if !present(c, "slug", f, false) {
		return nil
	}
	if !slug.Valid(f.V) {
		c.Add("invalid_slug", "slug", fmt.Sprintf("must be lower-case latin letters and digits in words joined by single hyphens, at most %d characters", slug.MaxLen))
		return nil
	}
	return &f.V
}

// slugFromName notes a problem when no slug is given and none can be made from the name (one without a
// letter or digit).
func (c *checker) slugFromName(given *string, name *string) {
	if given == nil && name != nil && slug.Make(*name) == "" {
		c.Add("invalid_slug", "slug", "cannot be made from this name; give one")
	}
}

// number returns f when it is within min…max, and nil (noting why) otherwise.
func (c *checker) number(name string, f optional[int64], min, max int64, required bool) *int64 {
	if !present(c, name, f, required) {
		return nil
	}
	switch {
	case f.V < 0 && min >= 0:
		c.Add("invalid_"+name, name, "must not be negative")
	case f.V < min || f.V > max:
		c.Add("invalid_"+name, name, fmt.Sprintf("must be a whole number from %d to %d", min, max))
	default:
		return &f.V
	}
	return nil
}

func int32Of(v *int64) *int32 {
	if v == nil {
		return nil
	}
	n := int32(*v)
	return &n
}
