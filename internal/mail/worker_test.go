package mail_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mekhaishuby/furstore/internal/mail"
	"github.com/mekhaishuby/furstore/internal/mail/internal/maildb"
	"github.com/mekhaishuby/furstore/internal/mail/mailtest"
	"github.com/mekhaishuby/furstore/internal/store"
	"github.com/mekhaishuby/furstore/internal/store/dbtest"
)

// resetMail is a password-reset mail like the one the account service sends: Cyrillic everywhere, a line longer
// than the 76 characters quoted-printable allows, a one-time link, and an HTML alternative.
func resetMail(subject string) mail.Message {
	return mail.Message{
		Kind:    "password_reset",
		To:      "anna.smirnova@example.ru",
		Subject: subject,
		Text: "Здравствуйте, Анна Сергеевна!\n\n" +
			"Чтобы задать новый пароль для входа в магазин «Меха и Шубы», откройте ссылку (она действует один час):\n" +
			"https://mekha-shuby.test/reset?token=3q2-7vXk_ёж\n\n" +
			"Если вы не просили сменить пароль, ничего не делайте — ваш пароль останется прежним.\n",
		HTML: `<p>Здравствуйте, Анна Сергеевна!</p>` +
			`<p>Чтобы задать новый пароль, <a href="https://mekha-shuby.test/reset?token=3q2-7vXk_ёж">откройте ссылку</a>.</p>` +
			`<p>Шуба из норки «Северная» — 189 900 ₽</p>`,
	}
}

// crlf is how SMTP carries line ends, and so how Mailpit returns the text part.
func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }

