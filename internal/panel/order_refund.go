package panel

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/order"
	"github.com/mekhaishuby/furstore/internal/payment"
)

// refundForm is the order page's refund form: shown once a payment went through; what was typed and why it was
// refused.
type refundForm struct {
	Allowed        bool
	Amount, Reason string
	Problem        string
}

// paymentStates are payments' and refunds' states as staff read them.
var paymentStates = map[string]string{
	"new": "создан", "pending": "ждёт оплаты", "waiting_for_capture": "ждёт подтверждения",
	"succeeded": "прошёл", "canceled": "отменён",
}

func paymentState(s string) string {
	if label, ok := paymentStates[s]; ok {
		return label
	}
	return s
}

// refund serves POST /admin/orders/{id}/refund (amount, reason, return_unit…): the same refund as the JSON
// route (payment.Refund), on behalf of the signed-in staff member. A refusal is the order's page again with the
// reason in Russian and what was typed kept; a refund made is a redirect to the page.
func (p *Panel) refund(w http.ResponseWriter, r *http.Request) error {
	o, err := p.order(r)
	if err != nil {
		return err
	}
	form := refundForm{Allowed: true, Amount: strings.TrimSpace(r.PostFormValue("amount")), Reason: strings.TrimSpace(r.PostFormValue("reason"))}
	again := func(status int, problem string) error {
		form.Problem = problem
		p.renderOrderWith(w, r, status, orderData{Order: o, Refund: form})
		return nil
	}
	in := payment.RefundInput{Reason: form.Reason}
	if form.Amount != "" {
		a, err := money.Parse(strings.ReplaceAll(form.Amount, ",", "."))
		if err != nil {
			return again(http.StatusBadRequest, "Сумма: число рублей, не больше двух знаков после запятой, например 16400 или 16400,50.")
		}
		in.Amount = &a
	}
	for _, raw := range r.PostForm["return_unit"] {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || id < 1 {
			return again(http.StatusBadRequest, "Отмеченное изделие не найдено: обновите страницу.")
		}
		in.ReturnUnits = append(in.ReturnUnits, id)
	}
	s, _ := sessionFrom(r.Context())
	if _, err := p.payments.Refund(r.Context(), o.ID, in, s.session.User); err != nil {
		if errors.Is(err, order.ErrNotFound) {
			return errNotFound
		}
		problem, status, ok := refundProblem(err)
		if !ok {
			return err
		}
		return again(status, problem)
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/orders/%d", o.ID), http.StatusSeeOther)
	return nil
}

// refundProblem says in Russian why a refund was refused; ok is false for a failure (the 500 page).
func refundProblem(err error) (problem string, status int, ok bool) {
	e, isApp := apperr.As(err)
	if !isApp {
		return "", 0, false
	}
	switch {
	case e.Code == "refund_exceeds_payment":
		return "Сумма больше, чем осталось вернуть по платежу.", http.StatusConflict, true
	case e.Fields["reason"] != "":
		return "Укажите причину возврата (одной строкой, до 500 знаков).", http.StatusBadRequest, true
	case e.Fields["amount"] != "":
		return "Сумма возврата: больше нуля и не больше оплаченного.", http.StatusBadRequest, true
	case e.Code == "not_paid":
		return "Заказ не оплачен онлайн: возвращать нечего.", http.StatusConflict, true
	case e.Code == "nothing_to_refund":
		return "По этому заказу всё уже возвращено.", http.StatusConflict, true
	case e.Code == "refund_in_progress":
		return "Предыдущий возврат ещё обрабатывается ЮKassa. Подождите и обновите страницу.", http.StatusConflict, true
	case e.Code == "fur_unit_not_handed_over":
		return "Изделие можно вернуть, только если заказ выдан покупателю.", http.StatusConflict, true
	case e.Code == "refund_refused":
		return "ЮKassa отказала в возврате. Проверьте сумму или попробуйте позже.", http.StatusConflict, true
	case e.Kind == apperr.Unavailable:
		return "ЮKassa сейчас не отвечает, возврат не оформлен. Попробуйте через несколько минут.", http.StatusServiceUnavailable, true
	case e.Kind == apperr.Invalid || e.Kind == apperr.Conflict:
		return "Возврат не оформлен: проверьте сумму и отмеченные изделия.", http.StatusConflict, true
	}
	return "", 0, false
}
