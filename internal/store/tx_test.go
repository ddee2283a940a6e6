package store_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/mekhaishuby/furstore/internal/store"
	"github.com/mekhaishuby/furstore/internal/store/dbtest"
)

// A transaction PostgreSQL aborted to break a deadlock runs again, and both sides of the deadlock end up
// committed; the after-commit hooks run once per committed transaction, never for the aborted attempt.
func TestInTxRunsADeadlockedTransactionAgain(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	ctx := context.Background()
	if _, err := pool.Exec(ctx, "CREATE TABLE pair (id int PRIMARY KEY, n int NOT NULL); INSERT INTO pair VALUES (1, 0), (2, 0)"); err != nil {
		t.Fatal(err)
	}
	var attempts, hooks atomic.Int32
	var firstLocks sync.WaitGroup
	firstLocks.Add(2)
	var once [2]sync.Once
	move := func(side int, first, second int) error {
		return store.InTx(ctx, pool, func(tx *store.Tx) error {
			attempts.Add(1)
			if _, err := tx.Exec(ctx, "UPDATE pair SET n = n + 1 WHERE id = $1", first); err != nil {
				return err
			}
			once[side].Do(firstLocks.Done)
			firstLocks.Wait() // both hold their first row: the second update of one of them deadlocks
			if _, err := tx.Exec(ctx, "UPDATE pair SET n = n + 1 WHERE id = $1", second); err != nil {
				return err
			}
			tx.AfterCommit(func(context.Context) { hooks.Add(1) })
			return nil
		})
	}
	errs := make([]error, 2)
	var wg sync.WaitGroup
	wg.Go(func() { errs[0] = move(0, 1, 2) })
	wg.Go(func() { errs[1] = move(1, 2, 1) })
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("a deadlocked transaction was not run again: %v", err)
	}
	// Two, and one again after PostgreSQL aborted one of them; rarely more: the aborted one's next attempt may
	// take its first row back before the survivor, woken by the abort, gets it, and the two deadlock again.
	if got := attempts.Load(); got < 3 || got > 6 {
		t.Errorf("%d attempts; want 3 (two, and one again after PostgreSQL aborted it), at most 3 each", got)
	}
	if got := hooks.Load(); got != 2 {
		t.Errorf("after-commit hooks ran %d times; want 2, one per committed transaction", got)
	}
	var n1, n2 int
	if err := pool.QueryRow(ctx, "SELECT (SELECT n FROM pair WHERE id = 1), (SELECT n FROM pair WHERE id = 2)").Scan(&n1, &n2); err != nil {
		t.Fatal(err)
	}
	if n1 != 2 || n2 != 2 {
		t.Errorf("rows hold %d and %d; want 2 and 2: each transaction's work exactly once", n1, n2)
	}
}

// Retrying stops after three attempts, an error that is not PostgreSQL breaking a conflict is never retried,
// and nothing of a failed attempt is committed or announced.
func TestInTxGivesUpAndRollsBack(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	ctx := context.Background()
	if _, err := pool.Exec(ctx, "CREATE TABLE note (s text)"); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name     string
		err      error
		attempts int
	}{
		{"serialization failure, every time", &pgconn.PgError{Code: store.SerializationFailure}, 3},
		{"deadlock, every time", &pgconn.PgError{Code: store.DeadlockDetected}, 3},
		{"a unique violation", &pgconn.PgError{Code: store.UniqueViolation}, 1},
		{"an error of ours", errors.New("no such order"), 1},
	} {
		attempts, hooks := 0, 0
		err := store.InTx(ctx, pool, func(tx *store.Tx) error {
			attempts++
			if _, err := tx.Exec(ctx, "INSERT INTO note VALUES ('half-written')"); err != nil {
				return err
			}
			tx.AfterCommit(func(context.Context) { hooks++ })
			return tt.err
		})
		if !errors.Is(err, tt.err) {
			t.Errorf("%s: InTx = %v; want the function's error", tt.name, err)
		}
		if attempts != tt.attempts || hooks != 0 {
			t.Errorf("%s: %d attempts, %d hooks run; want %d and 0", tt.name, attempts, hooks, tt.attempts)
		}
	}
	var rows int
	if err := pool.QueryRow(ctx, "SELECT count(*) FROM note").Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != 0 {
		t.Errorf("%d rows of failed attempts were committed; want none", rows)
	}
}
