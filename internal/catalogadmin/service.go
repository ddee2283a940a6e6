// Package catalogadmin lets staff manage the catalog through the back office: categories, products and their
// stock. Every change is one transaction that also writes its audit entry, so the log never claims a change
// that rolled back nor misses one that committed.
package catalogadmin

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/audit"
	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/store/db"
)

// Service does the work behind the handlers.
type Service struct {
	pool     *pgxpool.Pool
	q        *db.Queries
	catalog  *catalog.Service
	pictures Pictures
	log      *slog.Logger
}

// Pictures removes a picture's files (original and variants) once no picture row points at them any more
// (imageadmin.Service does, under the picture's file lock).
type Pictures interface {
	RemoveUnused(ctx context.Context, original string, variants ...string)
}

// NewService returns the service. cat is told of every change, so the public catalog's cached answers follow;
// pictures cleans up the files of a deleted product's pictures.
func NewService(pool *pgxpool.Pool, cat *catalog.Service, pictures Pictures, log *slog.Logger) *Service {
	return &Service{pool: pool, q: db.New(pool), catalog: cat, pictures: pictures, log: log}
}

// write runs fn in one transaction with the queries bound to it, commits, and then tells the public catalog
// that it changed. When fn returns errUnchanged it wrote nothing: there is nothing to commit nor to tell, and
// write returns nil. Triggers announce most catalog changes to the other servers, but not stock-only updates
// (migration 00005), and even a trigger's NOTIFY reaches this process only a moment after commit:
// StockChanged makes this server drop its cached answers at once and announces the change to the others.
//
// A deadlock PostgreSQL broke by aborting this transaction is retried (a product deleted while a guest cart
// holding it merges into a customer's: each side locks the cart line and the product, necessarily in
// opposite orders); nothing of the aborted attempt was written.
func (s *Service) write(ctx context.Context, fn func(q *db.Queries, tx pgx.Tx) error) error {
	for attempt := 1; ; attempt++ {
		err := s.writeOnce(ctx, fn)
		if code, _ := pgError(err); code == sqlDeadlock && attempt < 3 {
			s.log.Warn("back office write hit a deadlock; trying again", "attempt", attempt)
			continue
		}
		return err
	}
}

func (s *Service) writeOnce(ctx context.Context, fn func(q *db.Queries, tx pgx.Tx) error) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx) //nolint:errcheck // a no-op after Commit
	if err := fn(s.q.WithTx(tx), tx); errors.Is(err, errUnchanged) {
		return nil
	} else if err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	s.catalog.StockChanged(ctx)
	return nil
}

// errUnchanged is returned by a write's fn that found nothing to change (a form sent back as it was).
var errUnchanged = errors.New("nothing to change")

// record writes the audit entry of a change through its transaction.
func record(ctx context.Context, tx pgx.Tx, actor account.User, e audit.Entry) error {
	if err := audit.Record(ctx, tx, actor, e); err != nil {
		return fmt.Errorf("audit %s %d: %w", e.Action, e.ObjectID, err)
	}
	return nil
}

// actorID is the staff member's id for a foreign key, or nil for a change without one (a test, a script).
func actorID(u account.User) *int64 {
	if u.ID == 0 {
		return nil
	}
	return &u.ID
}

// pgError returns the SQLSTATE and constraint of a PostgreSQL error, or "" when err is none.
func pgError(err error) (code, constraint string) {
	var e *pgconn.PgError
	if errors.As(err, &e) {
		return e.Code, e.ConstraintName
	}
	return "", ""
}

// SQLSTATEs the services turn into errors the client can act on.
const (
	foreignKeyViolation = "23503"
	uniqueViolation     = "23505"
	checkViolation      = "23514"
	sqlDeadlock         = "40P01"
)

// notFoundAs returns notFound for "no rows", else err as it is.
func notFoundAs(err error, notFound error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return notFound
	}
	return err
}
