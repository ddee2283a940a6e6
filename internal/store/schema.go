package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/pressly/goose/v3"

	"github.com/mekhaishuby/furstore/migrations"
)

// SchemaVersions returns the version the database's schema is at (the last migration applied, 0 when none
// is) and the last of the migrations embedded in this build. It only reads: unlike `migrate`, it takes no
// lock and creates nothing, so it works through PgBouncer and while another process migrates.
func SchemaVersions(ctx context.Context, pool *pgxpool.Pool) (applied, latest int64, err error) {
	latest, err = LatestMigration()
	if err != nil {
		return 0, 0, err
	}
	// goose_db_version is goose's table: a row per migration applied, deleted again when one is rolled back.
	err = pool.QueryRow(ctx, `SELECT coalesce(max(version_id), 0) FROM goose_db_version`).Scan(&applied)
	if pgErr, ok := errors.AsType[*pgconn.PgError](err); ok && pgErr.Code == "42P01" { // undefined_table: never migrated
		return 0, latest, nil
	}
	if err != nil {
		return 0, 0, fmt.Errorf("read the schema version: %w", err)
	}
	return applied, latest, nil
}

// LatestMigration is the version of the last migration embedded in this build, read from the file names as
// goose reads them.
func LatestMigration() (int64, error) {
	names, err := fs.Glob(migrations.FS, "*.sql")
	if err != nil {
		return 0, err
	}
	var latest int64
	for _, name := range names {
		v, err := goose.NumericComponent(name)
		if err != nil {
			return 0, fmt.Errorf("migration %s: %w", name, err)
		}
		latest = max(latest, v)
	}
	return latest, nil
}
