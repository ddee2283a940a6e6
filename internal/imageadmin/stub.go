// Package imageadmin lets staff upload, arrange and delete product pictures through the back office.
package imageadmin

import (
	"net/http"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/media"
	"log/slog"
)

// Service does the work behind the handlers.
type Service struct {
	pool     *pgxpool.Pool
	pictures *media.Store
	log      *slog.Logger
}

// NewService returns the service.
func NewService(pool *pgxpool.Pool, pictures *media.Store, log *slog.Logger) *Service {
	return &Service{pool: pool, pictures: pictures, log: log}
}

// Handlers serve the back office routes; httpapi puts every one behind account.RequireStaff.
type Handlers struct {
	svc      *Service
	mediaURL string
}

// NewHandlers returns the handlers.
func NewHandlers(svc *Service, mediaURL string) *Handlers {
	return &Handlers{svc: svc, mediaURL: mediaURL}
}

var errNotYet = apperr.New(apperr.Unavailable, "not_implemented", "not built yet")

// Upload is not built yet.
func (h *Handlers) Upload(w http.ResponseWriter, r *http.Request) error { return errNotYet }

// Delete is not built yet.
func (h *Handlers) Delete(w http.ResponseWriter, r *http.Request) error { return errNotYet }

// Arrange is not built yet.
func (h *Handlers) Arrange(w http.ResponseWriter, r *http.Request) error { return errNotYet }
