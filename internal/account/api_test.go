package account_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/apptest"
	"github.com/mekhaishuby/furstore/internal/ratelimit"
)

func TestRegisterLoginMeLogout(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	reg := s.Register(" Anna.Petrova@Mail.RU ", "норковая-шуба-2026")
	if reg.Token == "" || reg.User.Email != "anna.petrova@mail.ru" || reg.User.Phone != "79855508853" || reg.User.IsStaff {
		t.Fatalf("registered user: %+v", reg)
	}

	res, login := s.Login("ANNA.PETROVA@mail.ru", "норковая-шуба-2026")
	if res.Status != 200 || login.Token == "" || login.Token == reg.Token || len(login.Token) < 43 {
		t.Fatalf("login → %d %s", res.Status, res.Body)
	}
	for _, scheme := range []string{"Bearer", "Token"} {
		me := s.Do("GET", "/api/auth/me", "", "Authorization", scheme+" "+login.Token)
		var u struct {
			Email     string `json:"email"`
			FirstName string `json:"first_name"`
		}
		me.JSON(t, &u)
		if me.Status != 200 || u.Email != "anna.petrova@mail.ru" || u.FirstName != "Анна" {
			t.Errorf("GET /api/auth/me with %s → %d %s", scheme, me.Status, me.Body)
		}
	}

	if res := s.Do("POST", "/api/auth/logout", "", "Authorization", "Bearer "+login.Token); res.Status != http.StatusNoContent {
		t.Fatalf("logout → %d %s", res.Status, res.Body)
	}
	if res := s.Do("GET", "/api/auth/me", "", "Authorization", "Bearer "+login.Token); res.Status != 401 || apptest.ErrorOf(t, res).Error.Code != "invalid_token" {
		t.Errorf("a logged-out token → %d %s, want 401", res.Status, res.Body)
	}
	if res := s.Do("GET", "/api/auth/me", "", "Authorization", "Bearer "+reg.Token); res.Status != 200 {
		t.Errorf("logging out one session ended another: %d", res.Status)
	}
}

func TestWrongCredentialsAndTokens(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	s.Register("anna@mail.ru", "норковая-шуба-2026")
	for _, creds := range [][2]string{{"anna@mail.ru", "норковая-шуба-2025"}, {"nobody@mail.ru", "норковая-шуба-2026"}} {
		res, _ := s.Login(creds[0], creds[1])
		if res.Status != 401 || apptest.ErrorOf(t, res).Error.Code != "invalid_credentials" {
			t.Errorf("login %v → %d %s; want 401 invalid_credentials", creds, res.Status, res.Body)
		}
	}
	for _, header := range []string{"", "Bearer", "Bearer nonsense", "Basic YW5uYTpwdw==", "Bearer " + strings.Repeat("x", 500)} {
		res := s.Do("GET", "/api/auth/me", "", "Authorization", header)
		if res.Status != 401 || res.Header.Get("WWW-Authenticate") == "" {
			t.Errorf("Authorization %.30q → %d %s; want 401 with WWW-Authenticate", header, res.Status, res.Body)
		}
	}
}

func TestRegistrationBadInput(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	s.Register("anna@mail.ru", "норковая-шуба-2026")
	long := strings.Repeat("я", 101)
	tests := []struct {
		name, body string
		status     int
		code       string
		field      string
	}{
		{"duplicate, other case", `{"email":"ANNA@mail.ru","password":"другой-пароль-77"}`, 409, "email_taken", "email"},
		{"malformed e-mail", `{"email":"anna@","password":"норковая-шуба-2026"}`, 400, "invalid_email", "email"},
		{"missing e-mail", `{"password":"норковая-шуба-2026"}`, 400, "required", "email"},
		{"short password", `{"email":"b@mail.ru","password":"шуба"}`, 400, "weak_password", "password"},
		{"common password", `{"email":"b@mail.ru","password":"qwerty123"}`, 400, "weak_password", "password"},
		{"password is the e-mail", `{"email":"boris@mail.ru","password":"boris@mail.ru"}`, 400, "weak_password", "password"},
		{"oversized name", `{"email":"b@mail.ru","password":"норковая-шуба-2026","first_name":"` + long + `"}`, 400, "invalid_value", "first_name"},
		{"foreign phone", `{"email":"b@mail.ru","password":"норковая-шуба-2026","phone":"+1 202 555 0100"}`, 400, "invalid_phone", "phone"},
		{"wrong type", `{"email":"b@mail.ru","password":12345678}`, 400, "invalid_type", "password"},
		{"missing body", ``, 400, "malformed_json", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := s.Do("POST", "/api/auth/register", tt.body, "Content-Type", "application/json")
			e := apptest.ErrorOf(t, res)
			if res.Status != tt.status || e.Error.Code != tt.code || (tt.field != "" && e.Error.Fields[tt.field] == "") {
				t.Errorf("→ %d %s; want %d %s naming %q", res.Status, res.Body, tt.status, tt.code, tt.field)
			}
		})
	}
	// Nothing half-written: the refused registrations left no account behind.
	if res, _ := s.Login("b@mail.ru", "норковая-шуба-2026"); res.Status != 401 {
		t.Errorf("a refused registration can sign in: %d", res.Status)
	}
}

