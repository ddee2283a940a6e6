package demo

import "strings"

// slugify transliterates Russian text to a lower-case latin slug such as "norkovaya-shuba-elena": letters by the
// common Yandex-style table (ж → zh, х → kh, щ → shch, ё → yo), digits kept, and every other run of characters
// (spaces, quotes, punctuation) turned into a single hyphen, so the result always matches
// ^[a-z0-9]+(-[a-z0-9]+)*$ unless it is empty.
func slugify(s string) string {
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
