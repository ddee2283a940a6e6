package mail

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mekhaishuby/furstore/internal/mail/internal/maildb"
	"github.com/mekhaishuby/furstore/internal/store"
)

// WorkerConfig tunes the outbox worker; the zero value takes the defaults.
type WorkerConfig struct {
	Poll        time.Duration // how often to look for due mail when idle (default 1 s)
	RetryBase   time.Duration // delay after the first failure, doubled each time (default 10 s)
	RetryMax    time.Duration // longest delay between attempts (default 1 h)
	MaxAttempts int           // attempts before a mail is marked failed (default 12, about 9 hours)
	Lease       time.Duration // how long a claimed mail stays this worker's (default 2 min)
	Batch       int           // mails claimed at once (default 20)
}

func (c WorkerConfig) withDefaults() WorkerConfig {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&c.Poll, time.Second)
	def(&c.RetryBase, 10*time.Second)
	def(&c.RetryMax, time.Hour)
	def(&c.Lease, 2*time.Minute)
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 12
	}
	if c.Batch <= 0 {
		c.Batch = 20
	}
	return c
}

// Worker delivers the outbox. Any number may run, in one process or many: each claims its own mails.
type Worker struct {
	q      *maildb.Queries
	claims *maildb.Queries // planned per call (store.CustomPlans): a generic plan cannot see how few mails LIMIT asks for
	sender Sender
	events Events
	log    *slog.Logger
	cfg    WorkerConfig
}

// Events hears the result of every delivery attempt (metrics.Events counts them): sent, retry (refused or
// unreachable, tried again later) or failed (given up).
type Events interface {
	MailAttempted(result string)
}

// NewWorker returns a worker that delivers pool's outbox through sender; events may be nil.
func NewWorker(pool *pgxpool.Pool, sender Sender, events Events, log *slog.Logger, cfg WorkerConfig) *Worker {
	if events == nil {
		events = noEvents{}
	}
	return &Worker{q: maildb.New(pool), claims: maildb.New(store.CustomPlans{Querier: pool}), sender: sender, events: events,
		log: log, cfg: cfg.withDefaults()}
}

type noEvents struct{}

func (noEvents) MailAttempted(string) {}

// Run delivers mail until ctx ends.
func (w *Worker) Run(ctx context.Context) {
	for ctx.Err() == nil {
		n, err := w.RunOnce(ctx)
		if err != nil && ctx.Err() == nil {
			w.log.Error("mail outbox", "err", err)
		}
		if n > 0 && err == nil {
			continue // there may be more due right now
		}
		select {
		case <-ctx.Done():
		case <-time.After(w.cfg.Poll):
		}
	}
}

// RunOnce claims the mails that are due and tries each once; it returns how many it tried.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	mails, err := w.claims.ClaimMail(ctx, maildb.ClaimMailParams{LeaseSeconds: w.cfg.Lease.Seconds(), Batch: int32(w.cfg.Batch)})
	if err != nil {
		return 0, err
	}
	for _, m := range mails {
		w.deliver(ctx, m)
	}
	return len(mails), ctx.Err()
}

func (w *Worker) deliver(ctx context.Context, m maildb.ClaimMailRow) {
	// The outcome is written even when ctx was just cancelled (a shutdown): a sent mail must not go out again.
	store := context.WithoutCancel(ctx)
	if ctx.Err() != nil {
		w.release(store, m.ID)
		return
	}
	msg := Message{Kind: m.Kind, To: m.ToAddress, Subject: m.Subject, Text: m.TextBody, HTML: m.HtmlBody}
	sendCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	err := w.sender.Send(sendCtx, m.ID, msg)
	cancel()
	switch {
	case err != nil && ctx.Err() != nil:
		// Cut short by a shutdown, not refused by the server: another run will try it, and this one does not count.
		w.release(store, m.ID)
	case err == nil:
		w.events.MailAttempted("sent")
		if err := w.q.MarkMailSent(store, m.ID); err != nil {
			w.log.Error("mail sent but not marked; it may go out again", "id", m.ID, "err", err)
		}
	case int(m.Attempts) >= w.cfg.MaxAttempts:
		w.events.MailAttempted("failed")
		w.log.Error("mail given up after repeated failures", "id", m.ID, "kind", m.Kind, "attempts", m.Attempts, "err", err)
		if err := w.q.FailMail(store, maildb.FailMailParams{ID: m.ID, LastError: ptr(err.Error())}); err != nil {
			w.log.Error("mark mail failed", "id", m.ID, "err", err)
		}
	default:
		w.events.MailAttempted("retry")
		delay := w.backoff(int(m.Attempts))
		w.log.Warn("mail not sent; will retry", "id", m.ID, "kind", m.Kind, "attempt", m.Attempts, "retry_in", delay, "err", err)
		if err := w.q.RetryMail(store, maildb.RetryMailParams{ID: m.ID, DelaySeconds: delay.Seconds(), LastError: ptr(err.Error())}); err != nil {
			w.log.Error("schedule mail retry", "id", m.ID, "err", err)
		}
	}
}

func (w *Worker) release(ctx context.Context, id int64) {
	if err := w.q.ReleaseMail(ctx, id); err != nil {
		w.log.Error("release mail", "id", id, "err", err)
	}
}

// backoff is RetryBase doubled per attempt, capped at RetryMax, with ±20 % jitter so that many mails queued
// during an outage do not all return at once.
func (w *Worker) backoff(attempt int) time.Duration {
	d := w.cfg.RetryBase << min(attempt-1, 30)
	if d <= 0 || d > w.cfg.RetryMax {
		d = w.cfg.RetryMax
	}
	return time.Duration(float64(d) * (0.8 + 0.4*rand.Float64()))
}

func ptr[T any](v T) *T { return &v }
