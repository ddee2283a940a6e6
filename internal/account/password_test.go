package account

import (
	"strings"
	"testing"

	"github.com/mekhaishuby/furstore/internal/apperr"
)

func TestPasswordHash(t *testing.T) {
	h, err := hashPassword("шуба-из-соболя-2026")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") || strings.Contains(h, "шуба") {
		t.Fatalf("hash %q is not argon2id with OWASP's minimum parameters", h)
	}
	if again, _ := hashPassword("шуба-из-соболя-2026"); again == h {
		t.Fatal("two hashes of one password are equal: no salt")
	}
	if ok, err := verifyPassword(h, "шуба-из-соболя-2026"); !ok || err != nil {
		t.Fatalf("right password refused: %v", err)
	}
	if ok, _ := verifyPassword(h, "шуба-из-соболя-2025"); ok {
		t.Fatal("wrong password accepted")
	}
	for _, bad := range []string{"", "plain", "$argon2id$v=19$m=4194304,t=2,p=1$c2FsdA$a2V5", strings.Replace(h, "argon2id", "argon2i", 1)} {
		if ok, err := verifyPassword(bad, "x"); ok || err == nil {
			t.Errorf("verifyPassword(%q) = %v, %v; want an error", bad, ok, err)
		}
	}
}

func TestPasswordPolicy(t *testing.T) {
	tests := map[string]string{
		"short":                  "weak_password",
		"qwerty123":              "weak_password", // common
		"Пароль123":              "weak_password", // common, whatever the case
		"anna.petrova":           "weak_password", // the e-mail's name
		"anna.petrova@mail.ru":   "weak_password", // the e-mail
		strings.Repeat("ж", 129): "invalid_value",
		"норковая-шуба-2026":     "",
	}
	for pw, want := range tests {
		var v apperr.Validation
		checkPassword(&v, "password", pw, "anna.petrova@mail.ru")
		e, _ := apperr.As(v.Err())
		got := ""
		if e != nil {
			got = e.Code
		}
		if got != want {
			t.Errorf("%q: %q, want %q", pw, got, want)
		}
	}
}

func TestNormalizeEmail(t *testing.T) {
	for in, want := range map[string]string{" Anna@Mail.RU ": "anna@mail.ru", "a.b+shop@yandex.ru": "a.b+shop@yandex.ru"} {
		var v apperr.Validation
		if got := normalizeEmail(&v, "email", in); got != want || v.Err() != nil {
			t.Errorf("normalizeEmail(%q) = %q, %v", in, got, v.Err())
		}
	}
	for _, in := range []string{"", "anna", "anna@", "@mail.ru", "Anna <anna@mail.ru>", "anna@localhost", "a b@mail.ru", strings.Repeat("a", 250) + "@mail.ru"} {
		var v apperr.Validation
		normalizeEmail(&v, "email", in)
		if v.Err() == nil {
			t.Errorf("normalizeEmail(%q) accepted", in)
		}
	}
}

// BenchmarkHashPassword measures one argon2id hash with the production parameters: the cost of a login,
// a registration or a password change.
func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		if _, err := hashPassword("норковая-шуба-2026"); err != nil {
			b.Fatal(err)
		}
	}
}
