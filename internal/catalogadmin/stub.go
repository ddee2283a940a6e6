// Package catalogadmin lets staff manage the catalog through the back office: categories, products and their stock.
package catalogadmin

import (
	"net/http"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/catalog"
	"log/slog"
)

// Service does the work behind the handlers.
type Service struct {
	pool    *pgxpool.Pool
	catalog *catalog.Service
	log     *slog.Logger
}

// NewService returns the service.
func NewService(pool *pgxpool.Pool, cat *catalog.Service, log *slog.Logger) *Service {
	return &Service{pool: pool, catalog: cat, log: log}
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

// ListCategories is not built yet.
func (h *Handlers) ListCategories(w http.ResponseWriter, r *http.Request) error { return errNotYet }

// CreateCategory is not built yet.
func (h *Handlers) CreateCategory(w http.ResponseWriter, r *http.Request) error { return errNotYet }

// UpdateCategory is not built yet.
func (h *Handlers) UpdateCategory(w http.ResponseWriter, r *http.Request) error { return errNotYet }

// DeleteCategory is not built yet.
func (h *Handlers) DeleteCategory(w http.ResponseWriter, r *http.Request) error { return errNotYet }

// ListProducts is not built yet.
func (h *Handlers) ListProducts(w http.ResponseWriter, r *http.Request) error { return errNotYet }

// CreateProduct is not built yet.
func (h *Handlers) CreateProduct(w http.ResponseWriter, r *http.Request) error { return errNotYet }

// GetProduct is not built yet.
func (h *Handlers) GetProduct(w http.ResponseWriter, r *http.Request) error { return errNotYet }

// UpdateProduct is not built yet.
func (h *Handlers) UpdateProduct(w http.ResponseWriter, r *http.Request) error { return errNotYet }

// DeleteProduct is not built yet.
func (h *Handlers) DeleteProduct(w http.ResponseWriter, r *http.Request) error { return errNotYet }

// SetStock is not built yet.
func (h *Handlers) SetStock(w http.ResponseWriter, r *http.Request) error { return errNotYet }

// StockHistory is not built yet.
func (h *Handlers) StockHistory(w http.ResponseWriter, r *http.Request) error { return errNotYet }
