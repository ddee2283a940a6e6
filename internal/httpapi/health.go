package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mekhaishuby/furstore/internal/web"
)

// Health answers the load balancer's two questions: is the process up, and can it serve (the database answers).
type Health struct {
	pool *pgxpool.Pool
}

// NewHealth returns the health handlers.
func NewHealth(pool *pgxpool.Pool) *Health { return &Health{pool: pool} }

var okBody = []byte(`{"status":"ok"}`)

// Live serves GET /healthz: 200 while the process runs.
func (h *Health) Live(w http.ResponseWriter, _ *http.Request) {
	web.WriteJSONBytes(w, http.StatusOK, okBody)
}

// Ready serves GET /readyz: 200 when PostgreSQL answers within two seconds, else 503.
func (h *Health) Ready(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := h.pool.Ping(ctx); err != nil {
		return fmt.Errorf("%w (%w)", web.ErrDatabaseUnavailable, err)
	}
	web.WriteJSONBytes(w, http.StatusOK, okBody)
	return nil
}
