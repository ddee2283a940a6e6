package web

import (
	"bytes"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/mekhaishuby/furstore/internal/apperr"
)

// textProblem records a string that is not faithful text: it names the value it is in, or no field when the
// problem is in a key (whose bytes would make a poor field name).
func (s *scanner) textProblem(inKey bool, problem string) {
	if s.err != nil {
		return
	}
	if inKey || len(s.frames) == 0 {
		s.err = apperr.New(apperr.Invalid, "invalid_text", "the body must be UTF-8 text: a string "+problem)
		return
	}
	s.err = apperr.Field("invalid_text", s.path(), problem)
}

func (s *scanner) literal(word string) bool {
	if !bytes.HasPrefix(s.data[s.pos:], []byte(word)) {
		return false
	}
	s.pos += len(word)
	return true
}

// number reads a number as the JSON grammar has it: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?
func (s *scanner) number() bool {
	d, i := s.data, s.pos
	if i < len(d) && d[i] == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
			n++
		}
		return n
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case digits() == 0:
		return false
	}
	if i < len(d) && d[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	s.pos = i
	return true
}

// plain marks the bytes a string may hold as they are: printable ASCII but the quote and the backslash.
var plain = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// str reads a string from its opening quote and returns where it stands. Invalid UTF-8 and \u escapes of lone
// surrogates are recorded as problems, since encoding/json would store both as U+FFFD: a password of
// "\xff\xff" would then match one of "\xfe\xfe".
func (s *scanner) str(inKey bool) (span, error) {
	d := s.data
	start := s.pos + 1
	i := start
	escaped, plainASCII := false, true
	for {
		for i < len(d) && plain[d[i]] {
			i++
		}
		if i >= len(d) {
			return span{}, errSyntax
		}
		switch c := d[i]; {
		case c == '"':
			s.pos = i + 1
			return span{start: start, end: i, escaped: escaped, ascii: plainASCII && !escaped}, nil
		case c == '\\':
			escaped = true
			if i+1 >= len(d) {
				return span{}, errSyntax
			}
			switch d[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				r, ok := hex4(d[i+2:])
				if !ok {
					return span{}, errSyntax
				}
				i += 6
				if !utf16.IsSurrogate(r) {
					break
				}
				if r < 0xdc00 && i+1 < len(d) && d[i] == '\\' && d[i+1] == 'u' {
					if low, ok := hex4(d[i+2:]); ok && low >= 0xdc00 && low <= 0xdfff {
						i += 6 // a pair: one character beyond the BMP
						break
					}
				}
				s.textProblem(inKey, `must not hold a lone UTF-16 surrogate (\ud800–\udfff)`)
			default:
				return span{}, errSyntax
			}
		case c < 0x20:
			return span{}, errSyntax // control characters must be escaped
		default: // c >= 0x80: a run of non-ASCII bytes is whole characters exactly when it is valid UTF-8
			j := i + 1
			for j < len(d) && d[j] >= utf8.RuneSelf {
				j++
			}
			if !utf8.Valid(d[i:j]) {
				s.textProblem(inKey, "must be valid UTF-8")
			}
			plainASCII, i = false, j
		}
	}
}

func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// unescape decodes the escapes of a string that str has already checked.
func unescape(raw []byte) []byte {
	out := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); {
		c := raw[i]
		if c != '\\' {
			out = append(out, c)
			i++
			continue
		}
		switch e := raw[i+1]; e {
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, _ := hex4(raw[i+2:])
			i += 6
			if utf16.IsSurrogate(r) && i+6 <= len(raw) && raw[i] == '\\' && raw[i+1] == 'u' {
				if low, _ := hex4(raw[i+2:]); utf16.DecodeRune(r, low) != utf8.RuneError {
					r = utf16.DecodeRune(r, low)
					i += 6
				}
			}
			out = utf8.AppendRune(out, r) // a lone surrogate becomes U+FFFD, as in encoding/json
			continue
		default: // '"', '\\', '/'
			out = append(out, e)
		}
		i += 2
	}
	return out
}

// foldKey returns key folded so that two keys fold alike exactly when bytes.EqualFold says they are equal:
// ASCII upper-cased, any other letter replaced by the smallest letter of its case-folding orbit (as
// encoding/json folds field names).
func foldKey(key []byte) []byte {
	out := make([]byte, 0, len(key))
	for i := 0; i < len(key); {
		if c := key[i]; c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			out = append(out, c)
			i++
			continue
		}
		r, n := utf8.DecodeRune(key[i:])
		for {
			r2 := unicode.SimpleFold(r)
			if r2 <= r {
				r = r2
				break
			}
			r = r2
		}
		out = utf8.AppendRune(out, r)
		i += n
	}
	return out
}
