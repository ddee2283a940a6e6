package account_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/apptest"
	"github.com/mekhaishuby/furstore/internal/mail/mailtest"
	"github.com/mekhaishuby/furstore/internal/ratelimit"
)

// resetToken asks for a password reset and returns the token from the link in the mail that arrives as the
// n-th message in Mailpit.
func resetToken(t *testing.T, s *apptest.Server, box *mailtest.Server, email string, n int) string {
	t.Helper()
	if res := s.Do("POST", "/api/auth/password/reset", fmt.Sprintf(`{"email":%q}`, email)); res.Status != http.StatusAccepted {
		t.Fatalf("reset request → %d %s", res.Status, res.Body)
	}
	msgs := box.WaitFor(t, n, 10*time.Second)
	return tokenFrom(t, msgs[n-1])
}

func tokenFrom(t *testing.T, m mailtest.Message) string {
	t.Helper()
	i := strings.Index(m.Text, "https://shop.example/password/reset/confirm?token=")
	if i < 0 {
		t.Fatalf("no reset link in the mail:\n%s", m.Text)
	}
	link := strings.Fields(m.Text[i:])[0]
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query().Get("token")
}

func TestPasswordRecoveryByMail(t *testing.T) {
	t.Parallel()
	box := mailtest.Start(t)
	s := apptest.Start(t, apptest.Options{Mail: box})
	reg := s.Register("anna@mail.ru", "норковая-шуба-2026")
	welcome := box.WaitFor(t, 1, 10*time.Second)[0]
	if welcome.Subject != "Добро пожаловать в «Меха и Шубы»" || !strings.Contains(welcome.Text, "Здравствуйте, Анна!") || welcome.HTML == "" {
		t.Errorf("welcome mail: %q\n%s", welcome.Subject, welcome.Text)
	}

	token := resetToken(t, s, box, "Anna@Mail.ru", 2)
	mailMsg := box.Messages(t)[1]
	if mailMsg.Subject != "Восстановление пароля — «Меха и Шубы»" || len(mailMsg.To) != 1 || mailMsg.To[0] != "anna@mail.ru" ||
		!strings.Contains(mailMsg.HTML, token) || !strings.Contains(mailMsg.Text, "60 минут") {
		t.Fatalf("reset mail: %+v", mailMsg)
	}
	if len(token) < 43 {
		t.Fatalf("token %q is too short", token)
	}

	res := s.Do("POST", "/api/auth/password/reset/confirm", fmt.Sprintf(`{"token":%q,"new_password":"qwerty123"}`, token))
	if res.Status != 400 || apptest.ErrorOf(t, res).Error.Fields["new_password"] == "" {
		t.Fatalf("a common new password → %d %s", res.Status, res.Body)
	}
	res = s.Do("POST", "/api/auth/password/reset/confirm", fmt.Sprintf(`{"token":%q,"new_password":"соболья-шуба-2027"}`, token))
	if res.Status != 200 {
		t.Fatalf("confirm (after a refused password, the token still works) → %d %s", res.Status, res.Body)
	}
	if res := s.Do("GET", "/api/auth/me", "", "Authorization", "Bearer "+reg.Token); res.Status != 401 {
		t.Errorf("a session from before the reset still works: %d", res.Status)
	}
	if res, _ := s.Login("anna@mail.ru", "соболья-шуба-2027"); res.Status != 200 {
		t.Errorf("the new password does not sign in: %d", res.Status)
	}
	res = s.Do("POST", "/api/auth/password/reset/confirm", fmt.Sprintf(`{"token":%q,"new_password":"другой-пароль-2028"}`, token))
	if res.Status != 400 || apptest.ErrorOf(t, res).Error.Code != "invalid_token" {
		t.Errorf("a used token → %d %s, want 400 invalid_token", res.Status, res.Body)
	}
}

func TestOnlyTheNewestResetLinkWorks(t *testing.T) {
	t.Parallel()
	box := mailtest.Start(t)
	s := apptest.Start(t, apptest.Options{Mail: box})
	s.Register("anna@mail.ru", "норковая-шуба-2026")
	box.WaitFor(t, 1, 10*time.Second)
	older := resetToken(t, s, box, "anna@mail.ru", 2)
	newer := resetToken(t, s, box, "anna@mail.ru", 3)
	if res := s.Do("POST", "/api/auth/password/reset/confirm", fmt.Sprintf(`{"token":%q,"new_password":"соболья-шуба-2027"}`, older)); res.Status != 400 {
		t.Errorf("the older link still works: %d", res.Status)
	}
	if res := s.Do("POST", "/api/auth/password/reset/confirm", fmt.Sprintf(`{"token":%q,"new_password":"соболья-шуба-2027"}`, newer)); res.Status != 200 {
		t.Errorf("the newest link → %d %s", res.Status, res.Body)
	}
}

func TestExpiredAndUnknownResetTokens(t *testing.T) {
	t.Parallel()
	box := mailtest.Start(t)
	s := apptest.Start(t, apptest.Options{Mail: box, ResetTTL: time.Second})
	s.Register("anna@mail.ru", "норковая-шуба-2026")
	box.WaitFor(t, 1, 10*time.Second)
	token := resetToken(t, s, box, "anna@mail.ru", 2)
	time.Sleep(1100 * time.Millisecond)
	for name, body := range map[string]string{
		"expired":  fmt.Sprintf(`{"token":%q,"new_password":"соболья-шуба-2027"}`, token),
		"unknown":  `{"token":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","new_password":"соболья-шуба-2027"}`,
		"huge":     `{"token":"` + strings.Repeat("A", 5000) + `","new_password":"соболья-шуба-2027"}`,
		"missing":  `{"new_password":"соболья-шуба-2027"}`,
		"no pass":  fmt.Sprintf(`{"token":%q}`, token),
		"wrong ty": `{"token":42,"new_password":"соболья-шуба-2027"}`,
	} {
		res := s.Do("POST", "/api/auth/password/reset/confirm", body)
		if res.Status != 400 || apptest.ErrorOf(t, res).Error.Code == "" {
			t.Errorf("%s token → %d %s, want 400", name, res.Status, res.Body)
		}
	}
}

