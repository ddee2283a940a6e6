// Package pgnotify turns a PostgreSQL NOTIFY channel into a generation number, so that a process can cache what
// the channel's writers change and know when to drop it. Writers NOTIFY on commit (a trigger or an explicit
// pg_notify) in any process; every notification bumps the generation.
package pgnotify

import (
	"context"
	"log/slog"
	"maps"
	"slices"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
)

// Watch follows one channel, and on the same connection any others given to Also. Until Run has a LISTEN in
// place, Current reports that nothing may be cached.
type Watch struct {
	channel   string
	also      map[string]func(payload string)
	gen       atomic.Uint64
	listening atomic.Bool
}

// New returns a watch of channel (a fixed identifier of ours, never user input).
func New(channel string) *Watch { return &Watch{channel: channel, also: map[string]func(string){}} }

// Also listens on channel too, on the same connection, and hands each of its notifications' payloads to
// handle (on the listener's goroutine: handle must not block for long). Their notifications do not move the
// generation; a reconnection does, since whatever they told while nobody listened was missed. Call it before
// Run.
func (w *Watch) Also(channel string, handle func(payload string)) { w.also[channel] = handle }

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
	cfg, err := pgx.ParseConfig(connString)
	if err != nil {
		return false, err
	}
	if cfg.ConnectTimeout == 0 {
		// As the pool's connections (store.Open): a host that drops packets must not keep caching off for the
		// operating system's TCP timeout before the next try.
		cfg.ConnectTimeout = 5 * time.Second
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return false, err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	for _, ch := range append([]string{w.channel}, slices.Sorted(maps.Keys(w.also))...) {
		if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{ch}.Sanitize()); err != nil {
			return false, err
		}
	}
	// Anything cached before we listened may have missed a change.
	w.gen.Add(1)
	w.listening.Store(true)
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return true, err
		}
		if handle, ok := w.also[n.Channel]; ok {
			handle(n.Payload)
			continue
		}
		w.gen.Add(1)
	}
}
