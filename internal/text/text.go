// Package text checks the text fields a client sends before a service stores them. PostgreSQL refuses NUL and
// invalid UTF-8 in a text column (a 500 where the client deserves a 400); a control character in a name breaks
// the back office's tables, the mails and the CSV exports; and bidi controls and invisible characters let a name
// read as something it is not ("\u202Egnp.exe" shows as "exe.png").
package text

import (
	"errors"
	"unicode/utf8"
)

// The problems the checks find. Each message reads as an API field message: {"name": "must be …"}.
var (
	// ErrEncoding: the string is not UTF-8, which PostgreSQL refuses and a browser would show as "�".
	ErrEncoding = errors.New("must be valid UTF-8 text")
	// ErrControl: a one-line field holds a control character, a line break or a tab included.
	ErrControl = errors.New("must be one line of text without control characters")
	// ErrInvisible: a name holds a character that shows as nothing or turns the text's direction around.
	ErrInvisible = errors.New("must not hold invisible characters or text-direction controls")
	// ErrMultilineControl: a multi-line field holds a control character other than a line break or a tab.
	ErrMultilineControl = errors.New("must be text without control characters other than line breaks and tabs")
)

// Line checks a one-line field (an address, a reason, a search): valid UTF-8 with no control character at all —
// C0 (NUL, tab, CR and LF among them), DEL and C1 — nor U+2028/U+2029, which break a line as LF does. The
// empty string passes: whether a field may be empty is the service's rule.
func Line(s string) error {
	return check(s, false, false)
}

// Name checks what people read as a name (of a product, a category, a person, an attribute): Line, and no
// text-direction control (U+200E, U+200F, U+061C, U+202A–U+202E, U+2066–U+2069) nor invisible character
// (U+200B–U+200D, U+2060, U+FEFF, U+00AD). These serve no purpose in a name and let two names that look the
// same differ, or a name look like something it is not.
func Name(s string) error {
	return check(s, false, true)
}

// Multiline checks a multi-line field (a description): valid UTF-8 whose only control characters are the line
// breaks "\n" and "\r\n" and the tab. A lone "\r" is refused: it is a line break to some readers and not to
// others.
func Multiline(s string) error {
	return check(s, true, false)
}

func check(s string, multiline, name bool) error {
	if !utf8.ValidString(s) {
		return ErrEncoding
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f { // printable ASCII, most of any text
			i++
			continue
		}
		if c < utf8.RuneSelf { // C0 or DEL
			if !multiline {
				return ErrControl
			}
			if c != '\n' && c != '\t' && (c != '\r' || i+1 == len(s) || s[i+1] != '\n') {
				return ErrMultilineControl
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r <= 0x9f: // C1
			if multiline {
				return ErrMultilineControl
			}
			return ErrControl
		case !multiline && (r == '\u2028' || r == '\u2029'):
			return ErrControl
		case name && hidden(r):
			return ErrInvisible
		}
	}
	return nil
}

// hidden reports whether r is a text-direction control or a character that shows as nothing.
func hidden(r rune) bool {
	switch {
	case r == '\u200e', r == '\u200f', r == '\u061c', r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069':
		return true // bidi controls
	case r >= '\u200b' && r <= '\u200d', r == '\u2060', r == '\ufeff', r == '\u00ad':
		return true // zero-width and invisible
	}
	return false
}