func TestResetTokenOfADeletedUserIsRefused(t *testing.T) {
	t.Parallel()
	box := mailtest.Start(t)
	s := apptest.Start(t, apptest.Options{Mail: box})
	s.Register("anna@mail.ru", "норковая-шуба-2026")
	box.WaitFor(t, 1, 10*time.Second)
	token := resetToken(t, s, box, "anna@mail.ru", 2)
	s.Exec("DELETE FROM users WHERE email = 'anna@mail.ru'")
	res := s.Do("POST", "/api/auth/password/reset/confirm", fmt.Sprintf(`{"token":%q,"new_password":"соболья-шуба-2027"}`, token))
	if res.Status != 400 || apptest.ErrorOf(t, res).Error.Code != "invalid_token" {
		t.Errorf("→ %d %s, want 400 invalid_token", res.Status, res.Body)
	}
}

// No account enumeration: an address without an account gets the same answer, in about the same time, and no
// mail goes anywhere.
func TestResetDoesNotTellWhetherAnAccountExists(t *testing.T) {
	t.Parallel()
	box := mailtest.Start(t)
	s := apptest.Start(t, apptest.Options{Mail: box, ResetFloor: 200 * time.Millisecond})
	s.Register("anna@mail.ru", "норковая-шуба-2026")
	box.WaitFor(t, 1, 10*time.Second)

	timed := func(email string) (apptest.Response, time.Duration) {
		start := time.Now()
		res := s.Do("POST", "/api/auth/password/reset", fmt.Sprintf(`{"email":%q}`, email))
		return res, time.Since(start)
	}
	known, tKnown := timed("anna@mail.ru")
	unknown, tUnknown := timed("nobody@mail.ru")
	if known.Status != 202 || unknown.Status != 202 || string(known.Body) != string(unknown.Body) {
		t.Fatalf("answers differ: %d %s / %d %s", known.Status, known.Body, unknown.Status, unknown.Body)
	}
	for _, d := range []time.Duration{tKnown, tUnknown} {
		if d < 200*time.Millisecond {
			t.Errorf("a reset request answered in %v, before its 200 ms floor", d)
		}
	}
	diff := tKnown - tUnknown
	if diff < 0 {
		diff = -diff
	}
	if diff > 100*time.Millisecond {
		t.Errorf("known %v vs unknown %v: the timing tells", tKnown, tUnknown)
	}
	time.Sleep(300 * time.Millisecond)
	if n := len(box.Messages(t)); n != 2 {
		t.Errorf("%d mails in the box, want 2 (welcome + one reset)", n)
	}
	if res := s.Do("POST", "/api/auth/password/reset", `{"email":"not-an-address"}`); res.Status != 400 {
		t.Errorf("malformed e-mail → %d", res.Status)
	}
}

// The SMTP server is down when the reset is asked for: the mail waits in the outbox and arrives, once, when
// the server is back.
func TestResetMailSurvivesAnSMTPOutage(t *testing.T) {
	t.Parallel()
	box := mailtest.Start(t)
	s := apptest.Start(t, apptest.Options{Mail: box})
	s.Register("anna@mail.ru", "норковая-шуба-2026")
	box.WaitFor(t, 1, 10*time.Second)

	box.Stop()
	if res := s.Do("POST", "/api/auth/password/reset", `{"email":"anna@mail.ru"}`); res.Status != 202 {
		t.Fatalf("reset request with SMTP down → %d %s", res.Status, res.Body)
	}
	time.Sleep(700 * time.Millisecond) // several failed attempts
	box.Start()
	msgs := box.WaitFor(t, 2, 15*time.Second)
	time.Sleep(700 * time.Millisecond)
	if n := len(box.Messages(t)); n != 2 {
		t.Fatalf("%d mails after the outage, want exactly 2 (welcome + the reset, once)", n)
	}
	token := tokenFrom(t, msgs[1])
	if res := s.Do("POST", "/api/auth/password/reset/confirm", fmt.Sprintf(`{"token":%q,"new_password":"соболья-шуба-2027"}`, token)); res.Status != 200 {
		t.Errorf("the late link → %d %s", res.Status, res.Body)
	}
}

func TestResetRequestsAreRateLimited(t *testing.T) {
	t.Parallel()
	box := mailtest.Start(t)
	s := apptest.Start(t, apptest.Options{Mail: box, ResetFloor: time.Millisecond,
		Limits: account.Limits{ResetPerEmail: ratelimit.Limit{Max: 2, Window: time.Hour}}})
	for i := range 3 {
		res := s.Do("POST", "/api/auth/password/reset", `{"email":"anna@mail.ru"}`)
		want := 202
		if i == 2 {
			want = 429
		}
		if res.Status != want || (want == 429 && res.Header.Get("Retry-After") == "") {
			t.Errorf("request %d → %d %v, want %d", i+1, res.Status, res.Header, want)
		}
	}
}
