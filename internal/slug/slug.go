// Package slug makes the latin, lower-case, hyphenated names that product and category URLs use, such as
// "norkovaya-shuba-elena", from Russian text.
package slug

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxLen is the longest slug, in bytes, that Valid accepts: what the database accepts, so a slug that came with
// a catalog import can be sent back unchanged with a form.
const MaxLen = 200

// maxMade is the longest slug, in bytes, that Unique returns: one made from a name stays short enough to read.
const maxMade = 100

// Make transliterates Russian text to a lower-case latin slug such as "norkovaya-shuba-elena": letters by the
// common Yandex-style table (ж → zh, х → kh, щ → shch, ё → yo), latin letters and digits kept, and every other
// run of characters (spaces, quotes, punctuation) turned into a single hyphen. The result matches
// ^[a-z0-9]+(-[a-z0-9]+)*$, or is empty when s holds no letter or digit. Make does not shorten long text: pass
// the result through Unique to keep it within 100 bytes.
func Make(s string) string {
	var b strings.Builder
	pendingHyphen := false
	for _, r := range strings.ToLower(s) {
		latin, ok := latinOf(r)
		if !ok {
			pendingHyphen = b.Len() > 0
			continue
		}
		if latin == "" { // ъ and ь carry no sound of their own and must not split the word either
			continue
		}
		if pendingHyphen {
			b.WriteByte('-')
			pendingHyphen = false
		}
		b.WriteString(latin)
	}
	return b.String()
}

// Valid reports whether s is a slug: at most MaxLen bytes matching ^[a-z0-9]+(-[a-z0-9]+)*$, that is
// lower-case latin letters and digits in words joined by single hyphens.
func Valid(s string) bool {
	if s == "" || len(s) > MaxLen {
		return false
	}
	prevHyphen := true // a slug may not start with a hyphen
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			prevHyphen = false
		case c == '-' && !prevHyphen:
			prevHyphen = true
		default:
			return false
		}
	}
	return !prevHyphen
}

// Unique returns base if it is not taken, or else the first of base-2, base-3, … that is not. Every answer
// fits in 100 bytes (maxMade), well within MaxLen: a base too long to carry its suffix is cut at its last hyphen
// that leaves room, or at a character boundary when that hyphen would throw away more than half of the room.
// taken must eventually answer false. An empty base gives "" when that is free and then "2", "3", …; callers
// wanting a valid slug should not pass one.
func Unique(base string, taken func(string) bool) string {
	if s := fit(base, ""); !taken(s) {
		return s
	}
	for n := 2; ; n++ {
		suffix := strconv.Itoa(n)
		s := fit(base, "-"+suffix)
		if s == "" {
			s = suffix
		} else {
			s += "-" + suffix
		}
		if !taken(s) {
			return s
		}
	}
}

// fit returns base shortened, if need be, so that base+suffix takes at most maxMade bytes.
func fit(base, suffix string) string {
	limit := maxMade - len(suffix)
	if len(base) <= limit {
		return base
	}
	cut := base[:limit]
	if base[limit] != '-' { // otherwise the cut falls between two words already
		if i := strings.LastIndexByte(cut, '-'); i >= limit/2 {
			cut = cut[:i]
		} else {
			for len(cut) > 0 && !utf8.RuneStart(base[len(cut)]) {
				cut = cut[:len(cut)-1]
			}
		}
	}
	return strings.TrimRight(cut, "-")
}

// latinOf returns the latin spelling of one lower-case rune, and false for a rune that only separates words.
func latinOf(r rune) (string, bool) {
	if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
		return string(r), true
	}
	switch r {
	case 'а':
		return "a", true
	case 'б':
		return "b", true
	case 'в':
		return "v", true
	case 'г':
		return "g", true
	case 'д':
		return "d", true
	case 'е', 'э':
		return "e", true
	case 'ё':
		return "yo", true
	case 'ж':
		return "zh", true
	case 'з':
		return "z", true
	case 'и':
		return "i", true
	case 'й', 'ы':
		return "y", true
	case 'к':
		return "k", true
	case 'л':
		return "l", true
	case 'м':
		return "m", true
	case 'н':
		return "n", true
	case 'о':
		return "o", true
	case 'п':
		return "p", true
	case 'р':
		return "r", true
	case 'с':
		return "s", true
	case 'т':
		return "t", true
	case 'у':
		return "u", true
	case 'ф':
		return "f", true
	case 'х':
		return "kh", true
	case 'ц':
		return "ts", true
	case 'ч':
		return "ch", true
	case 'ш':
		return "sh", true
	case 'щ':
		return "shch", true
	case 'ъ', 'ь':
		return "", true
	case 'ю':
		return "yu", true
	case 'я':
		return "ya", true
	}
	return "", false
}
