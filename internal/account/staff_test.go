package account_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/apptest"
	"github.com/mekhaishuby/furstore/internal/mail/mailtest"
)

// staffUser is the account behind a staff member's Authorization header.
func staffUser(t *testing.T, s *apptest.Server, auth []string) account.User {
	t.Helper()
	sess, err := s.App.Accounts.Authenticate(context.Background(), strings.TrimPrefix(auth[1], "Bearer "))
	if err != nil {
		t.Fatal(err)
	}
	return sess.User
}

// panelSignIn posts the panel's sign-in form and returns the answer (redirects not followed).
func panelSignIn(t *testing.T, s *apptest.Server, email, password string) *http.Response {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.PostForm(s.URL+"/admin/login", url.Values{"email": {email}, "password": {password}, "next": {"/admin/"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res
}

func codeOf(err error) string {
	if ae, ok := apperr.As(err); ok {
		return ae.Code
	}
	return ""
}

// An invitation creates a staff account without a password and mails a one-time link (the reset page's); the
// invitee sets a password with it and signs in to the panel; the sign-in is recorded, the invitation is in
// the audit log, and a customer's account is promoted (keeping its password) instead of created.
func TestInviteMailsALinkToSetAPassword(t *testing.T) {
	t.Parallel()
	box := mailtest.Start(t)
	s := apptest.Start(t, apptest.Options{Mail: box})
	boss := staffUser(t, s, s.Staff("boss@mekha-shuby.ru"))
	ctx := context.Background()

	inv, err := s.App.Accounts.Invite(ctx, boss, account.InviteInput{Email: " Olga@Mekha-Shuby.ru ", Name: " Ольга  Петрова "})
	if err != nil {
		t.Fatal(err)
	}
	if inv.Promoted || !inv.User.IsStaff || inv.User.Email != "olga@mekha-shuby.ru" || inv.User.FirstName != "Ольга" || inv.User.LastName != "Петрова" {
		t.Fatalf("invitation %+v", inv)
	}
	msg := box.WaitFor(t, 1, 10*time.Second)[0]
	if msg.Subject != "Приглашение в панель «Меха и Шубы»" || msg.To[0] != "olga@mekha-shuby.ru" ||
		!strings.Contains(msg.Text, "Здравствуйте, Ольга!") || !strings.Contains(msg.Text, "https://shop.example/admin/login") ||
		!strings.Contains(msg.Text, "72 ч.") || msg.HTML == "" {
		t.Errorf("invitation mail: %q\n%s", msg.Subject, msg.Text)
	}
	token := tokenFrom(t, msg)

	// Before the password is set nothing signs in, not even the unusable hash's own text.
	for _, pw := range []string{"!", "любой-пароль-2026"} {
		if res, _ := s.Login("olga@mekha-shuby.ru", pw); res.Status != http.StatusUnauthorized || apptest.ErrorOf(t, res).Error.Code != "invalid_credentials" {
			t.Errorf("invitee signs in with %q before setting a password → %d %s", pw, res.Status, res.Body)
		}
	}
	if list, _ := s.App.Accounts.Staff(ctx); len(list) != 2 || list[1].Email != "olga@mekha-shuby.ru" || list[1].HasPassword || list[1].LastLogin != nil {
		t.Errorf("staff list before the link: %+v", list)
	}
	if res := s.Do("POST", "/api/auth/password/reset/confirm", fmt.Sprintf(`{"token":%q,"new_password":"песцовая-горжетка-7"}`, token)); res.Status != 200 {
		t.Fatalf("set the password with the invitation's token → %d %s", res.Status, res.Body)
	}
	if res := panelSignIn(t, s, "olga@mekha-shuby.ru", "песцовая-горжетка-7"); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/" {
		t.Errorf("the invitee signs in to the panel → %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	list, err := s.App.Accounts.Staff(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if o := list[1]; !o.HasPassword || o.LastLogin == nil || time.Since(*o.LastLogin) > time.Minute || !o.Active || o.Name() != "Ольга Петрова" {
		t.Errorf("the invitee in the staff list: %+v", o)
	}
	if res := s.Do("POST", "/api/auth/password/reset/confirm", fmt.Sprintf(`{"token":%q,"new_password":"другой-пароль-2028"}`, token)); res.Status != 400 {
		t.Errorf("the invitation's link works twice: %d", res.Status)
	}

	if _, err := s.App.Accounts.Invite(ctx, boss, account.InviteInput{Email: "OLGA@mekha-shuby.ru"}); !errors.Is(err, account.ErrAlreadyStaff) {
		t.Errorf("inviting staff again → %v", err)
	}
	if _, err := s.App.Accounts.Invite(ctx, boss, account.InviteInput{Email: "не адрес"}); codeOf(err) != "invalid_email" {
		t.Errorf("inviting a bad address → %v", err)
	}

	anna := s.Customer("anna@mail.ru")
	if res := s.Do("GET", "/api/admin/audit", "", anna.Auth...); res.Status != http.StatusForbidden {
		t.Fatalf("a customer in the back office → %d", res.Status)
	}
	inv, err = s.App.Accounts.Invite(ctx, boss, account.InviteInput{Email: "anna@mail.ru", Name: "Анна"})
	if err != nil || !inv.Promoted || inv.User.ID != anna.ID {
		t.Fatalf("inviting a customer → %+v %v", inv, err)
	}
	// Registering an address proves nothing about owning it: the promoted account's password and sessions
	// end, and only the invitation's link (to the mailbox) lets anyone in.
	if res := s.Do("GET", "/api/admin/audit", "", anna.Auth...); res.Status != http.StatusUnauthorized {
		t.Errorf("the promoted customer's old session in the back office → %d", res.Status)
	}
	if res := panelSignIn(t, s, "anna@mail.ru", "норковая-шуба-2026"); res.StatusCode == http.StatusSeeOther {
		t.Errorf("the promoted customer signs in to the panel with the password she registered → %d", res.StatusCode)
	}
	if n := s.Scalar("SELECT count(*) FROM audit_log WHERE action = 'staff.invite' AND object_type = 'user' AND actor_email = 'boss@mekha-shuby.ru'"); n != 2 {
		t.Errorf("%d invitations in the audit log; want 2", n)
	}
	if n := s.Scalar("SELECT count(*) FROM audit_log WHERE action = 'staff.invite' AND after->>'promoted' = 'true'"); n != 1 {
		t.Errorf("%d promotions in the audit log; want 1", n)
	}
}

// A deactivated member of staff signs in nowhere, and their sessions stop working at once — in the API and
// the panel, on this server and on another that kept the session in memory; reactivated, they sign in again.
func TestDeactivatedStaffCannotSignIn(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	boss := staffUser(t, s, s.Staff("boss@mekha-shuby.ru"))
	clerkAuth := s.Staff("clerk@mekha-shuby.ru")
	clerk := staffUser(t, s, clerkAuth)
	clerkToken := strings.TrimPrefix(clerkAuth[1], "Bearer ")
	ctx := context.Background()

	// Another server on the same database, keeping sessions in memory.
	other, err := account.NewService(s.Pool, slog.New(slog.DiscardHandler), account.Config{})
	if err != nil {
		t.Fatal(err)
	}
	watchCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); other.WatchChanges(watchCtx) }()
	t.Cleanup(func() { stop(); <-done })
	apptest.WaitFor(t, other.Listening)
	if _, err := other.Authenticate(ctx, clerkToken); err != nil { // now cached there
		t.Fatal(err)
	}
	panelCookie := panelSignIn(t, s, "clerk@mekha-shuby.ru", "кладовщица-2026").Cookies()

	if err := s.App.Accounts.Deactivate(ctx, boss, clerk.ID); err != nil {
		t.Fatal(err)
	}
	if res := s.Do("GET", "/api/auth/me", "", clerkAuth...); res.Status != http.StatusUnauthorized {
		t.Errorf("a deactivated member's API session → %d", res.Status)
	}
	apptest.WaitFor(t, func() bool { _, err := other.Authenticate(ctx, clerkToken); return err != nil })
	req, _ := http.NewRequest("GET", s.URL+"/admin/", nil)
	for _, c := range panelCookie {
		req.AddCookie(c)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if len(panelCookie) == 0 || res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/admin/login") {
		t.Errorf("a deactivated member's panel session → %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res, _ := s.Login("clerk@mekha-shuby.ru", "кладовщица-2026"); res.Status != http.StatusUnauthorized || apptest.ErrorOf(t, res).Error.Code != "account_disabled" {
		t.Errorf("a deactivated member signs in to the API → %d %s", res.Status, res.Body)
	}
	if res := panelSignIn(t, s, "clerk@mekha-shuby.ru", "кладовщица-2026"); res.StatusCode == http.StatusSeeOther {
		t.Errorf("a deactivated member signs in to the panel")
	}
	if res := s.Do("POST", "/api/auth/password/reset", `{"email":"clerk@mekha-shuby.ru"}`); res.Status != http.StatusAccepted ||
		s.Scalar("SELECT count(*) FROM password_resets WHERE spent_at IS NULL") != 0 {
		t.Errorf("a deactivated member got a reset link: %d", res.Status)
	}
	if err := s.App.Accounts.Deactivate(ctx, boss, clerk.ID); err != nil {
		t.Errorf("deactivating twice → %v", err)
	}

	if err := s.App.Accounts.Activate(ctx, boss, clerk.ID); err != nil {
		t.Fatal(err)
	}
	if res, _ := s.Login("clerk@mekha-shuby.ru", "кладовщица-2026"); res.Status != http.StatusOK {
		t.Errorf("a reactivated member signs in → %d %s", res.Status, res.Body)
	}
	for action, want := range map[string]int{"staff.deactivate": 1, "staff.activate": 1} {
		if n := s.Scalar("SELECT count(*) FROM audit_log WHERE action = $1 AND object_id = $2", action, clerk.ID); n != want {
			t.Errorf("%d %s entries; want %d", n, action, want)
		}
	}
	customer := s.Customer("anna@mail.ru")
	for _, id := range []int64{customer.ID, 999999} {
		if err := s.App.Accounts.Deactivate(ctx, boss, id); !errors.Is(err, account.ErrStaffNotFound) {
			t.Errorf("deactivating %d (no staff account) → %v", id, err)
		}
	}
}

// The last active staff account cannot be deactivated, also when two deactivations of the last two race.
func TestLastActiveStaffCannotBeDeactivated(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	boss := staffUser(t, s, s.Staff("boss@mekha-shuby.ru"))
	ctx := context.Background()
	if err := s.App.Accounts.Deactivate(ctx, boss, boss.ID); !errors.Is(err, account.ErrLastActiveStaff) {
		t.Fatalf("deactivating the only staff account → %v", err)
	}
	for round := range 5 {
		other := staffUser(t, s, s.Staff(fmt.Sprintf("clerk%d@mekha-shuby.ru", round)))
		errs := make([]error, 2)
		var wg sync.WaitGroup
		for i, id := range []int64{boss.ID, other.ID} {
			wg.Go(func() { errs[i] = s.App.Accounts.Deactivate(ctx, other, id) })
		}
		wg.Wait()
		refused := 0
		for _, err := range errs {
			switch {
			case errors.Is(err, account.ErrLastActiveStaff):
				refused++
			case err != nil:
				t.Fatal(err)
			}
		}
		if n := s.Scalar("SELECT count(*) FROM users WHERE is_staff AND is_active"); refused != 1 || n != 1 {
			t.Fatalf("round %d: %d refused, %d active staff left; want 1 and 1", round, refused, n)
		}
		// Whoever is left active becomes boss for the next round.
		id := s.Scalar("SELECT id FROM users WHERE is_staff AND is_active")
		boss = account.User{ID: int64(id), Email: "x", IsStaff: true}
	}
}
