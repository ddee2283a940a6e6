package panel

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/order"
	"github.com/mekhaishuby/furstore/internal/web"
)

// ordersPerPage is how many orders a page of Заказы lists.
const ordersPerPage = 25

// ordersFilter is the filter form as typed, kept to show it again.
type ordersFilter struct {
	Status, Paid, Delivery, From, To, Q string
}

type ordersData struct {
	Filter     ordersFilter
	Statuses   []order.Status
	Problems   []string // what is wrong with the filter, in Russian; no list is shown then
	Orders     []order.Order
	Count      int64
	Page       int
	Prev, Next string // links to the neighbouring pages; "" when none
}

// orderList serves GET /admin/orders?status=&is_paid=&requires_delivery=&from=&to=&q=&page=: the orders the filter
// lets through, newest first, 25 a page, read by the same Search the back office's JSON list uses. A bad filter
// is the form again with its problems in words.
func (p *Panel) orderList(w http.ResponseWriter, r *http.Request) error {
	d := ordersData{Statuses: order.Statuses(), Page: 1}
	if err := p.searchOrders(r, &d); err != nil {
		return err
	}
	status := http.StatusOK
	if d.Problems != nil {
		status = http.StatusBadRequest
	}
	p.render(w, r, status, "orders", view{Title: "Заказы", Data: d})
	return nil
}

// searchOrders fills d from the query string: the filter as typed and, when it is good, the page of orders;
// else the filter's problems in Russian.
func (p *Panel) searchOrders(r *http.Request, d *ordersData) error {
	q, err := web.Query(r)
	if err != nil {
		d.Problems = filterProblems(err)
		return nil
	}
	d.Filter = ordersFilter{Status: q.Get("status"), Paid: q.Get("is_paid"), Delivery: q.Get("requires_delivery"),
		From: q.Get("from"), To: q.Get("to"), Q: q.Get("q")}
	f, ferr := order.ParseFilter(q)
	page, _, perr := web.ParsePage(q, ordersPerPage, ordersPerPage)
	if d.Problems = append(filterProblems(ferr), filterProblems(perr)...); d.Problems != nil {
		return nil
	}
	d.Page = page
	if d.Orders, d.Count, err = p.orders.Search(r.Context(), f, page, ordersPerPage); err != nil {
		return err
	}
	d.Prev, d.Next = pageLinks(r.URL.Path, q, page, d.Count)
	return nil
}

// pageLinks are the links to the pages before and after page, keeping the filter.
func pageLinks(path string, q url.Values, page int, count int64) (prev, next string) {
	link := func(n int) string {
		q := nonEmpty(q)
		q.Del("page_size")
		if n == 1 {
			q.Del("page")
		} else {
			q.Set("page", strconv.Itoa(n))
		}
		if len(q) == 0 {
			return path
		}
		return path + "?" + q.Encode()
	}
	if page > 1 {
		prev = link(page - 1)
	}
	if int64(page)*ordersPerPage < count {
		next = link(page + 1)
	}
	return prev, next
}

// nonEmpty is q without its empty parameters, for tidy links.
func nonEmpty(q url.Values) url.Values {
	out := make(url.Values, len(q))
	for k, v := range q {
		if len(v) > 0 && v[0] != "" {
			out[k] = v
		}
	}
	return out
}

// filterWords says in Russian what each of the list's parameters must be.
var filterWords = map[string]string{
	"status":            "Статус: выберите один из списка.",
	"is_paid":           "Оплата: выберите «оплачен» или «не оплачен».",
	"requires_delivery": "Получение: выберите «доставка» или «самовывоз».",
	"from":              "Дата «с»: укажите день в виде 2025-11-20.",
	"to":                "Дата «по»: укажите день в виде 2025-11-20.",
	"q":                 "Покупатель: телефон или часть эл. почты, одной строкой, не длиннее 254 знаков.",
	"page":              "Страница: целое число от 1.",
	"page_size":         "На странице показывается 25 заказов.",
}

// filterProblems turns the list's validation error into sentences in Russian, in the form's order; nil for
// no error or one that is not about the filter.
func filterProblems(err error) []string {
	e, ok := apperr.As(err)
	if !ok || e.Kind != apperr.Invalid {
		return nil
	}
	if e.Code == "invalid_query" {
		return []string{"Адрес страницы испорчен: откройте «Заказы» из меню и задайте фильтр заново."}
	}
	var out []string
	for _, field := range []string{"status", "is_paid", "requires_delivery", "from", "to", "q", "page", "page_size"} {
		if _, bad := e.Fields[field]; !bad {
			continue
		}
		words := filterWords[field]
		if e.Code == "repeated_parameter" {
			words = "Параметр «" + field + "» задан дважды: откройте «Заказы» из меню и задайте фильтр заново."
		} else if field == "to" && e.Fields[field] == "must not be before from" {
			words = "Дата «по» раньше даты «с»."
		}
		out = append(out, words)
	}
	if len(out) == 0 {
		out = []string{"Фильтр задан неверно: откройте «Заказы» из меню и задайте его заново."}
	}
	return out
}
