package store

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/mekhaishuby/furstore/migrations"
)

// Migrate applies every embedded migration that the database lacks. Several processes may call it at once:
// goose serialises them with a PostgreSQL advisory lock.
func Migrate(ctx context.Context, pool *pgxpool.Pool, log *slog.Logger) error {
	p, db, err := provider(pool, log)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := knownHistory(ctx, p); err != nil {
		return err
	}
	results, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if len(results) > 0 {
		log.Info("migrations applied", "count", len(results))
	}
	return nil
}

// MigrationStatus writes one line per migration: applied or pending.
func MigrationStatus(ctx context.Context, pool *pgxpool.Pool, log *slog.Logger, w io.Writer) error {
	p, db, err := provider(pool, log)
	if err != nil {
		return err
	}
	defer db.Close()
	statuses, err := p.Status(ctx)
	if err != nil {
		return fmt.Errorf("migration status: %w", err)
	}
	for _, s := range statuses {
		when := "pending"
		if s.State == goose.StateApplied {
			when = "applied " + s.AppliedAt.Format("2006-01-02 15:04:05")
		}
		fmt.Fprintf(w, "%05d  %-40s %s\n", s.Source.Version, s.Source.Path, when)
	}
	return nil
}

func provider(pool *pgxpool.Pool, log *slog.Logger) (*goose.Provider, *sql.DB, error) {
	db := stdlib.OpenDBFromPool(pool)
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return nil, nil, err
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db, migrations.FS,
		goose.WithSessionLocker(locker), goose.WithSlog(log))
	if err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("load migrations: %w", err)
	}
	return p, db, nil
}

// knownHistory refuses a database whose schema is newer than every migration this build has: one made by a
// newer build, or by a development build from before the schema was squashed into one baseline per domain
// (December 2026; the store was never deployed before that). Migrating such a database would silently mix
// two histories.
func knownHistory(ctx context.Context, p *goose.Provider) error {
	applied, err := p.GetDBVersion(ctx)
	if err != nil {
		return fmt.Errorf("migrate: read the schema version: %w", err)
	}
	sources := p.ListSources()
	if len(sources) == 0 {
		return nil
	}
	if last := sources[len(sources)-1].Version; applied > last {
		return fmt.Errorf("migrate: the database is at schema version %d, but this build knows versions up to %d: "+
			"it was made by another build (a development database from before the schema baseline can be "+
			"dropped: make clean, then make run)", applied, last)
	}
	return nil
}
