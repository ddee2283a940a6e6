package account

import (
	"context"
	"net/http"
	"strings"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/web"
)

type sessionKey struct{}

// SessionFrom returns the session of an authenticated request (one that went through RequireUser).
func SessionFrom(ctx context.Context) (Session, bool) {
	s, ok := ctx.Value(sessionKey{}).(Session)
	return s, ok
}

// UserFrom returns the signed-in user of an authenticated request.
func UserFrom(ctx context.Context) (User, bool) {
	s, ok := SessionFrom(ctx)
	return s.User, ok
}

// BearerToken returns the token of "Authorization: Bearer <token>" or DRF's "Token <token>", or "".
func BearerToken(r *http.Request) string {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !(strings.EqualFold(scheme, "Bearer") || strings.EqualFold(scheme, "Token")) {
		return ""
	}
	return strings.TrimSpace(token)
}

var errNotAuthenticated = apperr.New(apperr.Unauthorized, "not_authenticated",
	"sign in first: send Authorization: Bearer <token>")

// RequireUser lets only authenticated requests through to next, with their session in the context.
func (s *Service) RequireUser(next web.HandlerFunc) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		token := BearerToken(r)
		if token == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="furstore"`)
			return errNotAuthenticated
		}
		sess, err := s.Authenticate(r.Context(), token)
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="furstore", error="invalid_token"`)
			return err
		}
		return next(w, r.WithContext(context.WithValue(r.Context(), sessionKey{}, sess)))
	}
}

// OptionalUser lets every request through to next; one that carries a token must carry a valid one (401
// otherwise), and then its session is in the context. Carts work for guests and users alike.
func (s *Service) OptionalUser(next web.HandlerFunc) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if r.Header.Get("Authorization") == "" {
			return next(w, r)
		}
		return s.RequireUser(next)(w, r)
	}
}

var errNotStaff = apperr.New(apperr.Forbidden, "forbidden", "this needs a staff account")

// RequireStaff lets only staff through: no token is 401, a customer's token 403.
func (s *Service) RequireStaff(next web.HandlerFunc) web.HandlerFunc {
	return s.RequireUser(func(w http.ResponseWriter, r *http.Request) error {
		if u, _ := UserFrom(r.Context()); !u.IsStaff {
			return errNotStaff
		}
		return next(w, r)
	})
}
