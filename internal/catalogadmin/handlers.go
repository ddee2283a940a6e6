package catalogadmin

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/apperr"
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

// pathID reads the {id} of the path; anything but a positive whole number names nothing, so notFound.
func pathID(r *http.Request, notFound error) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, notFound
	}
	return id, nil
}

// actor is the staff member making the request (RequireStaff let it through).
func actor(r *http.Request) account.User {
	u, _ := account.UserFrom(r.Context())
	return u
}

// query parses the query string strictly: net/http's r.URL.Query() silently drops pairs it cannot parse.
func query(r *http.Request) (url.Values, error) {
	v, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, apperr.New(apperr.Invalid, "invalid_query", "the query string is malformed: "+err.Error())
	}
	return v, nil
}

func (h *Handlers) mediaBase(r *http.Request) string { return catalog.MediaBase(r, h.mediaURL) }

// oneInvalid merges the Invalid errors of several checks into one that names every bad field; any other
// error is returned as it is.
func oneInvalid(errs ...error) error {
	var v apperr.Validation
	for _, err := range errs {
		if err == nil {
			continue
		}
		e, ok := apperr.As(err)
		if !ok || e.Kind != apperr.Invalid || len(e.Fields) == 0 {
			return err
		}
		for field, problem := range e.Fields {
			v.Add(e.Code, field, problem)
		}
	}
	return v.Err()
}
