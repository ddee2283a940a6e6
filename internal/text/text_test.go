package text

import (
	"strings"
	"testing"
)

func TestChecks(t *testing.T) {
	tests := []struct {
		name                          string
		s                             string
		wantLine, wantName, wantMulti error
	}{
		{"Russian product name", "«Норковая шуба \"Елена\"»", nil, nil, nil},
		{"guillemets and quotes", "«Норковая шуба „Елена“»", nil, nil, nil},
		{"a person's name", "Анна-Мария О'Брайен", nil, nil, nil},
		{"an emoji beyond the BMP", "😀 шуба", nil, nil, nil},
		{"a combining accent", "Ре\u0301нат", nil, nil, nil},
		{"U+FFFD sent on purpose", "\ufffd", nil, nil, nil},
		{"empty", "", nil, nil, nil},

		{"NUL", "a\x00b", ErrControl, ErrControl, ErrMultilineControl},
		{"invalid UTF-8", "\xff", ErrEncoding, ErrEncoding, ErrEncoding},
		{"a truncated Cyrillic letter", "шуб\xd0", ErrEncoding, ErrEncoding, ErrEncoding},
		{"an encoded surrogate", "\xed\xa0\x80", ErrEncoding, ErrEncoding, ErrEncoding},
		{"a tab", "Мех:\tнорка", ErrControl, ErrControl, nil},
		{"LF", "первая\nвторая", ErrControl, ErrControl, nil},
		{"CRLF", "первая\r\nвторая", ErrControl, ErrControl, nil},
		{"a lone CR", "первая\rвторая", ErrControl, ErrControl, ErrMultilineControl},
		{"CR at the end", "первая\r", ErrControl, ErrControl, ErrMultilineControl},
		{"an ANSI escape", "\x1b[31mкрасный", ErrControl, ErrControl, ErrMultilineControl},
		{"DEL", "a\x7f", ErrControl, ErrControl, ErrMultilineControl},
		{"NEL (C1)", "a\u0085b", ErrControl, ErrControl, ErrMultilineControl},
		{"CSI (C1)", "\u009b31m", ErrControl, ErrControl, ErrMultilineControl},
		{"a line separator", "a\u2028b", ErrControl, ErrControl, nil},
		{"a paragraph separator", "a\u2029b", ErrControl, ErrControl, nil},

		{"RLO attack", "\u202Egnp.exe", nil, ErrInvisible, nil},
		{"LRE", "\u202Aшуба", nil, ErrInvisible, nil},
		{"an isolate pair", "a\u2066b\u2069", nil, ErrInvisible, nil},
		{"RLM", "шуба\u200f", nil, ErrInvisible, nil},
		{"LRM", "\u200eшуба", nil, ErrInvisible, nil},
		{"Arabic letter mark", "a\u061cb", nil, ErrInvisible, nil},
		{"zero-width joiner", "Ел\u200dена", nil, ErrInvisible, nil},
		{"zero-width space", "Ел\u200bена", nil, ErrInvisible, nil},
		{"zero-width non-joiner", "a\u200cb", nil, ErrInvisible, nil},
		{"word joiner", "a\u2060b", nil, ErrInvisible, nil},
		{"a BOM", "\ufeffШубы", nil, ErrInvisible, nil},
		{"soft hyphen", "нор\u00adка", nil, ErrInvisible, nil},
		{"a control after an invisible character", "\u200ba\x00", ErrControl, ErrInvisible, ErrMultilineControl},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Line(tt.s); got != tt.wantLine {
				t.Errorf("Line(%q) = %v, want %v", tt.s, got, tt.wantLine)
			}
			if got := Name(tt.s); got != tt.wantName {
				t.Errorf("Name(%q) = %v, want %v", tt.s, got, tt.wantName)
			}
			if got := Multiline(tt.s); got != tt.wantMulti {
				t.Errorf("Multiline(%q) = %v, want %v", tt.s, got, tt.wantMulti)
			}
		})
	}
}

// TestMessages checks the messages read as API field messages: short, lower-case, starting with "must".
func TestMessages(t *testing.T) {
	for _, err := range []error{ErrEncoding, ErrControl, ErrInvisible, ErrMultilineControl} {
		if msg := err.Error(); !strings.HasPrefix(msg, "must ") || len(msg) > 80 {
			t.Errorf("%q does not read as a field message", msg)
		}
	}
}

func BenchmarkName(b *testing.B) {
	s := "Норковая шуба «Елена» с капюшоном, 48 размер"
	for b.Loop() {
		if err := Name(s); err != nil {
			b.Fatal(err)
		}
	}
}
