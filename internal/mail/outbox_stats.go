package mail

import (
	"context"
	"fmt"
	"time"
)

// Pending reports how many mails wait to be sent and since when the oldest of them waits (zero time: none).
func (w *Worker) Pending(ctx context.Context) (int64, time.Time, error) {
	r, err := w.q.OutboxPending(ctx)
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("outbox: %w", err)
	}
	if r.Pending == 0 {
		return 0, time.Time{}, nil
	}
	return r.Pending, r.Oldest, nil
}
