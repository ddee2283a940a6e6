package panel

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/order"
	"github.com/mekhaishuby/furstore/internal/payment"
	"github.com/mekhaishuby/furstore/internal/web"
)

// orderData is the order's page: the order as staff see it, where it may go next, and, after a refused
// change, why and what was typed.
type orderData struct {
	Order   order.Order
	Lines   []orderLine
	Units   []orderUnit
	History []historyRow
	Next    []order.Status // forward steps, one button each
	Cancel  bool           // «Отменить» is allowed
	Ships   bool           // the next step may be «Отправлен»: its form asks for a tracking number
	Problem string
	Note    string
	// Payments and refunds of the order, and the refund form (shown when a payment succeeded).
	Payments []payment.Payment
	Refunds  []payment.Refund
	Refund   refundForm
}

type orderLine struct {
	order.Item
	Total money.Amount
}

// orderUnit is a fur unit of the order, with its line's name.
type orderUnit struct {
	ID               int64
	Name, KIZ, State string
	Sold             bool // handed over: it may come back with a refund
}

// historyRow is a step of the order's history, with who made it in words.
type historyRow struct {
	order.Change
	Who string
}

// unitStates are the fur units' states as staff read them.
var unitStates = map[string]string{
	catalog.UnitAvailable: "в продаже",
	catalog.UnitReserved:  "в резерве",
	catalog.UnitSold:      "продана",
	catalog.UnitReturned:  "возвращена",
}

// orderPage serves GET /admin/orders/{id}: the order with its customer, lines, fur units, history and the
// buttons of the statuses it may move to. An id that names no order is the 404 page.
func (p *Panel) orderPage(w http.ResponseWriter, r *http.Request) error {
	o, err := p.order(r)
	if err != nil {
		return err
	}
	p.renderOrder(w, r, http.StatusOK, o, "", "")
	return nil
}

// order reads the order the path's {id} names; anything else is errNotFound.
func (p *Panel) order(r *http.Request) (order.Order, error) {
	id, err := web.PathID(r, "id", errNotFound)
	if err != nil {
		return order.Order{}, err
	}
	o, err := p.orders.Order(r.Context(), id)
	if errors.Is(err, order.ErrNotFound) {
		return order.Order{}, errNotFound
	}
	return o, err
}

// renderOrder writes o's page with status; problem and note are a refused change's reason and note.
func (p *Panel) renderOrder(w http.ResponseWriter, r *http.Request, status int, o order.Order, problem, note string) {
	p.renderOrderWith(w, r, status, orderData{Order: o, Problem: problem, Note: note})
}

// renderOrderWith writes the order's page from d, whose Order is set; the rest of it is read here.
func (p *Panel) renderOrderWith(w http.ResponseWriter, r *http.Request, status int, d orderData) {
	o := d.Order
	payments, refunds, err := p.payments.ForOrder(r.Context(), o.ID)
	if err != nil {
		p.log.Error("panel: order's payments not read", "order", o.ID, "err", err)
	}
	d.Payments, d.Refunds = payments, refunds
	for _, pay := range payments {
		if pay.Status == "succeeded" {
			d.Refund.Allowed = true
		}
	}
	for _, it := range o.Items {
		d.Lines = append(d.Lines, orderLine{Item: it, Total: it.Price * money.Amount(it.Quantity)})
		for _, u := range it.Units {
			kiz := "не указан"
			if u.KIZ != nil {
				kiz = *u.KIZ
			}
			d.Units = append(d.Units, orderUnit{ID: u.ID, Name: it.Name, KIZ: kiz, State: unitStates[u.Status], Sold: u.Status == catalog.UnitSold})
		}
	}
	for _, h := range o.History {
		who := h.ByEmail // a staff member
		switch {
		case h.By == nil:
			who = "магазин"
		case *h.By == o.UserID:
			who = "покупатель"
		case who == "":
			who = "удалённая учётная запись"
		}
		d.History = append(d.History, historyRow{Change: h, Who: who})
	}
	for _, s := range o.Status.Next(o.RequiresDelivery) {
		if s == order.Cancelled {
			d.Cancel = true
		} else {
			d.Next = append(d.Next, s)
		}
		if s == order.Shipped {
			d.Ships = true
		}
	}
	p.render(w, r, status, "order", view{Title: "Заказ № " + strconv.FormatInt(o.ID, 10), Data: d})
}

// slip serves GET /admin/orders/{id}/slip: the packing slip, for the printer — who gets the parcel, what goes
// in it with each coat's КИЗ; the menu and buttons are left off in print.
func (p *Panel) slip(w http.ResponseWriter, r *http.Request) error {
	o, err := p.order(r)
	if err != nil {
		return err
	}
	p.render(w, r, http.StatusOK, "slip", view{Title: "Упаковочный лист, заказ № " + strconv.FormatInt(o.ID, 10), Data: o})
	return nil
}
