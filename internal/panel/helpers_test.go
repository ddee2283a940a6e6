package panel_test

import (
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/mekhaishuby/furstore/internal/apptest"
)

// signedIn is a browser signed in as a new staff member with email.
func signedIn(t *testing.T, s *apptest.Server, email string) *browser {
	t.Helper()
	s.Staff(email) // password "кладовщица-2026"
	b := newBrowser(t, s)
	if p := b.signIn(email, "кладовщица-2026"); p.status != http.StatusSeeOther {
		t.Fatalf("%s signing in → %d\n%.300s", email, p.status, p.body)
	}
	return b
}

// get fetches a page the test expects to answer 200.
func (b *browser) get(path string) page {
	b.t.Helper()
	p := b.do("GET", path, nil)
	if p.status != http.StatusOK {
		b.t.Fatalf("GET %s → %d\n%.500s", path, p.status, p.body)
	}
	return p
}

var (
	tags   = regexp.MustCompile(`<[^>]+>`)
	spaces = regexp.MustCompile(`\s+`)
)

// text is what the page reads as: its words without tags, blanks (no-break ones too) collapsed.
func (p page) text() string {
	s := strings.ReplaceAll(html.UnescapeString(tags.ReplaceAllString(p.body, " ")), "\u00a0", " ")
	return strings.TrimSpace(spaces.ReplaceAllString(s, " "))
}

// mustShow fails the test for each of want the page does not read.
func (p page) mustShow(t *testing.T, want ...string) {
	t.Helper()
	text := p.text()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("the page lacks %q:\n%.3000s", w, text)
		}
	}
}
