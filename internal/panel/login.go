package panel

import (
	"errors"
	"net/http"
	"strings"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/web"
)

type loginData struct {
	Email, Next, Message string
}

// loginForm serves GET /admin/login; a staff member already signed in goes on to the panel.
func (p *Panel) loginForm(w http.ResponseWriter, r *http.Request) error {
	next := safeNext(r.URL.Query().Get("next"))
	if _, ok, _ := p.staffSession(r); ok { // with the database away, the form is still shown
		http.Redirect(w, r, next, http.StatusSeeOther)
		return nil
	}
	p.render(w, r, http.StatusOK, "login", view{Title: "Вход в панель", Data: loginData{Next: next}})
	return nil
}

// login serves POST /admin/login (fields email, password): a staff member gets the session cookie and goes on;
// anyone else gets the form again, with what went wrong in words.
func (p *Panel) login(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	form := loginData{Email: strings.TrimSpace(r.PostFormValue("email")), Next: safeNext(r.PostFormValue("next"))}
	again := func(status int, message string) error {
		form.Message = message
		p.render(w, r, status, "login", view{Title: "Вход в панель", Data: form})
		return nil
	}
	user, token, err := p.auth.Login(r.Context(), web.ClientIP(r), form.Email, r.PostFormValue("password"))
	var ae *apperr.Error
	switch {
	case errors.As(err, &ae) && ae.Kind == apperr.TooManyRequests:
		return again(http.StatusTooManyRequests, "Слишком много попыток входа. Подождите несколько минут и попробуйте снова.")
	case errors.As(err, &ae) && ae.Kind == apperr.Invalid:
		return again(http.StatusBadRequest, "Введите адрес эл. почты и пароль.")
	case errors.As(err, &ae) && ae.Code == "account_disabled":
		return again(http.StatusForbidden, "Эта учётная запись отключена. Чтобы снова входить в панель, обратитесь к другому сотруднику магазина.")
	case errors.As(err, &ae) && ae.Kind == apperr.Unauthorized:
		return again(http.StatusUnauthorized, "Неверный адрес эл. почты или пароль.")
	case err != nil:
		return err
	}
	if !user.IsStaff {
		// A customer's account: no access here, and the session just opened is closed again at once.
		if sess, err := p.auth.Authenticate(r.Context(), token); err == nil {
			if err := p.auth.Logout(r.Context(), sess); err != nil {
				p.log.Warn("customer's session from the panel's sign-in not closed", "err", err)
			}
		}
		return again(http.StatusForbidden, "У этой учётной записи нет доступа к панели: она только для сотрудников магазина. Покупатели входят на сайте.")
	}
	p.setSessionCookie(w, r, token)
	http.Redirect(w, r, form.Next, http.StatusSeeOther)
	return nil
}

// logout serves POST /admin/logout: the session ends for the API too.
func (p *Panel) logout(w http.ResponseWriter, r *http.Request) error {
	s, _ := sessionFrom(r.Context())
	if err := p.auth.Logout(r.Context(), s.session); err != nil {
		return err
	}
	p.clearSessionCookie(w, r)
	http.Redirect(w, r, "/admin/login", http.StatusSeeOther)
	return nil
}

// safeNext is where to go after signing in: a path of the panel, never another site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/admin/") || strings.HasPrefix(next, "/admin/login") || strings.ContainsAny(next, "\\\r\n") {
		return "/admin/"
	}
	return next
}
