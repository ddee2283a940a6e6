package panel_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/mekhaishuby/furstore/internal/apptest"
	"github.com/mekhaishuby/furstore/internal/panel"
)

// browser is a staff member's browser: a cookie jar, and redirects left for the test to see.
type browser struct {
	t      *testing.T
	base   string
	client *http.Client
}

func newBrowser(t *testing.T, s *apptest.Server) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, base: s.URL, client: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type page struct {
	status int
	header http.Header
	body   string
}

func (b *browser) do(method, path string, form url.Values, header ...string) page {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.base+path, body)
	if err != nil {
		b.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return b.send(req)
}

// send sends req as the browser: its cookies, redirects not followed.
func (b *browser) send(req *http.Request) page {
	b.t.Helper()
	res, err := b.client.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	got, _ := io.ReadAll(res.Body)
	return page{status: res.StatusCode, header: res.Header, body: string(got)}
}

func (b *browser) signIn(email, password string) page {
	b.t.Helper()
	return b.do("POST", "/admin/login", url.Values{"email": {email}, "password": {password}, "next": {"/admin/"}})
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (p page) csrf(t *testing.T) string {
	t.Helper()
	m := csrfField.FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("no form token on the page:\n%.500s", p.body)
	}
	return m[1]
}

// Signing in: staff get a session cookie (HttpOnly, SameSite=Lax) and the summary page; a customer and a wrong
// password get the form again with the reason in Russian; pages carry a strict CSP; signing out ends the
// session for the API too.
func TestStaffSignInAndOut(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	s.Staff("sklad@mekha-shuby.ru") // creates the account (password "кладовщица-2026")
	s.Customer("anna@mail.ru")
	b := newBrowser(t, s)

	if p := b.do("GET", "/admin/", nil); p.status != http.StatusSeeOther || p.header.Get("Location") != "/admin/login?next=%2Fadmin%2F" {
		t.Fatalf("GET /admin/ without a session → %d %s", p.status, p.header.Get("Location"))
	}
	form := b.do("GET", "/admin/login", nil)
	if form.status != 200 || !strings.Contains(form.body, `name="password"`) || !strings.Contains(form.body, "Вход в панель") {
		t.Fatalf("sign-in form → %d\n%.300s", form.status, form.body)
	}
	if csp := form.header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("CSP %q", csp)
	}

	if p := b.signIn("anna@mail.ru", "норковая-шуба-2026"); p.status != http.StatusForbidden || !strings.Contains(p.body, "нет доступа") || len(p.header.Values("Set-Cookie")) != 0 {
		t.Errorf("a customer signing in → %d cookies %v\n%.300s", p.status, p.header.Values("Set-Cookie"), p.body)
	}
	wrong := b.signIn("sklad@mekha-shuby.ru", "не-тот-пароль")
	if wrong.status != http.StatusUnauthorized || !strings.Contains(wrong.body, "Неверный адрес") || !strings.Contains(wrong.body, `value="sklad@mekha-shuby.ru"`) {
		t.Errorf("a wrong password → %d\n%.300s", wrong.status, wrong.body)
	}

	in := b.signIn("sklad@mekha-shuby.ru", "кладовщица-2026")
	cookie := in.header.Get("Set-Cookie")
	if in.status != http.StatusSeeOther || in.header.Get("Location") != "/admin/" ||
		!strings.Contains(cookie, "HttpOnly") || !strings.Contains(cookie, "SameSite=Lax") || !strings.Contains(cookie, "Path=/admin/") {
		t.Fatalf("staff signing in → %d %s, cookie %q", in.status, in.header.Get("Location"), cookie)
	}
	home := b.do("GET", "/admin/", nil)
	if home.status != 200 || !strings.Contains(home.body, "<h1>Сводка</h1>") || !strings.Contains(home.body, "sklad@mekha-shuby.ru") {
		t.Fatalf("summary → %d\n%.500s", home.status, home.body)
	}
	if p := b.do("GET", "/admin/nothing-here", nil); p.status != http.StatusNotFound || !strings.Contains(p.body, "Такой страницы нет") {
		t.Errorf("an unknown page → %d", p.status)
	}

	// The panel's session is an API session: signing out ends it there too.
	token := strings.TrimPrefix(strings.SplitN(cookie, ";", 2)[0], "furstore_staff=")
	if res := s.Do("GET", "/api/auth/me", "", "Authorization", "Bearer "+token); res.Status != 200 {
		t.Fatalf("the panel's session in the API → %d", res.Status)
	}
	if p := b.do("POST", "/admin/logout", url.Values{"csrf": {home.csrf(t)}}); p.status != http.StatusSeeOther {
		t.Fatalf("sign out → %d\n%.300s", p.status, p.body)
	}
	if res := s.Do("GET", "/api/auth/me", "", "Authorization", "Bearer "+token); res.Status != http.StatusUnauthorized {
		t.Errorf("after signing out of the panel the API still takes its session: %d", res.Status)
	}
	if p := b.do("GET", "/admin/", nil); p.status != http.StatusSeeOther {
		t.Errorf("after signing out → %d", p.status)
	}
}

