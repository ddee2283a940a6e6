package catalog

import (
	"errors"
	"fmt"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/slug"
)

// pickSlug returns given when it is free (409 slug_taken when not), or, when given is empty, the first free
// one of the slug made from name, name-2, name-3 …
func pickSlug(given, name string, taken func(string) (bool, error)) (string, error) {
	if given != "" {
		t, err := taken(given)
		switch {
		case err != nil:
			return "", err
		case t:
			return "", slugTaken(given)
		}
		return given, nil
	}
	var failed error
	s := slug.Unique(slug.Make(name), func(s string) bool {
		t, err := taken(s)
		if err != nil {
			failed = err
			return false // stop at once; the error is returned below
		}
		return t
	})
	return s, failed
}

func slugTaken(s string) error {
	return &apperr.Error{Kind: apperr.Conflict, Code: "slug_taken", Message: fmt.Sprintf("the slug %q is taken", s),
		Fields: map[string]string{"slug": "is taken"}}
}

// slugRace is a unique violation on a slug that was free a moment before: another request took it meanwhile.
type slugRace struct{ slug string }

func (e slugRace) Error() string { return "slug " + e.slug + " taken meanwhile" }

// retrySlugRace runs a product write, again when a slug it made from a name was taken meanwhile by another
// request (the next run picks the next free one); a slug the client gave is theirs to change: 409 slug_taken.
func retrySlugRace(generated bool, write func() error) error {
	for attempt := 1; ; attempt++ {
		err := write()
		var race slugRace
		if !errors.As(err, &race) {
			return err
		}
		if !generated || attempt == 3 {
			return slugTaken(race.slug)
		}
	}
}
