// Package audit keeps the back office's log of changes: who, when, what, and the object before → after. An
// entry is written in the same transaction as the change it describes, so the log never claims a change that
// rolled back and never misses one that committed.
package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/audit/internal/auditdb"
	"github.com/mekhaishuby/furstore/internal/store"
)

// Entry is one change. Before is nil for a creation, After nil for a deletion; both are stored as JSON.
type Entry struct {
	Action     string // what was done, "<object>.<verb>": product.update, category.delete, order.status …
	ObjectType string // category, product, image, attribute, order
	ObjectID   int64
	Before     any
	After      any
}

// Record writes e on behalf of actor through tx, the transaction that makes the change: the one way other
// packages write to the audit log, which is this package's table.
func Record(ctx context.Context, tx *store.Tx, actor account.User, e Entry) error {
	before, err := marshal(e.Before)
	if err != nil {
		return fmt.Errorf("audit %s before: %w", e.Action, err)
	}
	after, err := marshal(e.After)
	if err != nil {
		return fmt.Errorf("audit %s after: %w", e.Action, err)
	}
	var actorID, objectID *int64
	if actor.ID != 0 {
		actorID = &actor.ID
	}
	if e.ObjectID != 0 {
		objectID = &e.ObjectID
	}
	return auditdb.New(tx).InsertAudit(ctx, auditdb.InsertAuditParams{ActorID: actorID, ActorEmail: actor.Email,
		Action: e.Action, ObjectType: e.ObjectType, ObjectID: objectID, Before: before, After: after})
}

func marshal(v any) ([]byte, error) {
	if v == nil {
		return nil, nil
	}
	if raw, ok := v.(json.RawMessage); ok {
		return raw, nil
	}
	return json.Marshal(v)
}

// Logged is a recorded entry.
type Logged struct {
	ID         int64
	ActorID    *int64
	ActorEmail string
	Action     string
	ObjectType string
	ObjectID   *int64
	Before     json.RawMessage // null for a creation
	After      json.RawMessage // null for a deletion
	At         time.Time
}

// Filter narrows a listing; zero fields do not filter.
type Filter struct {
	Action     string
	ObjectType string
	ObjectID   int64
	ActorID    int64
	From       time.Time // entries made at or after From
	Before     time.Time // entries made before Before
}

// The bounds of the log's time when a filter sets none: the query always compares, as order's staff list does.
var (
	minTime = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	maxTime = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
)

// between is f's time window, its open ends bounded.
func (f Filter) between() (since, before time.Time) {
	since, before = minTime, maxTime
	if !f.From.IsZero() {
		since = f.From
	}
	if !f.Before.IsZero() {
		before = f.Before
	}
	return since, before
}

// Service reads the log.
type Service struct {
	q *auditdb.Queries
}

// NewService returns the audit log reader.
// Its filters come and go, so its queries are planned per call (store.CustomPlans).
func NewService(pool *pgxpool.Pool) *Service {
	return &Service{q: auditdb.New(store.CustomPlans{Querier: pool})}
}

// List returns a page of entries, newest first, and how many match.
func (s *Service) List(ctx context.Context, f Filter, page, pageSize int) ([]Logged, int64, error) {
	str := func(v string) *string {
		if v == "" {
			return nil
		}
		return &v
	}
	num := func(v int64) *int64 {
		if v == 0 {
			return nil
		}
		return &v
	}
	since, before := f.between()
	count, err := s.q.CountAudit(ctx, auditdb.CountAuditParams{Action: str(f.Action), ObjectType: str(f.ObjectType),
		ObjectID: num(f.ObjectID), ActorID: num(f.ActorID), Since: since, Before: before})
	if err != nil {
		return nil, 0, err
	}
	rows, err := s.q.ListAudit(ctx, auditdb.ListAuditParams{Action: str(f.Action), ObjectType: str(f.ObjectType),
		ObjectID: num(f.ObjectID), ActorID: num(f.ActorID), Since: since, Before: before,
		PageSize: int32(pageSize), Skip: int32((page - 1) * pageSize)})
	if err != nil {
		return nil, 0, err
	}
	out := make([]Logged, len(rows))
	for i, r := range rows {
		out[i] = Logged{ID: r.ID, ActorID: r.ActorID, ActorEmail: r.ActorEmail, Action: r.Action, ObjectType: r.ObjectType,
			ObjectID: r.ObjectID, Before: r.Before, After: r.After, At: r.CreatedAt}
	}
	return out, count, nil
}
