package account

import (
	"embed"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
	"time"

	"github.com/mekhaishuby/furstore/internal/mail"
)

// The mails are Russian, in plain text with an HTML alternative; mails/*.txt and mails/*.html hold them.
//
//go:embed mails
var mailFiles embed.FS

var (
	welcomeText = texttemplate.Must(texttemplate.ParseFS(mailFiles, "mails/welcome.txt"))
	welcomeHTML = htmltemplate.Must(htmltemplate.ParseFS(mailFiles, "mails/welcome.html"))
	resetText   = texttemplate.Must(texttemplate.ParseFS(mailFiles, "mails/password_reset.txt"))
	resetHTML   = htmltemplate.Must(htmltemplate.ParseFS(mailFiles, "mails/password_reset.html"))
	inviteText  = texttemplate.Must(texttemplate.ParseFS(mailFiles, "mails/staff_invite.txt"))
	inviteHTML  = htmltemplate.Must(htmltemplate.ParseFS(mailFiles, "mails/staff_invite.html"))
)

type mailData struct {
	Name    string // how to greet: the first name, or nothing
	Email   string
	Link    string
	Shop    string // the store's web address
	Minutes int
	// A staff invitation's: who invites, how long its link works, where the panel is, and whether the account
	// was a customer's (which keeps its password).
	By       string
	Hours    int
	Panel    string
	Promoted bool
}

func welcomeMail(u User, publicURL string) mail.Message {
	d := mailData{Name: u.FirstName, Email: u.Email, Shop: publicURL}
	return mail.Render("welcome", u.Email, "Добро пожаловать в «Меха и Шубы»", welcomeText, welcomeHTML, d)
}

// resetMail carries the one-time link. The frontend's page at /password/reset/confirm reads the token from
// the link and sends it with the new password to POST /api/auth/password/reset/confirm.
func resetMail(u User, publicURL, token string, ttl time.Duration) mail.Message {
	link := strings.TrimSuffix(publicURL, "/") + "/password/reset/confirm?token=" + token
	d := mailData{Name: u.FirstName, Email: u.Email, Link: link, Shop: publicURL, Minutes: int(ttl.Minutes())}
	return mail.Render("password_reset", u.Email, "Восстановление пароля — «Меха и Шубы»", resetText, resetHTML, d)
}

// inviteMail carries a staff invitation's one-time link to set a password. It is a reset link (the same token
// table and the same confirmation), so it points at the storefront's reset page, PUBLIC_URL +
// /password/reset/confirm?token=…, which sends the new password to POST /api/auth/password/reset/confirm;
// the mail then names the panel's sign-in, PUBLIC_URL + /admin/login.
func inviteMail(u, by User, publicURL, token string, ttl time.Duration, promoted bool) mail.Message {
	base := strings.TrimSuffix(publicURL, "/")
	who := by.name()
	if who == "" {
		who = by.Email
	}
	d := mailData{Name: u.FirstName, Email: u.Email, Link: base + "/password/reset/confirm?token=" + token, Shop: publicURL,
		By: who, Hours: int(ttl.Hours()), Panel: base + "/admin/login", Promoted: promoted}
	return mail.Render("staff_invite", u.Email, "Приглашение в панель «Меха и Шубы»", inviteText, inviteHTML, d)
}
