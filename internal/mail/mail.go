// Package mail sends the store's e-mail through an outbox: a message is written to the database in the same
// transaction as the change that causes it, and a worker delivers it over SMTP after commit, retrying with
// backoff while the server is away. A mail is never lost, and never sent for a change that rolled back.
package mail

import (
	"bytes"
	"context"
	"fmt"
	htmltemplate "html/template"
	texttemplate "text/template"

	"github.com/mekhaishuby/furstore/internal/mail/internal/maildb"
	"github.com/mekhaishuby/furstore/internal/store"
)

// Message is one e-mail, with a plain-text body and an HTML alternative.
type Message struct {
	Kind    string // what the mail is about, e.g. "password_reset"; for logs
	To      string
	Subject string
	Text    string
	HTML    string
}

// Render fills a mail's plain-text and HTML templates with data. The templates are the caller's own, embedded
// and parsed once at package level, so a failure is a bug its tests catch first, not something to recover from
// at run time.
func Render(kind, to, subject string, text *texttemplate.Template, html *htmltemplate.Template, data any) Message {
	var t, h bytes.Buffer
	_ = text.Execute(&t, data)
	_ = html.Execute(&h, data)
	return Message{Kind: kind, To: to, Subject: subject, Text: t.String(), HTML: h.String()}
}

// Enqueue writes msg to the outbox through tx, the caller's transaction: it is sent only if that commits. This
// is how every other package sends mail: the outbox is the mail package's table.
func Enqueue(ctx context.Context, tx *store.Tx, msg Message) error {
	err := maildb.New(tx).EnqueueMail(ctx, maildb.EnqueueMailParams{
		Kind: msg.Kind, ToAddress: msg.To, Subject: msg.Subject, TextBody: &msg.Text, HtmlBody: &msg.HTML,
	})
	if err != nil {
		return fmt.Errorf("queue %s mail: %w", msg.Kind, err)
	}
	return nil
}

// Sender delivers one message; SMTP in production, the log in development.
type Sender interface {
	Send(ctx context.Context, id int64, msg Message) error
}
