package account

import (
	"bytes"
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

type mailData struct {
	Name    string // how to greet: the first name, or nothing
	Email   string
	Link    string
	Shop    string // the store's web address
	Minutes int
}

func welcomeMail(u User, publicURL string) mail.Message {
	d := mailData{Name: u.FirstName, Email: u.Email, Shop: publicURL}
	return render("welcome", u.Email, "Добро пожаловать в «Меха и Шубы»", d)
}

// resetMail carries the one-time link. The frontend's page at /password/reset/confirm reads the token from
// the link and sends it with the new password to POST /api/auth/password/reset/confirm.
func resetMail(u User, publicURL, token string, ttl time.Duration) mail.Message {
	link := strings.TrimSuffix(publicURL, "/") + "/password/reset/confirm?token=" + token
	d := mailData{Name: u.FirstName, Email: u.Email, Link: link, Shop: publicURL, Minutes: int(ttl.Minutes())}
	return render("password_reset", u.Email, "Восстановление пароля — «Меха и Шубы»", d)
}

// render fills both templates of a mail. The templates are ours and embedded, so a failure is a bug caught by
// the tests, not something to recover from at run time.
func render(kind, to, subject string, d mailData) mail.Message {
	var text, html bytes.Buffer
	texttemplate.Must(texttemplate.ParseFS(mailFiles, "mails/"+kind+".txt")).Execute(&text, d)  //nolint:errcheck
	htmltemplate.Must(htmltemplate.ParseFS(mailFiles, "mails/"+kind+".html")).Execute(&html, d) //nolint:errcheck
	return mail.Message{Kind: kind, To: to, Subject: subject, Text: text.String(), HTML: html.String()}
}
