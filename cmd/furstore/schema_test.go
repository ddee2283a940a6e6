package main

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // database/sql's "pgx" driver, for goose
	"github.com/pressly/goose/v3"

	"github.com/mekhaishuby/furstore/internal/store"
	"github.com/mekhaishuby/furstore/internal/store/dbtest"
	"github.com/mekhaishuby/furstore/migrations"
)

// An operator who starts the new release before migrating gets a refusal that says what to run, and no
// server; a server of the release before, started while the new release's migrations are in, serves, with a
// warning.
func TestServeChecksTheSchemaVersion(t *testing.T) {
	latest, err := store.LatestMigration()
	if err != nil || latest < 2 {
		t.Fatalf("latest migration %d, %v", latest, err)
	}
	setVersion := func(t *testing.T, url string, sql string, args ...any) {
		t.Helper()
		conn, err := pgx.Connect(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(context.Background())
		if _, err := conn.Exec(context.Background(), sql, args...); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("older", func(t *testing.T) {
		url := dbtest.URL(t) // migrated to the latest version
		// The database as the release before left it: the last migration rolled back by goose.
		rollBackLast(t, url)
		env := map[string]string{"DATABASE_URL": url, "MEDIA_DIR": t.TempDir(), "PORT": "0", "LOG_LEVEL": "warn"}
		var out syncBuffer
		listened := false
		p := program{getenv: func(k string) string { return env[k] }, stdout: &out, stderr: &out,
			onListen: func(string) { listened = true }}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		err := p.run(ctx, nil)
		if err == nil || listened {
			t.Fatalf("serve on an older schema: err %v, listened %v; want a refusal before listening\n%s", err, listened, out.String())
		}
		for _, want := range []string{"furstore migrate up", "version " + itoa(latest-1), "needs " + itoa(latest)} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("the refusal %q does not say %q", err, want)
			}
		}
		if log := out.String(); !strings.Contains(log, "level=ERROR") || !strings.Contains(log, "furstore migrate up") {
			t.Errorf("no error log line naming furstore migrate up:\n%s", log)
		}

		// Once migrated, the same server starts.
		if err := p.run(context.Background(), []string{"migrate", "up"}); err != nil {
			t.Fatal(err)
		}
		base := serve(t, env, &out)
		var health map[string]any
		get(t, "GET", base+"/readyz", "", &health)
	})

	t.Run("newer", func(t *testing.T) {
		url := dbtest.URL(t)
		// A newer release migrated already: its version is one this build does not know.
		setVersion(t, url, `INSERT INTO goose_db_version (version_id, is_applied) VALUES ($1, true)`, latest+1)
		env := map[string]string{"DATABASE_URL": url, "MEDIA_DIR": t.TempDir(), "PORT": "0", "LOG_LEVEL": "warn"}
		var out syncBuffer
		base := serve(t, env, &out)
		var products map[string]any
		get(t, "GET", base+"/api/products", "", &products)
		if log := out.String(); !strings.Contains(log, "level=WARN") || !strings.Contains(log, "schema is newer") {
			t.Errorf("no warning about the newer schema:\n%s", log)
		}
	})
}

// rollBackLast undoes the last migration applied to the database at url, with its own Down section.
func rollBackLast(t *testing.T, url string) {
	t.Helper()
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p, err := goose.NewProvider(goose.DialectPostgres, db, migrations.FS)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Down(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
