// Package orderadmin lets staff follow and move orders through the back office, and export orders and products as CSV.
package orderadmin

import (
	"net/http"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/payment"
	"log/slog"
)

// Service does the work behind the handlers.
type Service struct {
	pool      *pgxpool.Pool
	catalog   *catalog.Service
	payments  *payment.Service
	log       *slog.Logger
	publicURL string
}

// NewService returns the service.
func NewService(pool *pgxpool.Pool, cat *catalog.Service, payments *payment.Service, log *slog.Logger, publicURL string) *Service {
	return &Service{pool: pool, catalog: cat, payments: payments, log: log, publicURL: publicURL}
}

// Handlers serve the back office routes; httpapi puts every one behind account.RequireStaff.
type Handlers struct {
	svc *Service
}

// NewHandlers returns the handlers.
func NewHandlers(svc *Service) *Handlers { return &Handlers{svc: svc} }

var errNotYet = apperr.New(apperr.Unavailable, "not_implemented", "not built yet")

// List is not built yet.
func (h *Handlers) List(w http.ResponseWriter, r *http.Request) error { return errNotYet }

// Get is not built yet.
func (h *Handlers) Get(w http.ResponseWriter, r *http.Request) error { return errNotYet }

// SetStatus is not built yet.
func (h *Handlers) SetStatus(w http.ResponseWriter, r *http.Request) error { return errNotYet }

// SetFurCodes is not built yet.
func (h *Handlers) SetFurCodes(w http.ResponseWriter, r *http.Request) error { return errNotYet }

// ExportOrders is not built yet.
func (h *Handlers) ExportOrders(w http.ResponseWriter, r *http.Request) error { return errNotYet }

// ExportProducts is not built yet.
func (h *Handlers) ExportProducts(w http.ResponseWriter, r *http.Request) error { return errNotYet }
