package catalog

import (
	"context"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
)

// changes tracks whether the catalog in PostgreSQL may differ from what this process has cached. Every commit
// that touches categories, products or pictures sends NOTIFY catalog_changed (a trigger, see the migration), in
// this process or any other (an import, another replica). Each notification bumps the generation; cached data
// is tagged with the generation it was read under and is only served while that generation is current.
//
// While nobody listens (the listener is not started, or its connection is down) nothing is cached: serving
// stale prices is worse than serving slowly.
type changes struct {
	gen       atomic.Uint64
	listening atomic.Bool
}

// current returns the generation to tag a read with, and whether caching is safe at all. Take it before the
// read: a change that commits during the read bumps the generation, so the result is never served as current.
func (c *changes) current() (gen uint64, cacheable bool) {
	return c.gen.Load(), c.listening.Load()
}

// listen holds a connection with LISTEN catalog_changed until ctx ends, reconnecting with backoff.
func (c *changes) listen(ctx context.Context, connString string, log *slog.Logger) {
	backoff := time.Second
	for ctx.Err() == nil {
		err := c.listenOnce(ctx, connString)
		c.listening.Store(false)
		c.gen.Add(1)
		if ctx.Err() != nil {
			return
		}
		log.Warn("catalog change listener lost its connection; catalog caching is off until it is back",
			"err", err, "retry_in", backoff)
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 30*time.Second)
	}
}

func (c *changes) listenOnce(ctx context.Context, connString string) error {
	conn, err := pgx.Connect(ctx, connString)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN catalog_changed"); err != nil {
		return err
	}
	// Anything cached before we listened may have missed a change.
	c.gen.Add(1)
	c.listening.Store(true)
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return err
		}
		c.gen.Add(1)
	}
}
