package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/ratelimit"
)

type authResult struct {
	Token string `json:"token"`
	User  struct {
		ID        int64  `json:"id"`
		Email     string `json:"email"`
		FirstName string `json:"first_name"`
		Phone     string `json:"phone"`
		IsStaff   bool   `json:"is_staff"`
	} `json:"user"`
}

type apiError struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
		Details json.RawMessage   `json:"details"`
	} `json:"error"`
}

func (c *apiClient) register(email, password string) authResult {
	c.t.Helper()
	res := c.do("POST", "/api/auth/register", fmt.Sprintf(`{"email":%q,"password":%q,"first_name":"Анна","phone":"8 (985) 550-88-53"}`, email, password))
	if res.status != http.StatusCreated {
		c.t.Fatalf("register %s → %d %s", email, res.status, res.body)
	}
	var a authResult
	res.json(c.t, &a)
	return a
}

func (c *apiClient) login(email, password string) (response, authResult) {
	c.t.Helper()
	res := c.do("POST", "/api/auth/login", fmt.Sprintf(`{"email":%q,"password":%q}`, email, password))
	var a authResult
	if res.status == 200 {
		res.json(c.t, &a)
	}
	return res, a
}

func errorOf(t *testing.T, r response) apiError {
	t.Helper()
	var e apiError
	r.json(t, &e)
	return e
}

func TestRegisterLoginMeLogout(t *testing.T) {
	t.Parallel()
	c := newAPI(t)
	reg := c.register(" Anna.Petrova@Mail.RU ", "норковая-шуба-2026")
	if reg.Token == "" || reg.User.Email != "anna.petrova@mail.ru" || reg.User.Phone != "79855508853" || reg.User.IsStaff {
		t.Fatalf("registered user: %+v", reg)
	}

	res, login := c.login("ANNA.PETROVA@mail.ru", "норковая-шуба-2026")
	if res.status != 200 || login.Token == "" || login.Token == reg.Token || len(login.Token) < 43 {
		t.Fatalf("login → %d %s", res.status, res.body)
	}
	for _, scheme := range []string{"Bearer", "Token"} {
		me := c.do("GET", "/api/auth/me", "", "Authorization", scheme+" "+login.Token)
		var u struct {
			Email     string `json:"email"`
			FirstName string `json:"first_name"`
		}
		me.json(t, &u)
		if me.status != 200 || u.Email != "anna.petrova@mail.ru" || u.FirstName != "Анна" {
			t.Errorf("GET /api/auth/me with %s → %d %s", scheme, me.status, me.body)
		}
	}

	if res := c.do("POST", "/api/auth/logout", "", "Authorization", "Bearer "+login.Token); res.status != http.StatusNoContent {
		t.Fatalf("logout → %d %s", res.status, res.body)
	}
	if res := c.do("GET", "/api/auth/me", "", "Authorization", "Bearer "+login.Token); res.status != 401 || errorOf(t, res).Error.Code != "invalid_token" {
		t.Errorf("a logged-out token → %d %s, want 401", res.status, res.body)
	}
	if res := c.do("GET", "/api/auth/me", "", "Authorization", "Bearer "+reg.Token); res.status != 200 {
		t.Errorf("logging out one session ended another: %d", res.status)
	}
}

func TestWrongCredentialsAndTokens(t *testing.T) {
	t.Parallel()
	c := newAPI(t)
	c.register("anna@mail.ru", "норковая-шуба-2026")
	for _, creds := range [][2]string{{"anna@mail.ru", "норковая-шуба-2025"}, {"nobody@mail.ru", "норковая-шуба-2026"}} {
		res, _ := c.login(creds[0], creds[1])
		if res.status != 401 || errorOf(t, res).Error.Code != "invalid_credentials" {
			t.Errorf("login %v → %d %s; want 401 invalid_credentials", creds, res.status, res.body)
		}
	}
	for _, header := range []string{"", "Bearer", "Bearer nonsense", "Basic YW5uYTpwdw==", "Bearer " + strings.Repeat("x", 500)} {
		res := c.do("GET", "/api/auth/me", "", "Authorization", header)
		if res.status != 401 || res.header.Get("WWW-Authenticate") == "" {
			t.Errorf("Authorization %.30q → %d %s; want 401 with WWW-Authenticate", header, res.status, res.body)
		}
	}
}

func TestRegistrationBadInput(t *testing.T) {
	t.Parallel()
	c := newAPI(t)
	c.register("anna@mail.ru", "норковая-шуба-2026")
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
			res := c.do("POST", "/api/auth/register", tt.body, "Content-Type", "application/json")
			e := errorOf(t, res)
			if res.status != tt.status || e.Error.Code != tt.code || (tt.field != "" && e.Error.Fields[tt.field] == "") {
				t.Errorf("→ %d %s; want %d %s naming %q", res.status, res.body, tt.status, tt.code, tt.field)
			}
		})
	}
	// Nothing half-written: the refused registrations left no account behind.
	if res, _ := c.login("b@mail.ru", "норковая-шуба-2026"); res.status != 401 {
		t.Errorf("a refused registration can sign in: %d", res.status)
	}
}

