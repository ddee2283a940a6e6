// Package pgnotify turns a PostgreSQL NOTIFY channel into a generation number, so that a process can cache what
// the channel's writers change and know when to drop it. Writers NOTIFY on commit (a trigger or an explicit
// pg_notify) in any process; every notification bumps the generation.
package pgnotify

import (
	"context"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
)

// Watch follows one channel. Its zero value is ready; until Run has a LISTEN in place, Current reports that
// nothing may be cached.
type Watch struct {
	channel   string
	gen       atomic.Uint64
	listening atomic.Bool
}

// New returns a watch of channel (a fixed identifier of ours, never user input).
func New(channel string) *Watch { return &Watch{channel: channel} }

// Current returns the generation to tag a read with, and whether caching is safe at all. Take it before the
// read: a change that commits during the read bumps the generation, so the result is never served as current.
// While nobody listens (Run not started, or its connection down) nothing may be cached: serving stale data is
// worse than serving slowly.
func (w *Watch) Current() (gen uint64, cacheable bool) {
	return w.gen.Load(), w.listening.Load()
}

// Bump starts a new generation at once. A process calls it after its own change commits, so that its next
// read sees the change without waiting for the notification (which still reaches the other processes).
func (w *Watch) Bump() { w.gen.Add(1) }

// Run holds a connection with LISTEN until ctx ends, reconnecting with backoff.
func (w *Watch) Run(ctx context.Context, connString string, log *slog.Logger) {
	backoff := time.Second
	for ctx.Err() == nil {
		listened, err := w.listenOnce(ctx, connString)
		w.listening.Store(false)
		w.gen.Add(1)
		if ctx.Err() != nil {
			return
		}
		if listened {
			backoff = time.Second
		}
		log.Warn("change listener lost its connection; caching is off until it is back",
			"channel", w.channel, "err", err, "retry_in", backoff)
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 30*time.Second)
	}
}

func (w *Watch) listenOnce(ctx context.Context, connString string) (listened bool, err error) {
	conn, err := pgx.Connect(ctx, connString)
	if err != nil {
		return false, err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{w.channel}.Sanitize()); err != nil {
		return false, err
	}
	// Anything cached before we listened may have missed a change.
	w.gen.Add(1)
	w.listening.Store(true)
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return true, err
		}
		w.gen.Add(1)
	}
}
