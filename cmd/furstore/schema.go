package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mekhaishuby/furstore/internal/store"
)

// checkSchema refuses to serve on a schema older than this build needs: its queries would fail on the first
// request that touches what is missing. A newer schema is the normal middle of an upgrade (migrations run
// before the new servers start, and are written so that the servers of the release before keep working), so
// it is only a warning.
func checkSchema(ctx context.Context, pool *pgxpool.Pool, log *slog.Logger) error {
	applied, latest, err := store.SchemaVersions(ctx, pool)
	if err != nil {
		return err
	}
	switch {
	case applied < latest:
		log.Error("the database schema is older than this build needs: run `furstore migrate up` first",
			"schema_version", applied, "needed", latest)
		return fmt.Errorf("the database schema is at version %d, this build needs %d: run `furstore migrate up` "+
			"(with the same DATABASE_URL) before `furstore serve`", applied, latest)
	case applied > latest:
		log.Warn("the database schema is newer than this build: fine while an upgrade is under way, "+
			"but this server is from the release before", "schema_version", applied, "build_knows", latest)
	}
	return nil
}
