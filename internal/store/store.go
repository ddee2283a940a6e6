// Package store opens the PostgreSQL pool and migrates the schema; its db subpackage holds the sqlc-generated
// queries that the domain packages use.
package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Open connects a pool to url and checks that the server answers. maxConns of 0 keeps pgx's default
// (the larger of 4 and the number of CPUs): on a small machine a few busy connections beat many idle ones.
func Open(ctx context.Context, url string, maxConns int32) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("parse DATABASE_URL: %w", err)
	}
	if maxConns > 0 {
		cfg.MaxConns = maxConns
	}
	cfg.MaxConnIdleTime = 5 * time.Minute
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to PostgreSQL: %w", err)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := pool.Ping(pingCtx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to PostgreSQL at %s: %w", redact(cfg.ConnConfig.Host, cfg.ConnConfig.Database), err)
	}
	return pool, nil
}

func redact(host, db string) string { return fmt.Sprintf("host=%s dbname=%s", host, db) }
