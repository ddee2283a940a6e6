package account

import (
	"context"
	"net/http"
	"time"

	"github.com/mekhaishuby/furstore/internal/web"
)

// Handlers serve accounts over HTTP.
type Handlers struct {
	svc      *Service
	onSignIn SignInHook
}

// SignInHook runs after a successful login or registration, before the answer is written; the cart uses it
// to merge the guest cart the visitor brings. Its error fails the request.
type SignInHook func(ctx context.Context, w http.ResponseWriter, r *http.Request, userID int64) error

// NewHandlers returns the account handlers; onSignIn may be nil.
func NewHandlers(svc *Service, onSignIn SignInHook) *Handlers {
	if onSignIn == nil {
		onSignIn = func(context.Context, http.ResponseWriter, *http.Request, int64) error { return nil }
	}
	return &Handlers{svc: svc, onSignIn: onSignIn}
}

type userJSON struct {
	ID         int64     `json:"id"`
	Email      string    `json:"email"`
	FirstName  string    `json:"first_name"`
	LastName   string    `json:"last_name"`
	Phone      string    `json:"phone"`
	IsStaff    bool      `json:"is_staff"`
	DateJoined time.Time `json:"date_joined"`
}

func userJSONOf(u User) userJSON {
	return userJSON{ID: u.ID, Email: u.Email, FirstName: u.FirstName, LastName: u.LastName, Phone: u.Phone,
		IsStaff: u.IsStaff, DateJoined: u.CreatedAt.UTC()}
}

type authJSON struct {
	Token string   `json:"token"`
	User  userJSON `json:"user"`
}

// Register serves POST /api/auth/register.
func (h *Handlers) Register(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Email     string `json:"email"`
		Password  string `json:"password"`
		FirstName string `json:"first_name"`
		LastName  string `json:"last_name"`
		Phone     string `json:"phone"`
	}
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	u, token, err := h.svc.Register(r.Context(), RegisterInput{Email: in.Email, Password: in.Password,
		FirstName: in.FirstName, LastName: in.LastName, Phone: in.Phone, Client: web.ClientIP(r)})
	if err != nil {
		return err
	}
	if err := h.onSignIn(r.Context(), w, r, u.ID); err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, authJSON{Token: token, User: userJSONOf(u)})
	return nil
}

// Login serves POST /api/auth/login.
func (h *Handlers) Login(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Email    string `json:"email"`
		Password string `json:"password"`
	}
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	u, token, err := h.svc.Login(r.Context(), web.ClientIP(r), in.Email, in.Password)
	if err != nil {
		return err
	}
	if err := h.onSignIn(r.Context(), w, r, u.ID); err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, authJSON{Token: token, User: userJSONOf(u)})
	return nil
}

// Logout serves POST /api/auth/logout: the token stops working.
func (h *Handlers) Logout(w http.ResponseWriter, r *http.Request) error {
	sess, _ := SessionFrom(r.Context())
	if err := h.svc.Logout(r.Context(), sess); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// Me serves GET /api/auth/me.
func (h *Handlers) Me(w http.ResponseWriter, r *http.Request) error {
	u, _ := UserFrom(r.Context())
	web.WriteJSON(w, http.StatusOK, userJSONOf(u))
	return nil
}

// UpdateMe serves PATCH /api/auth/me: first_name, last_name, phone; fields left out stay as they are.
func (h *Handlers) UpdateMe(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		FirstName *string `json:"first_name"`
		LastName  *string `json:"last_name"`
		Phone     *string `json:"phone"`
	}
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	sess, _ := SessionFrom(r.Context())
	u, err := h.svc.UpdateProfile(r.Context(), sess, ProfileInput(in))
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, userJSONOf(u))
	return nil
}

// ChangePassword serves POST /api/auth/password/change; the caller's session stays, every other one ends.
func (h *Handlers) ChangePassword(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		CurrentPassword string `json:"current_password"`
		NewPassword     string `json:"new_password"`
	}
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	sess, _ := SessionFrom(r.Context())
	if err := h.svc.ChangePassword(r.Context(), sess, in.CurrentPassword, in.NewPassword); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type statusJSON struct {
	Status string `json:"status"`
	Detail string `json:"detail"`
}

// RequestReset serves POST /api/auth/password/reset: 202 whether or not the address has an account.
func (h *Handlers) RequestReset(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Email string `json:"email"`
	}
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	if err := h.svc.RequestReset(r.Context(), web.ClientIP(r), in.Email); err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusAccepted, statusJSON{Status: "accepted",
		Detail: "Если для этого адреса есть учётная запись, мы отправили на него письмо со ссылкой для смены пароля."})
	return nil
}

// ConfirmReset serves POST /api/auth/password/reset/confirm.
func (h *Handlers) ConfirmReset(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Token       string `json:"token"`
		NewPassword string `json:"new_password"`
	}
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	if err := h.svc.ConfirmReset(r.Context(), in.Token, in.NewPassword); err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, statusJSON{Status: "password_changed", Detail: "Пароль изменён. Войдите с новым паролем."})
	return nil
}
