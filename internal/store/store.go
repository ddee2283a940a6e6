// Package store opens the PostgreSQL pool, migrates the schema and runs transactions (InTx). The queries are
// not here: each domain package owns its tables and keeps its generated queries in its own internal/ folder
// (docs/moving-parts.md).
package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Querier runs statements: the pool, or a transaction (a *Tx). An owner's read that a caller may need inside
// its own transaction takes one, so the read uses the transaction's connection instead of waiting for a second
// one from the pool (with every connection held by a transaction waiting so, the pool would never free one).
type Querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

// DefaultMaxConns is the pool size when DATABASE_MAX_CONNS is not set. pgx's own default (the larger of 4 and
// the CPUs) starves writes: an order's transaction waits on WAL flushes and round trips, not on CPU; 8 placed
// the most orders on 2 cores (bench/README.md).
const DefaultMaxConns = 8

// Options say how to connect besides the URL.
type Options struct {
	MaxConns int32 // 0 means DefaultMaxConns
	// PgBouncer: the URL points at PgBouncer in transaction mode (DATABASE_PGBOUNCER, docs/pgbouncer.md).
	// Each transaction may run on another server connection, so no statement stays prepared between them
	// (pgx's description cache instead: one round trip, the parameters' types known) and no setting is sent
	// at connect (PgBouncer refuses what it does not know): the server connections must have them already,
	// from PgBouncer's connect_query, which Open checks.
	PgBouncer bool
}

// sessionSettings are what every connection of ours runs with, each with its reason. Open sends them at connect,
// or, behind PgBouncer, checks that its connect_query set them.
var sessionSettings = [][2]string{
	// Stock is written only by the catalog package, which announces its changes after commit; the trigger that
	// announces stock changed by anyone else stays quiet for ours (docs/moving-parts.md, «Caches»).
	{"furstore.announces_stock", "on"},
	// Every prepared statement runs on one generic plan from its first run. Left to choose, PostgreSQL re-plans
	// a statement on every call whenever a plan for the actual values looks cheaper, as it always does for
	// `id = ANY($1)` with a short array: the order's stock statement and the cart's product lookup spent more
	// time planning than running (bench/README.md). The few queries whose best plan does depend on the values
	// say so with CustomPlans (docs/moving-parts.md).
	{"plan_cache_mode", "force_generic_plan"},
	// A searched word of four letters or more matches a name's word this close (pg_trgm's word_similarity):
	// «норкавая» is «норковая» mistyped (0.5). The catalog's search functions (migration 00015) ask for the
	// same value; this lets the trigram index find the candidates (the %> operator uses this setting).
	{"pg_trgm.word_similarity_threshold", "0.45"},
}

// Open connects a pool to url and checks that the server answers. maxConns of 0 means DefaultMaxConns.
func Open(ctx context.Context, url string, maxConns int32) (*pgxpool.Pool, error) {
	return OpenWith(ctx, url, Options{MaxConns: maxConns})
}

// OpenWith is Open with every option.
func OpenWith(ctx context.Context, url string, o Options) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("parse DATABASE_URL: %w", err)
	}
	cfg.MaxConns = DefaultMaxConns
	if o.MaxConns > 0 {
		cfg.MaxConns = o.MaxConns
	}
	cfg.MaxConnIdleTime = 5 * time.Minute
	// A host that does not answer at all (a dropped network, not a stopped server, which refuses at once) must
	// not hold requests until their clients give up: after this, the connect fails and the request is 503
	// database_unavailable (Unreachable). connect_timeout in DATABASE_URL overrides it.
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = 5 * time.Second
	}
	if o.PgBouncer {
		// A URL may name another mode that suits PgBouncer (exec, simple_protocol); the default does not.
		if cfg.ConnConfig.DefaultQueryExecMode == pgx.QueryExecModeCacheStatement {
			cfg.ConnConfig.DefaultQueryExecMode = pgx.QueryExecModeCacheDescribe
		}
	} else {
		for _, kv := range sessionSettings {
			cfg.ConnConfig.RuntimeParams[kv[0]] = kv[1]
		}
	}
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
	if o.PgBouncer {
		if err := checkSettings(pingCtx, pool); err != nil {
			pool.Close()
			return nil, err
		}
	}
	return pool, nil
}

// checkSettings refuses server connections that lack a session setting: behind PgBouncer they come from its
// connect_query (or the role's or database's defaults), which only the operator can set.
func checkSettings(ctx context.Context, pool *pgxpool.Pool) error {
	var missing, set []string
	for _, kv := range sessionSettings {
		var got *string
		if err := pool.QueryRow(ctx, "SELECT current_setting($1, true)", kv[0]).Scan(&got); err != nil {
			return fmt.Errorf("read setting %s through PgBouncer: %w", kv[0], err)
		}
		if got == nil || *got != kv[1] {
			missing = append(missing, fmt.Sprintf("%s = %s", kv[0], kv[1]))
		}
		set = append(set, fmt.Sprintf("SET %s = %s", kv[0], kv[1]))
	}
	if missing != nil {
		return fmt.Errorf("DATABASE_PGBOUNCER: PgBouncer's server connections lack %s; give the database's line in "+
			"pgbouncer.ini connect_query='%s' (docs/pgbouncer.md)", strings.Join(missing, ", "), strings.Join(set, "; "))
	}
	return nil
}

func redact(host, db string) string { return fmt.Sprintf("host=%s dbname=%s", host, db) }

// CustomPlans runs each query with its values written into the statement (pgx's simple protocol, which quotes
// them safely), so PostgreSQL plans it for those very values every time. Every other statement runs on one
// generic plan (Open): right for lookups by key (planning them again costs more than running them), wrong for
// the catalog listing, whose best plan depends on how many products the category and the price range hold (a
// generic plan counted «Шубы» through the wrong index), for the staff's lists, whose filters come and go, and
// for batches that walk a table in pages. docs/moving-parts.md lists them.
type CustomPlans struct {
	Querier
}

func (c CustomPlans) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	return c.Querier.Exec(ctx, sql, append([]any{pgx.QueryExecModeSimpleProtocol}, args...)...)
}

func (c CustomPlans) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	return c.Querier.Query(ctx, sql, append([]any{pgx.QueryExecModeSimpleProtocol}, args...)...)
}

func (c CustomPlans) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	return c.Querier.QueryRow(ctx, sql, append([]any{pgx.QueryExecModeSimpleProtocol}, args...)...)
}
