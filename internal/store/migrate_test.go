package store_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/mekhaishuby/furstore/internal/store"
	"github.com/mekhaishuby/furstore/internal/store/dbtest"
)

// A database migrated by another history (a development database from before the schema baseline, whose
// goose table says a version this binary has no migration for) is refused with what to do, instead of being migrated over.
func TestMigrateRefusesAnUnknownHistory(t *testing.T) {
	pool := dbtest.New(t) // migrated from the template
	ctx := context.Background()
	log := slog.New(slog.DiscardHandler)
	if err := store.Migrate(ctx, pool, log); err != nil {
		t.Fatalf("migrating an up-to-date database again: %v", err)
	}
	if _, err := pool.Exec(ctx, "INSERT INTO goose_db_version (version_id, is_applied) VALUES (9999, true)"); err != nil {
		t.Fatal(err)
	}
	err := store.Migrate(ctx, pool, log)
	if err == nil || !strings.Contains(err.Error(), "schema version 9999") || !strings.Contains(err.Error(), "make clean") {
		t.Fatalf("Migrate = %v; want a refusal naming version 9999 and what to do", err)
	}
}
