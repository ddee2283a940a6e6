package panel

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/store"
	"github.com/mekhaishuby/furstore/internal/web"
)

// sessionCookie holds a staff member's session token: the same sessions as the API's Bearer tokens, so the
// API's rules hold (a password change or a sign-out ends them, on every server).
const sessionCookie = "furstore_staff"

type staffSession struct {
	session account.Session
	token   string
	csrf    string // the token the session's forms carry
}

type sessionKey struct{}

func sessionFrom(ctx context.Context) (staffSession, bool) {
	s, ok := ctx.Value(sessionKey{}).(staffSession)
	return s, ok
}

// csrfToken is what a session's forms carry: derived from the session's token, which only the browser holding
// the HttpOnly cookie has, so another site cannot make one; nothing to store, and the same on every server.
func csrfToken(sessionToken string) string {
	sum := sha256.Sum256([]byte("furstore panel form\x00" + sessionToken))
	return base64.RawURLEncoding.EncodeToString(sum[:18])
}

// staffOnly lets through requests with a staff session (and, for forms, the session's token). Others are sent
// to sign in (a page) or refused (a form).
func (p *Panel) staffOnly(next http.Handler) http.Handler {
	return p.serve(func(w http.ResponseWriter, r *http.Request) error {
		s, ok, err := p.staffSession(r)
		if err != nil {
			return err
		}
		if !ok {
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				http.Redirect(w, r, "/admin/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return nil
			}
			return errForbidden
		}
		ctx := context.WithValue(r.Context(), sessionKey{}, s)
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			if mr, token, ok := multipartToken(w, r); ok { // an upload: see upload.go
				if !sameToken(token, s.csrf) {
					return errStaleForm
				}
				ctx = context.WithValue(ctx, uploadKey{}, mr)
			} else {
				r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
				var tooLarge *http.MaxBytesError
				if err := r.ParseForm(); errors.As(err, &tooLarge) {
					return errFormTooLarge
				}
				if !sameToken(r.PostFormValue("csrf"), s.csrf) {
					return errStaleForm
				}
			}
		}
		next.ServeHTTP(w, r.WithContext(ctx))
		return nil
	})
}

// maxFormBytes bounds a form's body (uploads have their own limit): a product's description of 20 000
// characters is 120 KB sent as a form (each Cyrillic letter is %XX%XX), with room for the rest.
const maxFormBytes = 256 << 10

func (p *Panel) staffSession(r *http.Request) (staffSession, bool, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return staffSession{}, false, nil
	}
	sess, err := p.auth.Authenticate(r.Context(), c.Value)
	if store.Unreachable(err) {
		// Not a reason to send staff to the sign-in page: the session may be fine, the database is away.
		return staffSession{}, false, err
	}
	if err != nil || !sess.User.IsStaff {
		return staffSession{}, false, nil
	}
	return staffSession{session: sess, token: c.Value, csrf: csrfToken(c.Value)}, true, nil
}

func (p *Panel) setSessionCookie(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/admin/", HttpOnly: true,
		Secure: p.secure || web.IsHTTPS(r), SameSite: http.SameSiteLaxMode})
}

func (p *Panel) clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/admin/", MaxAge: -1, HttpOnly: true,
		Secure: p.secure || web.IsHTTPS(r), SameSite: http.SameSiteLaxMode})
}
