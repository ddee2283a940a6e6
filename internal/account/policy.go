package account

import (
	_ "embed"
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/phone"
	"github.com/mekhaishuby/furstore/internal/text"
)

// Limits on what people type. The password's upper bound keeps hashing cheap for the one who asks.
const (
	minPasswordLen = 8
	maxPasswordLen = 128
	maxEmailLen    = 254
	maxNameLen     = 100
)

// commonPasswords are among the most used passwords (and their Russian-keyboard favourites): the first guesses
// of anyone trying accounts. One per line, lower case.
//
//go:embed common_passwords.txt
var commonPasswords string

// checkPassword applies the password policy: 8 to 128 characters, not the e-mail (nor its name part), not a
// common password. It names the field, since several requests carry a password under different names.
func checkPassword(v *apperr.Validation, field, password, email string) {
	n := utf8.RuneCountInString(password)
	lower := strings.ToLower(password)
	local, _, _ := strings.Cut(email, "@")
	switch {
	case n < minPasswordLen:
		v.Add("weak_password", field, "must be at least 8 characters")
	case n > maxPasswordLen:
		v.Add("invalid_value", field, "must be at most 128 characters")
	case email != "" && (lower == email || lower == local):
		v.Add("weak_password", field, "must not be your e-mail address")
	case isCommonPassword(lower):
		v.Add("weak_password", field, "is one of the most common passwords; choose another")
	}
}

func isCommonPassword(lower string) bool {
	for line := range strings.SplitSeq(commonPasswords, "\n") {
		if line == lower {
			return true
		}
	}
	return false
}

// normalizeEmail trims and lower-cases an address and checks that it is a plain address ("a@b.ru", no display
// name). Lower-casing the local part is what people expect of a shop: Anna@Mail.ru and anna@mail.ru are one
// customer.
func normalizeEmail(v *apperr.Validation, field, s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case s == "":
		v.Add("required", field, "is required")
	case len(s) > maxEmailLen:
		v.Add("invalid_email", field, "is too long")
	default:
		addr, err := mail.ParseAddress(s)
		_, domain, _ := strings.Cut(s, "@")
		if err != nil || addr.Address != s || addr.Name != "" || !strings.Contains(domain, ".") {
			v.Add("invalid_email", field, "is not an e-mail address")
		}
	}
	return s
}

// checkName checks an optional name field.
func checkName(v *apperr.Validation, field, s string) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > maxNameLen {
		v.Add("invalid_value", field, "must be at most 100 characters")
	}
	if err := text.Name(s); err != nil {
		v.Add("invalid_value", field, err.Error())
	}
	return s
}

// normalizePhone checks an optional phone number and keeps it as 11 digits ("79855508853").
func normalizePhone(v *apperr.Validation, field, s string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	n, err := phone.Normalize(s)
	if err != nil {
		v.Add("invalid_phone", field, err.Error())
	}
	return n
}
