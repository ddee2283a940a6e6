package catalogadmin

import (
	"net/http"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/catalog"
)

// Handlers serve the back office routes; httpapi puts every one behind account.RequireStaff.
type Handlers struct {
	svc      *Service
	mediaURL string // absolute base URL of pictures; empty = this server's /media/
}

// NewHandlers returns the handlers. mediaURL is MEDIA_URL (may be empty).
func NewHandlers(svc *Service, mediaURL string) *Handlers {
	return &Handlers{svc: svc, mediaURL: mediaURL}
}

// actor is the staff member making the request (RequireStaff let it through).
func actor(r *http.Request) account.User {
	u, _ := account.UserFrom(r.Context())
	return u
}

func (h *Handlers) mediaBase(r *http.Request) string { return catalog.MediaBase(r, h.mediaURL) }