func TestProfileAndPasswordChange(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	first := s.Register("anna@mail.ru", "норковая-шуба-2026")
	_, second := s.Login("anna@mail.ru", "норковая-шуба-2026")
	auth := []string{"Authorization", "Bearer " + first.Token}

	res := s.Do("PATCH", "/api/auth/me", `{"last_name":"Петрова","phone":"+7 916 000-00-01"}`, auth...)
	var u struct {
		FirstName string `json:"first_name"`
		LastName  string `json:"last_name"`
		Phone     string `json:"phone"`
	}
	res.JSON(t, &u)
	if res.Status != 200 || u.FirstName != "Анна" || u.LastName != "Петрова" || u.Phone != "79160000001" {
		t.Fatalf("PATCH /api/auth/me → %d %s", res.Status, res.Body)
	}
	if res := s.Do("PATCH", "/api/auth/me", `{"phone":"12"}`, auth...); res.Status != 400 || apptest.ErrorOf(t, res).Error.Fields["phone"] == "" {
		t.Errorf("bad phone → %d %s", res.Status, res.Body)
	}

	res = s.Do("POST", "/api/auth/password/change", `{"current_password":"не-тот-пароль-1","new_password":"соболья-шуба-2027"}`, auth...)
	if res.Status != 400 || apptest.ErrorOf(t, res).Error.Fields["current_password"] == "" {
		t.Fatalf("wrong current password → %d %s", res.Status, res.Body)
	}
	res = s.Do("POST", "/api/auth/password/change", `{"current_password":"норковая-шуба-2026","new_password":"соболья-шуба-2027"}`, auth...)
	if res.Status != http.StatusNoContent {
		t.Fatalf("password change → %d %s", res.Status, res.Body)
	}
	if res := s.Do("GET", "/api/auth/me", "", auth...); res.Status != 200 {
		t.Errorf("the session that changed the password was ended: %d", res.Status)
	}
	if res := s.Do("GET", "/api/auth/me", "", "Authorization", "Bearer "+second.Token); res.Status != 401 {
		t.Errorf("another session survived the password change: %d", res.Status)
	}
	if res, _ := s.Login("anna@mail.ru", "норковая-шуба-2026"); res.Status != 401 {
		t.Errorf("the old password still works: %d", res.Status)
	}
	if res, _ := s.Login("anna@mail.ru", "соболья-шуба-2027"); res.Status != 200 {
		t.Errorf("the new password does not work: %d", res.Status)
	}
}

func TestLoginIsRateLimited(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{Limits: account.Limits{
		LoginPerIP:    ratelimit.Limit{Max: 8, Window: time.Hour},
		LoginPerEmail: ratelimit.Limit{Max: 3, Window: time.Hour},
	}})
	s.Register("anna@mail.ru", "норковая-шуба-2026")
	for i := range 3 {
		if res, _ := s.Login("anna@mail.ru", "неверный-пароль-"+strconv.Itoa(i)); res.Status != 401 {
			t.Fatalf("attempt %d → %d", i, res.Status)
		}
	}
	res, _ := s.Login("anna@mail.ru", "норковая-шуба-2026")
	retry, _ := strconv.Atoi(res.Header.Get("Retry-After"))
	if res.Status != 429 || retry < 1 || retry > 3600 || apptest.ErrorOf(t, res).Error.Code != "too_many_requests" {
		t.Fatalf("4th attempt on one e-mail → %d Retry-After %q %s; want 429", res.Status, res.Header.Get("Retry-After"), res.Body)
	}
	// Other addresses from the same client still get through until the per-client limit.
	var wg sync.WaitGroup
	statuses := make(chan int, 10)
	for i := range 10 {
		wg.Go(func() {
			res, _ := s.Login(fmt.Sprintf("guess%d@mail.ru", i), "норковая-шуба-2026")
			statuses <- res.Status
		})
	}
	wg.Wait()
	close(statuses)
	limited := 0
	for s := range statuses {
		if s == 429 {
			limited++
		}
	}
	// 4 attempts were counted for this client already; 4 more are allowed, then 429.
	if limited != 6 {
		t.Errorf("%d of 10 further logins were limited, want 6", limited)
	}
}

// With sessions kept in memory, ending a session anywhere — here, another process deleting it — still
// locks its token out at once, and this process's own changes (a profile update) show immediately.
func TestCachedSessionsFollowRevocation(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go s.App.Accounts.WatchChanges(ctx)
	reg := s.Register("anna@mail.ru", "норковая-шуба-2026")
	auth := []string{"Authorization", "Bearer " + reg.Token}
	apptest.WaitFor(t, func() bool { return s.Do("GET", "/api/auth/me", "", auth...).Status == 200 })

	if res := s.Do("PATCH", "/api/auth/me", `{"first_name":"Анна Сергеевна"}`, auth...); res.Status != 200 {
		t.Fatalf("PATCH → %d", res.Status)
	}
	var me struct {
		FirstName string `json:"first_name"`
	}
	s.Do("GET", "/api/auth/me", "", auth...).JSON(t, &me)
	if me.FirstName != "Анна Сергеевна" {
		t.Fatalf("a cached session shows the old name: %q", me.FirstName)
	}

	s.Exec("DELETE FROM sessions") // through DB: another process
	apptest.WaitFor(t, func() bool { return s.Do("GET", "/api/auth/me", "", auth...).Status == 401 })
}