func TestProfileAndPasswordChange(t *testing.T) {
	t.Parallel()
	c := newAPI(t)
	first := c.register("anna@mail.ru", "норковая-шуба-2026")
	_, second := c.login("anna@mail.ru", "норковая-шуба-2026")
	auth := []string{"Authorization", "Bearer " + first.Token}

	res := c.do("PATCH", "/api/auth/me", `{"last_name":"Петрова","phone":"+7 916 000-00-01"}`, auth...)
	var u struct {
		FirstName string `json:"first_name"`
		LastName  string `json:"last_name"`
		Phone     string `json:"phone"`
	}
	res.json(t, &u)
	if res.status != 200 || u.FirstName != "Анна" || u.LastName != "Петрова" || u.Phone != "79160000001" {
		t.Fatalf("PATCH /api/auth/me → %d %s", res.status, res.body)
	}
	if res := c.do("PATCH", "/api/auth/me", `{"phone":"12"}`, auth...); res.status != 400 || errorOf(t, res).Error.Fields["phone"] == "" {
		t.Errorf("bad phone → %d %s", res.status, res.body)
	}

	res = c.do("POST", "/api/auth/password/change", `{"current_password":"не-тот-пароль-1","new_password":"соболья-шуба-2027"}`, auth...)
	if res.status != 400 || errorOf(t, res).Error.Fields["current_password"] == "" {
		t.Fatalf("wrong current password → %d %s", res.status, res.body)
	}
	res = c.do("POST", "/api/auth/password/change", `{"current_password":"норковая-шуба-2026","new_password":"соболья-шуба-2027"}`, auth...)
	if res.status != http.StatusNoContent {
		t.Fatalf("password change → %d %s", res.status, res.body)
	}
	if res := c.do("GET", "/api/auth/me", "", auth...); res.status != 200 {
		t.Errorf("the session that changed the password was ended: %d", res.status)
	}
	if res := c.do("GET", "/api/auth/me", "", "Authorization", "Bearer "+second.Token); res.status != 401 {
		t.Errorf("another session survived the password change: %d", res.status)
	}
	if res, _ := c.login("anna@mail.ru", "норковая-шуба-2026"); res.status != 401 {
		t.Errorf("the old password still works: %d", res.status)
	}
	if res, _ := c.login("anna@mail.ru", "соболья-шуба-2027"); res.status != 200 {
		t.Errorf("the new password does not work: %d", res.status)
	}
}

func TestLoginIsRateLimited(t *testing.T) {
	t.Parallel()
	c := newAPIWith(t, apiOptions{limits: account.Limits{
		LoginPerIP:    ratelimit.Limit{Max: 8, Window: time.Hour},
		LoginPerEmail: ratelimit.Limit{Max: 3, Window: time.Hour},
	}})
	c.register("anna@mail.ru", "норковая-шуба-2026")
	for i := range 3 {
		if res, _ := c.login("anna@mail.ru", "неверный-пароль-"+strconv.Itoa(i)); res.status != 401 {
			t.Fatalf("attempt %d → %d", i, res.status)
		}
	}
	res, _ := c.login("anna@mail.ru", "норковая-шуба-2026")
	retry, _ := strconv.Atoi(res.header.Get("Retry-After"))
	if res.status != 429 || retry < 1 || retry > 3600 || errorOf(t, res).Error.Code != "too_many_requests" {
		t.Fatalf("4th attempt on one e-mail → %d Retry-After %q %s; want 429", res.status, res.header.Get("Retry-After"), res.body)
	}
	// Other addresses from the same client still get through until the per-client limit.
	var wg sync.WaitGroup
	statuses := make(chan int, 10)
	for i := range 10 {
		wg.Go(func() {
			res, _ := c.login(fmt.Sprintf("guess%d@mail.ru", i), "норковая-шуба-2026")
			statuses <- res.status
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
	c := newAPI(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go c.accounts.WatchChanges(ctx)
	reg := c.register("anna@mail.ru", "норковая-шуба-2026")
	auth := []string{"Authorization", "Bearer " + reg.Token}
	waitFor(t, func() bool { return c.do("GET", "/api/auth/me", "", auth...).status == 200 })

	if res := c.do("PATCH", "/api/auth/me", `{"first_name":"Анна Сергеевна"}`, auth...); res.status != 200 {
		t.Fatalf("PATCH → %d", res.status)
	}
	var me struct {
		FirstName string `json:"first_name"`
	}
	c.do("GET", "/api/auth/me", "", auth...).json(t, &me)
	if me.FirstName != "Анна Сергеевна" {
		t.Fatalf("a cached session shows the old name: %q", me.FirstName)
	}

	other, err := pgxpool.New(ctx, c.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.Exec(ctx, "DELETE FROM sessions"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return c.do("GET", "/api/auth/me", "", auth...).status == 401 })
}