func TestCommittedMailArrivesOnceIntact(t *testing.T) {
	t.Parallel()
	pool, srv := dbtest.New(t), mailtest.Start(t)
	msg := resetMail("Восстановление пароля — «Меха и Шубы»")
	enqueue(t, pool, msg)
	run(t, newWorker(pool, smtpSender(srv), testConfig(5)))

	srv.WaitFor(t, 1, 5*time.Second)
	r := waitRow(t, pool, msg.Subject, "sent", func(r outboxRow) bool { return r.Status == "sent" })
	// The row is marked sent only after the SMTP server took the mail, so nothing more can arrive now.
	got := srv.Messages(t)
	want := []mailtest.Message{{
		From:      shopFrom,
		To:        []string{"anna.smirnova@example.ru"},
		Subject:   msg.Subject,
		Text:      crlf(msg.Text),
		HTML:      msg.HTML,
		MessageID: fmt.Sprintf("outbox-%d@%s", r.ID, srv.SMTPHost()),
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mail received (-want +got):\n%s", diff)
	}
	if r.Attempts != 1 || r.LastError != nil || r.SentAt == nil {
		t.Errorf("outbox row = %s, sent_at %v; want one attempt, no error, sent_at set", r, r.SentAt)
	}
	// The bodies hold the one-time link: they must not stay in the database once the mail is out.
	if r.TextBody != nil || r.HTMLBody != nil {
		t.Errorf("outbox row = %s; want the bodies cleared after sending", r)
	}
}

func TestRolledBackMailIsNeverSent(t *testing.T) {
	t.Parallel()
	pool, srv := dbtest.New(t), mailtest.Start(t)
	errRollback := errors.New("roll back")
	err := store.InTx(context.Background(), pool, func(tx *store.Tx) error {
		if err := mail.Enqueue(context.Background(), tx, resetMail("откатили")); err != nil {
			return err
		}
		return errRollback
	})
	if !errors.Is(err, errRollback) {
		t.Fatal(err)
	}
	// A mail committed after it shows the worker has looked at the outbox since.
	enqueue(t, pool, resetMail("зафиксировали"))
	run(t, newWorker(pool, smtpSender(srv), testConfig(5)))

	srv.WaitFor(t, 1, 5*time.Second)
	waitRow(t, pool, "зафиксировали", "sent", func(r outboxRow) bool { return r.Status == "sent" })
	time.Sleep(200 * time.Millisecond) // a few more polls
	var got []string
	for _, m := range srv.Messages(t) {
		got = append(got, m.Subject)
	}
	if diff := cmp.Diff([]string{"зафиксировали"}, got); diff != "" {
		t.Errorf("subjects received (-want +got):\n%s", diff)
	}
	var rows int
	if err := pool.QueryRow(context.Background(), "SELECT count(*) FROM mail_outbox").Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != 1 {
		t.Errorf("outbox holds %d rows, want 1: the rolled-back mail must leave none", rows)
	}
}

// The SMTP server is away when a customer asks for a password reset: the mail waits in the outbox, the worker
// keeps trying, and once the server is back the customer gets it — once.
func TestMailWaitsOutSMTPOutage(t *testing.T) {
	t.Parallel()
	pool, srv := dbtest.New(t), mailtest.Start(t)
	srv.Stop()
	msg := resetMail("Восстановление пароля")
	enqueue(t, pool, msg)
	run(t, newWorker(pool, smtpSender(srv), testConfig(50)))

	r := waitRow(t, pool, msg.Subject, "tried twice and failed", func(r outboxRow) bool {
		return r.Attempts >= 2 && r.LastError != nil
	})
	if r.Status != "pending" || r.TextBody == nil || r.HTMLBody == nil {
		t.Fatalf("outbox row during the outage = %s; want pending with its bodies kept for the next attempt", r)
	}
	t.Logf("during the outage: %s", r)

	srv.Start()
	srv.WaitFor(t, 1, 5*time.Second)
	r = waitRow(t, pool, msg.Subject, "sent", func(r outboxRow) bool { return r.Status == "sent" })
	time.Sleep(600 * time.Millisecond) // longer than RetryMax: a stray retry would have gone out by now
	got := srv.Messages(t)
	if len(got) != 1 {
		t.Fatalf("%d mails arrived after the outage, want exactly 1", len(got))
	}
	if got[0].Subject != msg.Subject || got[0].Text != crlf(msg.Text) {
		t.Errorf("mail after the outage = %+v; want subject %q and the original text", got[0], msg.Subject)
	}
	if r.LastError != nil || r.TextBody != nil || r.HTMLBody != nil {
		t.Errorf("outbox row after delivery = %s; want last_error and bodies cleared", r)
	}
}

func TestMailGivenUpAfterMaxAttempts(t *testing.T) {
	t.Parallel()
	pool, srv := dbtest.New(t), mailtest.Start(t)
	srv.Stop()
	msg := resetMail("Не дойдёт")
	enqueue(t, pool, msg)
	run(t, newWorker(pool, smtpSender(srv), testConfig(3)))

	r := waitRow(t, pool, msg.Subject, "failed", func(r outboxRow) bool { return r.Status == "failed" })
	if r.Attempts != 3 || r.LastError == nil || *r.LastError == "" || r.SentAt != nil {
		t.Errorf("given-up row = %s; want 3 attempts, the last error, never sent", r)
	}
	if r.TextBody != nil || r.HTMLBody != nil {
		t.Errorf("given-up row = %s; want the bodies (and their one-time link) cleared", r)
	}

	// Given up means given up: with the server back and the worker still running, the mail does not go out.
	srv.Start()
	time.Sleep(700 * time.Millisecond) // RetryMax and a few polls
	if got := srv.Messages(t); len(got) != 0 {
		t.Errorf("%d mails arrived after the mail was given up, want none", len(got))
	}
	if later := row(t, pool, msg.Subject); later.Status != "failed" || later.Attempts != 3 {
		t.Errorf("given-up row later = %s; want it left failed after 3 attempts", later)
	}
}

// countingSender counts what it passes on, to show which worker delivered what.
type countingSender struct {
	mail.Sender
	sent atomic.Int64
}

func (c *countingSender) Send(ctx context.Context, id int64, msg mail.Message) error {
	err := c.Sender.Send(ctx, id, msg)
	if err == nil {
		c.sent.Add(1)
	}
	return err
}

// Two server processes each run a worker on the same outbox: every mail goes out exactly once.
func TestTwoWorkersDeliverEachMailOnce(t *testing.T) {
	t.Parallel()
	pool, srv := dbtest.New(t), mailtest.Start(t)
	const n = 30
	var msgs []mail.Message
	for i := range n {
		msgs = append(msgs, resetMail(fmt.Sprintf("Заказ № %d оформлен", 1000+i)))
	}
	enqueue(t, pool, msgs...)
	cfg := testConfig(5)
	cfg.Batch = 3 // small batches, so the workers take turns at the outbox
	senders := []*countingSender{{Sender: smtpSender(srv)}, {Sender: smtpSender(srv)}}
	for _, s := range senders {
		run(t, newWorker(pool, s, cfg))
	}

	srv.WaitFor(t, n, 10*time.Second)
	for _, m := range msgs {
		waitRow(t, pool, m.Subject, "sent", func(r outboxRow) bool { return r.Status == "sent" })
	}
	got := map[string]int{}
	for _, m := range srv.Messages(t) {
		got[m.Subject]++
	}
	want := map[string]int{}
	for _, m := range msgs {
		want[m.Subject] = 1
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("copies received per subject (-want +got):\n%s", diff)
	}
	t.Logf("worker 1 sent %d, worker 2 sent %d", senders[0].sent.Load(), senders[1].sent.Load())
}

// A worker that dies holding a mail (its process killed mid-send) does not lose it: once the lease runs out,
// another worker sends it.
func TestMailOfDeadWorkerSentAfterLease(t *testing.T) {
	t.Parallel()
	pool, srv := dbtest.New(t), mailtest.Start(t)
	msg := resetMail("Подтвердите адрес")
	enqueue(t, pool, msg)
	claimed, err := maildb.New(pool).ClaimMail(context.Background(), maildb.ClaimMailParams{LeaseSeconds: 1, Batch: 10})
	if err != nil || len(claimed) != 1 {
		t.Fatalf("claim as the dead worker: %d mails, %v", len(claimed), err)
	}
	run(t, newWorker(pool, smtpSender(srv), testConfig(5)))

	time.Sleep(300 * time.Millisecond) // well inside the lease
	if got := srv.Messages(t); len(got) != 0 {
		t.Fatalf("%d mails arrived while another worker held the lease, want none", len(got))
	}
	srv.WaitFor(t, 1, 5*time.Second)
	r := waitRow(t, pool, msg.Subject, "sent", func(r outboxRow) bool { return r.Status == "sent" })
	if got := srv.Messages(t); len(got) != 1 {
		t.Errorf("%d mails arrived, want 1", len(got))
	}
	if r.Attempts != 2 {
		t.Errorf("outbox row = %s; want 2 attempts (the dead worker's and the delivery)", r)
	}
}
