package panel

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/sheet"
	"github.com/mekhaishuby/furstore/internal/store"
	"github.com/mekhaishuby/furstore/internal/web"
)

// pageFunc serves one page; an error it returns becomes an error page (pageError's status and words, else 500
// with no detail).
type pageFunc func(w http.ResponseWriter, r *http.Request) error

// pageError is an error a page answers with: its status and what the staff member reads.
type pageError struct {
	status  int
	message string
}

func (e *pageError) Error() string { return e.message }

var (
	errNotFound     = &pageError{http.StatusNotFound, "Такой страницы нет. Возможно, её удалили или адрес набран с ошибкой."}
	errCrossSite    = &pageError{http.StatusForbidden, "Форма отправлена с другого сайта — запрос отклонён. Откройте панель и отправьте форму ещё раз."}
	errStaleForm    = &pageError{http.StatusForbidden, "Форма устарела (вы выходили из панели или вошли заново). Откройте страницу ещё раз."}
	errForbidden    = &pageError{http.StatusForbidden, "Войдите в панель как сотрудник магазина."}
	errFormTooLarge = &pageError{http.StatusRequestEntityTooLarge, "Форма слишком большая: сократите текст (описание — до 20 000 знаков) и отправьте ещё раз."}
	errDatabaseDown = &pageError{http.StatusServiceUnavailable, "База данных недоступна, попробуйте через минуту."}
)

// view is what every page's template gets.
type view struct {
	Title string
	Staff *account.User // nil on the sign-in page
	CSRF  string
	Nav   []navItem
	Data  any
}

type navItem struct {
	Path, Label string
	Current     bool
}

// sections are the panel's pages, in the order the menu shows them.
var sections = []navItem{
	{Path: "/admin/", Label: "Сводка"},
	{Path: "/admin/catalog", Label: "Каталог"},
	{Path: "/admin/products", Label: "Товары"},
	{Path: "/admin/receiving", Label: "Поступление"},
	{Path: "/admin/orders", Label: "Заказы"},
	{Path: "/admin/audit", Label: "Журнал"},
	{Path: "/admin/exports", Label: "Выгрузки"},
	{Path: "/admin/staff", Label: "Сотрудники"},
}

func parsePages() (map[string]*template.Template, error) {
	funcs := template.FuncMap{
		"rub":          func(a money.Amount) string { return rubles(a) },
		"plural":       plural,
		"int64":        func(n int) int64 { return int64(n) },
		"moment":       func(t time.Time) string { return t.In(sheet.Moscow).Format("02.01.2006 15:04") },
		"phone":        phoneText,
		"paymentState": paymentState,
		"treeOf":       func(nodes []*categoryNode, csrf string) subtree { return subtree{nodes, csrf} },
	}
	pages := map[string]*template.Template{}
	for _, name := range []string{"login", "dashboard", "orders", "order", "error", "receiving", "slip", "staff", "catalog", "audit", "exports", "products", "product"} {
		t, err := template.New(name).Funcs(funcs).ParseFS(templateFiles, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("panel template %s: %w", name, err)
		}
		pages[name] = t
	}
	return pages, nil
}

// render writes page name with status; a template that fails is a 500 page, never half a page.
func (p *Panel) render(w http.ResponseWriter, r *http.Request, status int, name string, v view) {
	if s, ok := sessionFrom(r.Context()); ok {
		v.Staff, v.CSRF = &s.session.User, s.csrf
		v.Nav = make([]navItem, len(sections))
		for i, n := range sections {
			n.Current = n.Path == r.URL.Path || n.Path != "/admin/" && strings.HasPrefix(r.URL.Path, n.Path+"/")
			v.Nav[i] = n
		}
	}
	var buf bytes.Buffer
	if err := p.pages[name].ExecuteTemplate(&buf, "layout", v); err != nil {
		p.log.Error("panel page not rendered", "page", name, "err", err)
		status, buf = http.StatusInternalServerError, *bytes.NewBufferString(internalErrorPage)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

const internalErrorPage = `<!doctype html><html lang="ru"><meta charset="utf-8"><title>Ошибка</title>` +
	`<p>Что-то пошло не так на сервере. Попробуйте ещё раз; если повторится, сообщите разработчикам.</p></html>`

// serve runs a page, turning its error into an error page. What went wrong inside is logged, not shown.
func (p *Panel) serve(f pageFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := f(w, r)
		if err == nil {
			return
		}
		var pe *pageError
		if !errors.As(err, &pe) && store.Unreachable(err) {
			p.log.Warn("panel page: database unreachable", "path", r.URL.Path, "err", err)
			pe = errDatabaseDown
			w.Header().Set("Retry-After", strconv.Itoa(int(web.DatabaseRetryAfter.Seconds())))
		} else if pe == nil {
			p.log.Error("panel page failed", "path", r.URL.Path, "err", err)
			pe = &pageError{http.StatusInternalServerError, "Что-то пошло не так на сервере. Попробуйте ещё раз; если повторится, сообщите разработчикам."}
		}
		title := "Ошибка"
		switch pe.status {
		case http.StatusNotFound:
			title = "Не найдено"
		case http.StatusServiceUnavailable:
			title = "База данных недоступна"
		}
		p.render(w, r, pe.status, "error", view{Title: title, Data: pe.message})
	})
}

func (p *Panel) notFound(http.ResponseWriter, *http.Request) error { return errNotFound }

// rubles writes an amount as staff read it: «16 400,00 ₽».
func rubles(a money.Amount) string {
	s := a.String() // "16400.00"
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteRune('\u00a0')
		}
		b.WriteRune(c)
	}
	return b.String() + "," + frac + "\u00a0₽"
}

// phoneText writes a phone number as stored (79855508853) as staff read it: +7 985 550-88-53.
func phoneText(p string) string {
	if len(p) != 11 || p[0] != '7' {
		return p
	}
	return "+7\u00a0" + p[1:4] + "\u00a0" + p[4:7] + "-" + p[7:9] + "-" + p[9:]
}

// plural picks the Russian form for n: 1 заказ, 2 заказа, 5 заказов.
func plural(n int64, one, few, many string) string {
	n %= 100
	switch {
	case n >= 11 && n <= 14:
		return many
	case n%10 == 1:
		return one
	case n%10 >= 2 && n%10 <= 4:
		return few
	}
	return many
}