// Сводка counts today's orders and their revenue, the orders waiting for confirmation, and the sizes running out.
func TestSummaryShowsTodaysOrders(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	s.Staff("sklad@mekha-shuby.ru")
	anna := s.Customer("anna@mail.ru")
	s.AddToCart("zhaket-vera", 4, anna.Auth...) // 4 × 16 400,00 of 5
	s.PlaceOrder(201, `{"phone_number":"79855508853","payment_on_get":true}`, anna.Auth...)
	b := newBrowser(t, s)
	b.signIn("sklad@mekha-shuby.ru", "кладовщица-2026")
	home := b.do("GET", "/admin/", nil)
	text := regexp.MustCompile(`\s+`).ReplaceAllString(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(home.body, " "), " ")
	for _, want := range []string{"Сегодня 1 заказ 65 600,00 ₽", "Эта неделя 1 заказ 65 600,00 ₽", "Ждут подтверждения 1",
		"Жакет «Вера» MS-000004 — — 1"} { // 1 left: running out
		if !strings.Contains(strings.ReplaceAll(text, "\u00a0", " "), want) {
			t.Errorf("summary lacks %q:\n%s", want, text)
		}
	}
}

// Forms are refused from another site (the standard library's cross-origin protection) and without the
// session's form token; every staff route asks for a staff session, walked from the route table.
func TestPanelRefusesWhatIsNotStaffsOwn(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	s.Staff("sklad@mekha-shuby.ru")
	b := newBrowser(t, s)
	if p := b.do("POST", "/admin/login", url.Values{"email": {"sklad@mekha-shuby.ru"}, "password": {"кладовщица-2026"}},
		"Sec-Fetch-Site", "cross-site"); p.status != http.StatusForbidden || !strings.Contains(p.body, "другого сайта") {
		t.Errorf("a cross-site sign-in → %d", p.status)
	}
	if p := b.do("POST", "/admin/login", url.Values{"email": {"x"}}, "Origin", "https://evil.example"); p.status != http.StatusForbidden {
		t.Errorf("a sign-in with another Origin → %d", p.status)
	}
	if p := b.signIn("sklad@mekha-shuby.ru", "кладовщица-2026"); p.status != http.StatusSeeOther {
		t.Fatalf("sign in → %d", p.status)
	}
	if p := b.do("POST", "/admin/logout", url.Values{"csrf": {"forged"}}); p.status != http.StatusForbidden || !strings.Contains(p.body, "Форма устарела") {
		t.Errorf("a form without the session's token → %d", p.status)
	}
	if p := b.do("GET", "/admin/", nil); p.status != 200 {
		t.Errorf("the refused form ended the session: %d", p.status)
	}
	if p := b.do("POST", "/admin/login", url.Values{"email": {"sklad@mekha-shuby.ru"}, "password": {"кладовщица-2026"},
		"next": {"https://evil.example/"}}); p.header.Get("Location") != "/admin/" {
		t.Errorf("next= sent the staff member to %q", p.header.Get("Location"))
	}

	stranger := newBrowser(t, s)
	p, err := panel.New(nil, nil, nil, nil, nil, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	staffRoutes := 0
	for _, r := range p.Routes() {
		method, path, _ := strings.Cut(r.Pattern, " ")
		path = strings.TrimSuffix(path, "{$}")
		if !r.Staff {
			if path != "/admin/login" {
				t.Errorf("%s is open to anyone", r.Pattern)
			}
			continue
		}
		staffRoutes++
		var form url.Values
		if method == "POST" {
			form = url.Values{"csrf": {"x"}}
		}
		got := stranger.do(method, path, form)
		switch {
		case method == "GET" && (got.status != http.StatusSeeOther || !strings.HasPrefix(got.header.Get("Location"), "/admin/login")):
			t.Errorf("%s without a session → %d %s", r.Pattern, got.status, got.header.Get("Location"))
		case method != "GET" && got.status != http.StatusForbidden:
			t.Errorf("%s without a session → %d", r.Pattern, got.status)
		}
	}
	if staffRoutes < 2 {
		t.Errorf("only %d staff routes in the table", staffRoutes)
	}
}
