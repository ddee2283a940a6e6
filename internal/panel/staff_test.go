package panel_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mekhaishuby/furstore/internal/apptest"
	"github.com/mekhaishuby/furstore/internal/mail/mailtest"
)

var inviteLink = regexp.MustCompile(`https://shop\.example/password/reset/confirm\?token=([A-Za-z0-9_-]+)`)

// Сотрудники: the list with each account's state and last sign-in, an invitation mailed from the form (errors
// in Russian next to it, what was typed kept), the invitee setting a password through the link and signing
// in, deactivation ending their panel session, the last active account kept, and reactivation.
func TestStaffPage(t *testing.T) {
	t.Parallel()
	box := mailtest.Start(t)
	s := apptest.Start(t, apptest.Options{Mail: box})
	s.Staff("boss@mekha-shuby.ru")
	boss := newBrowser(t, s)
	boss.signIn("boss@mekha-shuby.ru", "кладовщица-2026")

	list := boss.do("GET", "/admin/staff", nil)
	if list.status != 200 || !strings.Contains(list.body, "<h1>Сотрудники</h1>") || !strings.Contains(list.body, "boss@mekha-shuby.ru (вы)") {
		t.Fatalf("staff page → %d\n%.1500s", list.status, list.body)
	}
	nav := regexp.MustCompile(`(?s)<nav.*?</nav>`).FindString(list.body)
	if !strings.HasSuffix(strings.TrimSpace(strings.TrimSuffix(nav, "</nav>")), `<a href="/admin/staff" aria-current="page">Сотрудники</a>`) {
		t.Errorf("«Сотрудники» is not the menu's last item, marked current:\n%s", nav)
	}
	csrf := list.csrf(t)
	invite := func(email, name string) page {
		t.Helper()
		return boss.do("POST", "/admin/staff/invite", url.Values{"csrf": {csrf}, "email": {email}, "name": {name}})
	}

	for _, c := range []struct {
		email, name string
		status      int
		want        string
	}{
		{"не адрес", "Ольга", http.StatusUnprocessableEntity, "Это не адрес эл. почты"},
		{"", "Ольга", http.StatusUnprocessableEntity, "Введите адрес эл. почты"},
		{"olga@mekha-shuby.ru", strings.Repeat("я", 101), http.StatusUnprocessableEntity, "не длиннее 100 знаков"},
		{"BOSS@mekha-shuby.ru", "", http.StatusConflict, "уже принадлежит сотруднику"},
	} {
		p := invite(c.email, c.name)
		if p.status != c.status || !strings.Contains(p.body, c.want) || !strings.Contains(p.body, `value="`+c.email+`"`) {
			t.Errorf("invite %q %q → %d, want %d and %q with the address kept\n%.2000s", c.email, c.name, p.status, c.status, c.want, p.body)
		}
	}
	if n := s.Scalar("SELECT count(*) FROM mail_outbox"); n != 0 {
		t.Fatalf("%d mails queued by refused invitations", n)
	}

	sent := invite("olga@mekha-shuby.ru", "Ольга Петрова")
	if sent.status != http.StatusSeeOther || sent.header.Get("Location") != "/admin/staff?done=invited" {
		t.Fatalf("invite → %d %s\n%.1000s", sent.status, sent.header.Get("Location"), sent.body)
	}
	list = boss.do("GET", "/admin/staff?done=invited", nil)
	if !strings.Contains(list.body, "Приглашение отправлено") || !strings.Contains(list.body, "Ольга Петрова") ||
		!strings.Contains(list.body, "приглашён, пароль не задан") {
		t.Errorf("the list after inviting:\n%.3000s", list.body)
	}
	m := inviteLink.FindStringSubmatch(box.WaitFor(t, 1, 10*time.Second)[0].Text)
	if m == nil {
		t.Fatalf("no link in the invitation")
	}
	if res := s.Do("POST", "/api/auth/password/reset/confirm", fmt.Sprintf(`{"token":%q,"new_password":"песцовая-горжетка-7"}`, m[1])); res.Status != 200 {
		t.Fatalf("set the password → %d %s", res.Status, res.Body)
	}
	olga := newBrowser(t, s)
	if p := olga.signIn("olga@mekha-shuby.ru", "песцовая-горжетка-7"); p.status != http.StatusSeeOther {
		t.Fatalf("the invitee signs in → %d\n%.500s", p.status, p.body)
	}
	if p := olga.do("GET", "/admin/", nil); p.status != 200 {
		t.Fatalf("the invitee's summary → %d", p.status)
	}
	olgaID := s.Scalar("SELECT id FROM users WHERE email = 'olga@mekha-shuby.ru'")
	bossID := s.Scalar("SELECT id FROM users WHERE email = 'boss@mekha-shuby.ru'")
	list = boss.do("GET", "/admin/staff", nil)
	if row := regexp.MustCompile(`(?s)olga@mekha-shuby\.ru</td>.*?</tr>`).FindString(list.body); !regexp.MustCompile(`\d\d\.\d\d\.\d{4} \d\d:\d\d`).MatchString(row) ||
		!strings.Contains(row, "действует") || !strings.Contains(row, fmt.Sprintf(`action="/admin/staff/%d/deactivate"`, olgaID)) {
		t.Errorf("the invitee's row after signing in:\n%s", row)
	}

	post := func(path string) page {
		t.Helper()
		return boss.do("POST", path, url.Values{"csrf": {csrf}})
	}
	if p := post(fmt.Sprintf("/admin/staff/%d/deactivate", olgaID)); p.status != http.StatusSeeOther || p.header.Get("Location") != "/admin/staff?done=deactivated" {
		t.Fatalf("deactivate → %d %s\n%.1000s", p.status, p.header.Get("Location"), p.body)
	}
	if p := olga.do("GET", "/admin/", nil); p.status != http.StatusSeeOther {
		t.Errorf("a deactivated member's panel session → %d", p.status)
	}
	if p := olga.signIn("olga@mekha-shuby.ru", "песцовая-горжетка-7"); p.status != http.StatusForbidden || !strings.Contains(p.body, "учётная запись отключена") {
		t.Errorf("a deactivated member signs in → %d\n%.800s", p.status, p.body)
	}
	if p := boss.do("GET", "/admin/staff?done=deactivated", nil); !strings.Contains(p.body, "Сотрудник отключён") || !strings.Contains(p.body, "Включить") {
		t.Errorf("the list after deactivating:\n%.3000s", p.body)
	}
	last := post(fmt.Sprintf("/admin/staff/%d/deactivate", bossID))
	if last.status != http.StatusConflict || !strings.Contains(last.body, "единственный действующий сотрудник") {
		t.Errorf("deactivating the last active account → %d\n%.1500s", last.status, last.body)
	}
	for _, path := range []string{"/admin/staff/999999/deactivate", "/admin/staff/abc/activate", "/admin/staff/0/activate"} {
		if p := post(path); p.status != http.StatusNotFound {
			t.Errorf("%s → %d", path, p.status)
		}
	}
	if p := post(fmt.Sprintf("/admin/staff/%d/activate", olgaID)); p.status != http.StatusSeeOther || p.header.Get("Location") != "/admin/staff?done=activated" {
		t.Fatalf("activate → %d %s", p.status, p.header.Get("Location"))
	}
	if p := olga.signIn("olga@mekha-shuby.ru", "песцовая-горжетка-7"); p.status != http.StatusSeeOther {
		t.Errorf("a reactivated member signs in → %d", p.status)
	}
	if p := boss.do("POST", fmt.Sprintf("/admin/staff/%d/deactivate", olgaID), url.Values{"csrf": {"forged"}}); p.status != http.StatusForbidden {
		t.Errorf("a deactivation without the form's token → %d", p.status)
	}
	for action, want := range map[string]int{"staff.invite": 1, "staff.deactivate": 1, "staff.activate": 1} {
		if n := s.Scalar("SELECT count(*) FROM audit_log WHERE action = $1 AND actor_email = 'boss@mekha-shuby.ru'", action); n != want {
			t.Errorf("%d %s entries; want %d", n, action, want)
		}
	}
}
