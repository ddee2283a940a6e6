// Package ratelimit counts requests per key (a client address, an e-mail) in fixed time windows kept in
// PostgreSQL, so that the limit holds across every server process.
package ratelimit

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/mekhaishuby/furstore/internal/ratelimit/internal/ratelimitdb"
)

// Limit is at most Max requests per Window. The zero Limit allows everything.
type Limit struct {
	Max    int
	Window time.Duration
}

// Parse reads a limit written as "10/15m" (ten per fifteen minutes) or "off".
func Parse(s string) (Limit, error) {
	if s == "off" {
		return Limit{}, nil
	}
	n, w, ok := strings.Cut(s, "/")
	max, err := strconv.Atoi(n)
	if !ok || err != nil || max < 1 {
		return Limit{}, fmt.Errorf("%q: want N/duration, e.g. 10/15m, or off", s)
	}
	window, err := time.ParseDuration(w)
	if err != nil || window < time.Second || window > 24*time.Hour {
		return Limit{}, fmt.Errorf("%q: the window must be a duration from 1s to 24h, e.g. 15m", s)
	}
	return Limit{Max: max, Window: window}, nil
}

func (l Limit) String() string {
	if l.Max == 0 {
		return "off"
	}
	return fmt.Sprintf("%d/%s", l.Max, l.Window)
}

// Limiter counts hits in the database.
type Limiter struct {
	q   *ratelimitdb.Queries
	now func() time.Time
}

// New returns a limiter counting in db (the pool).
func New(db ratelimitdb.DBTX) *Limiter { return &Limiter{q: ratelimitdb.New(db), now: time.Now} }

// Allow counts one hit for key and reports whether it is within lim; when it is not, retryAfter says when the
// window ends.
func (l *Limiter) Allow(ctx context.Context, key string, lim Limit) (ok bool, retryAfter time.Duration, err error) {
	if lim.Max == 0 {
		return true, 0, nil
	}
	now := l.now()
	start := now.Truncate(lim.Window)
	hits, err := l.q.HitRateLimit(ctx, ratelimitdb.HitRateLimitParams{Key: key, WindowStart: start})
	if err != nil {
		return false, 0, fmt.Errorf("rate limit: %w", err)
	}
	if int(hits) <= lim.Max {
		return true, 0, nil
	}
	return false, start.Add(lim.Window).Sub(now), nil
}

// Forget deletes windows that ended before cutoff; run it now and then.
func (l *Limiter) Forget(ctx context.Context, cutoff time.Time) (int64, error) {
	return l.q.DeleteOldRateLimits(ctx, cutoff)
}
