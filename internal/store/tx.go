package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Tx is a transaction run by InTx. It is a pgx.Tx, so every package's generated queries take it (New(tx)), and
// it collects what must happen once it has committed: announcements to other servers, calls to the outside
// world. Owners of tables register those hooks themselves (catalog announces its stock changes), so a caller
// that changes another package's data through the owner's functions has no rule of its own to remember.
type Tx struct {
	pgx.Tx
	afterCommit []func(context.Context)
}

// AfterCommit adds f to what runs once the transaction has committed, in the order added. f never runs if the
// transaction rolls back, and a retried attempt forgets the hooks of the attempt that failed. f gets a context
// that outlives the request's cancellation: what it does must happen once the change is in.
func (tx *Tx) AfterCommit(f func(context.Context)) {
	tx.afterCommit = append(tx.afterCommit, f)
}

// maxAttempts bounds how often InTx runs a transaction PostgreSQL aborted to resolve a conflict.
const maxAttempts = 3

// InTx runs fn in a transaction on pool: begin, fn, commit, then the after-commit hooks. Any error from fn rolls
// back and is returned as it is. A transaction PostgreSQL aborted to break a deadlock or a serialization
// conflict (Retryable) is run again from the start, at most maxAttempts times in all: fn must therefore only
// assign what it computes to variables outside it, never append to them.
//
// This is the one way the code runs a transaction (docs/moving-parts.md); the lock order every fn keeps is
// written there too.
func InTx(ctx context.Context, pool *pgxpool.Pool, fn func(tx *Tx) error) error {
	return run(ctx, pool, pgx.TxOptions{}, fn)
}

// InSnapshot runs read as InTx runs fn, in a read-only transaction that sees the database as it was when it
// began (REPEATABLE READ): a long export reads one consistent state in many statements.
func InSnapshot(ctx context.Context, pool *pgxpool.Pool, read func(tx *Tx) error) error {
	return run(ctx, pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, read)
}

func run(ctx context.Context, pool *pgxpool.Pool, opts pgx.TxOptions, fn func(tx *Tx) error) error {
	for attempt := 1; ; attempt++ {
		err := runOnce(ctx, pool, opts, fn)
		if err == nil || !Retryable(err) || attempt == maxAttempts || ctx.Err() != nil {
			return err
		}
	}
}

func runOnce(ctx context.Context, pool *pgxpool.Pool, opts pgx.TxOptions, fn func(tx *Tx) error) error {
	ptx, err := pool.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	tx := &Tx{Tx: ptx}
	defer tx.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck // a no-op after Commit
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	after := context.WithoutCancel(ctx)
	for _, f := range tx.afterCommit {
		f(after)
	}
	return nil
}
