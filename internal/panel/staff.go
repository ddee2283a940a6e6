package panel

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/sheet"
)

type staffData struct {
	Members []staffRow
	Self    int64 // the signed-in member's id: their own row says so
	Notice  string
	// The invitation form: what was typed, and what is wrong with it.
	Email, Name, EmailError, NameError string
	Message                            string // a refusal of a row's button (the last active account)
}

type staffRow struct {
	account.StaffMember
	LastLogin string // «—» for never
}

// staffNotices are what a change that went through says after the redirect (?done=…).
var staffNotices = map[string]string{
	"invited":     "Приглашение отправлено: сотрудник получит письмо со ссылкой, чтобы задать пароль.",
	"promoted":    "Покупатель стал сотрудником. Прежний пароль больше не действует: письмо со ссылкой для нового отправлено на его адрес.",
	"deactivated": "Сотрудник отключён: он больше не может войти, его открытые сеансы завершены.",
	"activated":   "Сотрудник снова может входить в панель.",
}

// staffPage serves GET /admin/staff, Сотрудники: the staff accounts and the invitation form.
func (p *Panel) staffPage(w http.ResponseWriter, r *http.Request) error {
	return p.renderStaff(w, r, http.StatusOK, staffData{Notice: staffNotices[r.URL.Query().Get("done")]})
}

func (p *Panel) renderStaff(w http.ResponseWriter, r *http.Request, status int, d staffData) error {
	members, err := p.auth.Staff(r.Context())
	if err != nil {
		return err
	}
	s, _ := sessionFrom(r.Context())
	d.Self = s.session.User.ID
	d.Members = make([]staffRow, len(members))
	for i, m := range members {
		d.Members[i] = staffRow{StaffMember: m, LastLogin: "—"}
		if m.LastLogin != nil {
			d.Members[i].LastLogin = m.LastLogin.In(sheet.Moscow).Format("02.01.2006 15:04")
		}
	}
	p.render(w, r, status, "staff", view{Title: "Сотрудники", Data: d})
	return nil
}

// invite serves POST /admin/staff/invite (email, name): the account's invitation, mailed; errors next to the
// form with what was typed kept.
func (p *Panel) invite(w http.ResponseWriter, r *http.Request) error {
	s, _ := sessionFrom(r.Context())
	d := staffData{Email: strings.TrimSpace(r.PostFormValue("email")), Name: strings.TrimSpace(r.PostFormValue("name"))}
	inv, err := p.auth.Invite(r.Context(), s.session.User, account.InviteInput{Email: d.Email, Name: d.Name})
	var ae *apperr.Error
	switch {
	case errors.Is(err, account.ErrAlreadyStaff):
		d.EmailError = "Этот адрес уже принадлежит сотруднику. Если он отключён, включите его в списке ниже."
		return p.renderStaff(w, r, http.StatusConflict, d)
	case errors.As(err, &ae) && ae.Kind == apperr.Invalid:
		switch ae.Fields["email"] {
		case "":
		case "is required":
			d.EmailError = "Введите адрес эл. почты."
		default:
			d.EmailError = "Это не адрес эл. почты: нужен вид name@example.ru."
		}
		if ae.Fields["name"] != "" {
			d.NameError = "Имя и фамилия — не длиннее 100 знаков каждое, без невидимых и управляющих символов."
		}
		return p.renderStaff(w, r, http.StatusUnprocessableEntity, d)
	case err != nil:
		return err
	}
	done := "invited"
	if inv.Promoted {
		done = "promoted"
	}
	http.Redirect(w, r, "/admin/staff?done="+done, http.StatusSeeOther)
	return nil
}

// deactivate serves POST /admin/staff/{id}/deactivate.
func (p *Panel) deactivate(w http.ResponseWriter, r *http.Request) error {
	return p.switchStaff(w, r, p.auth.Deactivate, "deactivated")
}

// activate serves POST /admin/staff/{id}/activate.
func (p *Panel) activate(w http.ResponseWriter, r *http.Request) error {
	return p.switchStaff(w, r, p.auth.Activate, "activated")
}

// switchStaff runs a deactivation or an activation of the account {id}; the last active account's refusal is
// shown above the list, an unknown id is the 404 page.
func (p *Panel) switchStaff(w http.ResponseWriter, r *http.Request, change func(ctx context.Context, by account.User, id int64) error, done string) error {
	s, _ := sessionFrom(r.Context())
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return errNotFound
	}
	err = change(r.Context(), s.session.User, id)
	switch {
	case errors.Is(err, account.ErrStaffNotFound):
		return errNotFound
	case errors.Is(err, account.ErrLastActiveStaff):
		return p.renderStaff(w, r, http.StatusConflict, staffData{Message: "Это единственный действующий сотрудник: " +
			"без него в панель не сможет войти никто. Сначала пригласите или включите другого."})
	case err != nil:
		return err
	}
	http.Redirect(w, r, "/admin/staff?done="+done, http.StatusSeeOther)
	return nil
}
