package panel

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/order"
)

// setOrderStatus serves POST /admin/orders/{id}/status (fields status, note): the same SetStatus as the back
// office's JSON route, on behalf of the signed-in staff member, so the graph of statuses, the customer's mail
// and the audit entry are its. A change the service refuses is the order's page again with the reason in
// Russian and the note kept; a change made is a redirect to the page.
func (p *Panel) setOrderStatus(w http.ResponseWriter, r *http.Request) error {
	o, err := p.order(r)
	if err != nil {
		return err
	}
	note := r.PostFormValue("note")
	to, ok := order.ParseStatus(r.PostFormValue("status"))
	if !ok {
		p.renderOrder(w, r, http.StatusBadRequest, o, "Выберите, каким станет заказ: нажмите одну из кнопок ниже.", note)
		return nil
	}
	s, _ := sessionFrom(r.Context())
	ch := order.StatusChange{To: to, Note: note, TrackingNumber: r.PostFormValue("tracking_number")}
	if _, err := p.orders.SetStatusWith(r.Context(), s.session.User, o.ID, ch); err != nil {
		if errors.Is(err, order.ErrNotFound) {
			return errNotFound
		}
		status, problem, ok := statusProblem(err)
		if !ok {
			return err
		}
		p.log.Warn("panel: order status refused", "order", o.ID, "to", to, "err", err)
		if o, err = p.orders.Order(r.Context(), o.ID); err != nil { // as it is now
			return err
		}
		p.renderOrder(w, r, status, o, problem, note)
		return nil
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/orders/%d", o.ID), http.StatusSeeOther)
	return nil
}

// statusProblem says in Russian why SetStatus refused a change, with the page's status; ok is false for an
// error that is not a refusal (a failure, shown as the 500 page).
func statusProblem(err error) (status int, problem string, ok bool) {
	e, isApp := apperr.As(err)
	switch {
	case !isApp:
		return 0, "", false
	case e.Code == "invalid_transition":
		return http.StatusConflict, transitionProblem(e), true
	case e.Kind == apperr.Invalid && e.Fields["tracking_number"] != "":
		return http.StatusBadRequest, "Трек-номер указывают только при отправке заказа, одной строкой, не длиннее 100 знаков.", true
	case e.Kind == apperr.Invalid && e.Fields["note"] != "":
		return http.StatusBadRequest, "Комментарий: не длиннее 500 знаков, без управляющих символов.", true
	case e.Kind == apperr.Unavailable:
		return http.StatusServiceUnavailable, "Платёжная система сейчас не отвечает, статус не изменён. Попробуйте через несколько минут.", true
	case e.Kind == apperr.Conflict:
		return http.StatusConflict, "Статус не изменён: заказ не позволяет этого сейчас. Обновите страницу и посмотрите его состояние.", true
	case e.Kind == apperr.Invalid:
		return http.StatusBadRequest, "Статус не изменён: проверьте, что введено.", true
	}
	return 0, "", false
}

// transitionProblem is the service's invalid_transition in Russian, from the labels its details name.
func transitionProblem(e *apperr.Error) string {
	d, _ := e.Details.(map[string]any)
	from, _ := d["from"].(string)
	to, _ := d["to"].(string)
	allowed, _ := d["allowed"].([]string)
	next := "«" + strings.Join(allowed, "» или «") + "»"
	switch {
	case len(allowed) == 0:
		return fmt.Sprintf("Заказ «%s» — это окончательный статус: его больше нельзя изменить.", from)
	case from == to:
		return fmt.Sprintf("Заказ уже «%s». Дальше он может стать %s.", from, next)
	}
	return fmt.Sprintf("Заказ «%s» нельзя сразу сделать «%s»: дальше он может стать только %s.", from, to, next)
}
