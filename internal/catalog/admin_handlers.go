package catalog

import (
	"log/slog"
	"net/http"

	"github.com/mekhaishuby/furstore/internal/account"
)

// AdminHandlers serve the back office's catalog routes: categories, products, stock, pictures and the
// products.csv export. httpapi puts every one behind account.RequireStaff.
type AdminHandlers struct {
	admin    *Admin
	mediaURL string // absolute base URL of pictures; empty = this server's /media/
	log      *slog.Logger
}

// NewAdminHandlers returns the back office's handlers over svc. mediaURL is MEDIA_URL (may be empty), as the
// public catalog has it.
func NewAdminHandlers(svc *Service, mediaURL string) *AdminHandlers {
	return &AdminHandlers{admin: svc.Admin(), mediaURL: mediaURL, log: svc.log}
}

// actor is the staff member making the request (RequireStaff let it through).
func actor(r *http.Request) account.User {
	u, _ := account.UserFrom(r.Context())
	return u
}

func (h *AdminHandlers) mediaBase(r *http.Request) string { return MediaBase(r, h.mediaURL) }
