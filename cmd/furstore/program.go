package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mekhaishuby/furstore/internal/config"
	"github.com/mekhaishuby/furstore/internal/store"
)

// program is the whole binary, with its outside world passed in, so a test can run it like main does.
type program struct {
	getenv         func(string) string
	stdout, stderr io.Writer
	// onListen, if set, hears the address the server listens on (tests listen on port 0).
	onListen func(addr string)
}

const usage = `usage: furstore [command]
  serve                    serve the HTTP API (the default)
  migrate up|status        apply or list the schema migrations
  seed-demo [--if-empty]   load the demo fur catalog
  import-catalog FILE      load a catalog from a JSON file (docs/catalog-import.md)
  pictures                 make the card and thumbnail sizes pictures imported before lack
  createsuperuser --email E  create a staff account, or make an existing one staff
                           (password from FURSTORE_SUPERUSER_PASSWORD or a prompt)`

func (p program) run(ctx context.Context, args []string) error {
	cmd := "serve"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	cfg, err := config.Load(p.getenv)
	if err != nil {
		return fmt.Errorf("configuration:\n%w", err)
	}
	log := p.logger(cfg)
	switch cmd {
	case "serve":
		return p.serve(ctx, cfg, log)
	case "migrate":
		return p.migrate(ctx, cfg, log, args)
	case "seed-demo":
		return p.seedDemo(ctx, cfg, log, args)
	case "import-catalog":
		return p.importCatalog(ctx, cfg, log, args)
	case "pictures":
		return p.pictureSizes(ctx, cfg, log, args)
	case "createsuperuser":
		return p.createSuperuser(ctx, cfg, log, args)
	case "help", "-h", "--help":
		fmt.Fprintln(p.stdout, usage)
		return nil
	}
	return fmt.Errorf("unknown command %q\n%s", cmd, usage)
}

func (p program) logger(cfg config.Config) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(p.stderr, opts))
	}
	return slog.New(slog.NewTextHandler(p.stderr, opts))
}

func openDB(ctx context.Context, cfg config.Config) (*pgxpool.Pool, error) {
	if err := cfg.RequireDatabase(); err != nil {
		return nil, err
	}
	return store.OpenWith(ctx, cfg.DatabaseURL, store.Options{MaxConns: cfg.DatabaseMaxConns, PgBouncer: cfg.DatabasePgBouncer})
}

func (p program) migrate(ctx context.Context, cfg config.Config, log *slog.Logger, args []string) error {
	if len(args) != 1 || (args[0] != "up" && args[0] != "status") {
		return fmt.Errorf("usage: furstore migrate up|status")
	}
	if err := cfg.RequireDatabase(); err != nil {
		return err
	}
	// The migrations hold a session's advisory lock from start to end, which PgBouncer in transaction mode
	// would hand to another client between two statements: they connect directly (DATABASE_LISTEN_URL).
	pool, err := store.Open(ctx, cfg.DatabaseListenURL, cfg.DatabaseMaxConns)
	if err != nil {
		return err
	}
	defer pool.Close()
	if args[0] == "status" {
		return store.MigrationStatus(ctx, pool, log, p.stdout)
	}
	return store.Migrate(ctx, pool, log)
}
