package mail_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mekhaishuby/furstore/internal/mail"
	"github.com/mekhaishuby/furstore/internal/mail/mailtest"
	"github.com/mekhaishuby/furstore/internal/store"
)

const shopFrom = "«Меха и Шубы» <noreply@mekha-shuby.test>"

// testConfig is a worker tuned for tests: it polls and retries within tenths of a second.
func testConfig(maxAttempts int) mail.WorkerConfig {
	return mail.WorkerConfig{
		Poll: 50 * time.Millisecond, RetryBase: 100 * time.Millisecond, RetryMax: 500 * time.Millisecond,
		MaxAttempts: maxAttempts, Lease: 2 * time.Second,
	}
}

func smtpSender(srv *mailtest.Server) *mail.SMTP {
	return mail.NewSMTP(mail.SMTPConfig{Host: srv.SMTPHost(), Port: srv.SMTPPort(), From: shopFrom, TLS: "none"})
}

func newWorker(pool *pgxpool.Pool, sender mail.Sender, cfg mail.WorkerConfig) *mail.Worker {
	return mail.NewWorker(pool, sender, nil, slog.New(slog.DiscardHandler), cfg)
}

// enqueue writes msgs to the outbox in one transaction and commits it, as a service does with its change.
func enqueue(t *testing.T, pool *pgxpool.Pool, msgs ...mail.Message) {
	t.Helper()
	err := store.InTx(context.Background(), pool, func(tx *store.Tx) error {
		for _, m := range msgs {
			if err := mail.Enqueue(context.Background(), tx, m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// run runs w in its own goroutine, as a server process does, until the returned stop is called or the test
// ends; stop returns once Run has.
func run(t *testing.T, w *mail.Worker) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.Run(ctx)
	}()
	stop = sync.OnceFunc(func() {
		cancel()
		<-done
	})
	t.Cleanup(stop)
	return stop
}

// outboxRow is what the outbox holds about one mail.
type outboxRow struct {
	ID        int64
	Status    string
	Attempts  int
	LastError *string
	TextBody  *string
	HTMLBody  *string
	SentAt    *time.Time
}

// row reads the outbox row of the mail with subject.
func row(t *testing.T, pool *pgxpool.Pool, subject string) outboxRow {
	t.Helper()
	r, err := readRow(pool, subject)
	if err != nil {
		t.Fatalf("outbox row %q: %v", subject, err)
	}
	return r
}

func readRow(pool *pgxpool.Pool, subject string) (outboxRow, error) {
	var r outboxRow
	err := pool.QueryRow(context.Background(), `
		SELECT id, status, attempts, last_error, text_body, html_body, sent_at FROM mail_outbox WHERE subject = $1`,
		subject).Scan(&r.ID, &r.Status, &r.Attempts, &r.LastError, &r.TextBody, &r.HTMLBody, &r.SentAt)
	return r, err
}

// waitRow polls the outbox row of the mail with subject until ok holds, and fails the test after 5 s.
func waitRow(t *testing.T, pool *pgxpool.Pool, subject, what string, ok func(outboxRow) bool) outboxRow {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		r, err := readRow(pool, subject)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			t.Fatalf("outbox row %q: %v", subject, err)
		}
		if err == nil && ok(r) {
			return r
		}
		if time.Now().After(deadline) {
			t.Fatalf("outbox row %q: not %s after 5 s; last seen %s (err %v)", subject, what, r, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (r outboxRow) String() string {
	lastError := "NULL"
	if r.LastError != nil {
		lastError = fmt.Sprintf("%q", *r.LastError)
	}
	return fmt.Sprintf("{id %d, status %s, attempts %d, last_error %s, text_body set %t, html_body set %t}",
		r.ID, r.Status, r.Attempts, lastError, r.TextBody != nil, r.HTMLBody != nil)
}
