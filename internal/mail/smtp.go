package mail

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// SMTPConfig is how to reach the SMTP server (SMTP_* variables).
type SMTPConfig struct {
	Host     string
	Port     int
	Username string
	Password string
	From     string // e.g. «Меха и Шубы» <noreply@mekha-shuby.ru>
	TLS      string // none, starttls or tls
}

// SMTP sends mail through an SMTP server with github.com/wneessen/go-mail.
type SMTP struct {
	cfg SMTPConfig
}

// NewSMTP returns a sender for cfg.
func NewSMTP(cfg SMTPConfig) *SMTP { return &SMTP{cfg: cfg} }

// Send delivers msg. The Message-ID is derived from the outbox id, so if a retry does deliver a mail twice (the
// server took it but the answer was lost), mail clients can tell the copies are one message.
func (s *SMTP) Send(ctx context.Context, id int64, msg Message) error {
	opts := []gomail.Option{gomail.WithPort(s.cfg.Port), gomail.WithTimeout(20 * time.Second)}
	switch s.cfg.TLS {
	case "none":
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case "tls":
		opts = append(opts, gomail.WithSSL())
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if s.cfg.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(s.cfg.Username), gomail.WithPassword(s.cfg.Password))
	}
	client, err := gomail.NewClient(s.cfg.Host, opts...)
	if err != nil {
		return fmt.Errorf("smtp client: %w", err)
	}
	m := gomail.NewMsg()
	if err := m.From(s.cfg.From); err != nil {
		return fmt.Errorf("from address %q: %w", s.cfg.From, err)
	}
	if err := m.To(msg.To); err != nil {
		return fmt.Errorf("to address: %w", err)
	}
	m.Subject(msg.Subject)
	m.SetBodyString(gomail.TypeTextPlain, msg.Text)
	if msg.HTML != "" {
		m.AddAlternativeString(gomail.TypeTextHTML, msg.HTML)
	}
	m.SetDate()
	m.SetGenHeader(gomail.HeaderMessageID, fmt.Sprintf("<outbox-%d@%s>", id, s.cfg.Host))
	return client.DialAndSendWithContext(ctx, m)
}

// Log "sends" mail by writing it to the log: development without an SMTP server.
type Log struct {
	log *slog.Logger
}

// NewLog returns a sender that logs.
func NewLog(log *slog.Logger) *Log { return &Log{log: log} }

// Send logs msg, body included, so a developer can follow a password-reset link.
func (l *Log) Send(_ context.Context, id int64, msg Message) error {
	l.log.Info("mail (SMTP_HOST is not set, so it is only logged)", "id", id, "kind", msg.Kind, "to", msg.To,
		"subject", msg.Subject, "text", msg.Text)
	return nil
}
