package orderadmin

import (
	"net/http"
	"strconv"
	"time"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/order"
	"github.com/mekhaishuby/furstore/internal/web"
)

// Handlers serve the back office routes; httpapi puts every one behind account.RequireStaff.
type Handlers struct {
	svc *Service
}

// NewHandlers returns the handlers.
func NewHandlers(svc *Service) *Handlers { return &Handlers{svc: svc} }

// List serves GET /api/admin/orders?status=&is_paid=&requires_delivery=&from=&to=&q=&page=&page_size=: every
// customer's orders, newest first, in DRF's envelope.
func (h *Handlers) List(w http.ResponseWriter, r *http.Request) error {
	q, err := web.Query(r)
	if err != nil {
		return err
	}
	page, size, err := web.ParsePage(q, 20, 100)
	if err != nil {
		return err
	}
	f, err := parseFilter(q)
	if err != nil {
		return err
	}
	orders, count, err := h.svc.List(r.Context(), f, page, size)
	if err != nil {
		return err
	}
	out := make([]orderJSON, len(orders))
	for i, o := range orders {
		out[i] = orderJSONOf(o)
	}
	body, err := web.NewPage(r, out, count, page, size)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, body)
	return nil
}

// Get serves GET /api/admin/orders/{id}: the order with its lines, history, payments and refunds.
func (h *Handlers) Get(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id", errNotFound)
	if err != nil {
		return err
	}
	d, err := h.svc.Get(r.Context(), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, detailJSONOf(d))
	return nil
}

// SetStatus serves POST /api/admin/orders/{id}/status {"status": "Подтверждён", "note"?}; the status may be
// given by its code (confirmed) too.
func (h *Handlers) SetStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id", errNotFound)
	if err != nil {
		return err
	}
	var in struct {
		Status *string `json:"status"`
		Note   string  `json:"note"`
	}
	if err := web.DecodeJSONStrict(w, r, &in); err != nil {
		return err
	}
	if in.Status == nil || *in.Status == "" {
		return apperr.Field("required", "status", "is required, e.g. «"+order.Confirmed.Label()+"»")
	}
	to, ok := order.ParseStatus(*in.Status)
	if !ok {
		return apperr.Field("invalid_status", "status", "use one of "+labelList(order.Statuses())+" (or its code, e.g. confirmed)")
	}
	u, _ := account.UserFrom(r.Context())
	d, err := h.svc.SetStatus(r.Context(), u, id, to, in.Note)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, detailJSONOf(d))
	return nil
}

// SetFurCodes serves PUT /api/admin/orders/{id}/fur-codes {"product_id": N, "codes": ["RU-430302-AAA7582720", …]}.
func (h *Handlers) SetFurCodes(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id", errNotFound)
	if err != nil {
		return err
	}
	var in struct {
		ProductID int64    `json:"product_id"`
		Codes     []string `json:"codes"`
	}
	if err := web.DecodeJSONStrict(w, r, &in); err != nil {
		return err
	}
	u, _ := account.UserFrom(r.Context())
	d, err := h.svc.SetFurCodes(r.Context(), u, id, in.ProductID, in.Codes)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, detailJSONOf(d))
	return nil
}

// ExportOrders serves GET /api/admin/export/orders.csv with the list's filters: one row per order, newest first,
// written as it is read.
func (h *Handlers) ExportOrders(w http.ResponseWriter, r *http.Request) error {
	q, err := web.Query(r)
	if err != nil {
		return err
	}
	f, err := parseFilter(q)
	if err != nil {
		return err
	}
	sh := newSheet(w, exportName("orders", time.Now()), "Номер", "Дата", "Покупатель", "E-mail", "Телефон", "Статус",
		"Оплачен", "Оплата при получении", "Доставка", "Адрес", "Позиций", "Штук", "Сумма", "Товары")
	err = h.svc.ExportOrders(r.Context(), f, func(o ExportedOrder) error {
		delivery := "самовывоз"
		if o.RequiresDelivery {
			delivery = "доставка"
		}
		return sh.Row(strconv.FormatInt(o.ID, 10), clock(o.CreatedAt), o.Customer.Name(), o.Customer.Email, o.Phone,
			o.Status.Label(), yesNo(o.IsPaid), yesNo(o.PaymentOnGet), delivery, o.Address,
			strconv.Itoa(o.Lines), strconv.Itoa(o.Pieces), decimal(o.Total), o.Goods)
	})
	return h.finish(r, sh, err)
}

// ExportProducts serves GET /api/admin/export/products.csv: every product, inactive ones too, in id order.
func (h *Handlers) ExportProducts(w http.ResponseWriter, r *http.Request) error {
	sh := newSheet(w, exportName("products", time.Now()), "ID", "Артикул", "Название", "Категория", "Цена",
		"Старая цена", "Остаток", "Активен", "Маркировка")
	err := h.svc.ExportProducts(r.Context(), func(p ExportedProduct) error {
		old := ""
		if p.OldPrice != nil {
			old = decimal(*p.OldPrice)
		}
		return sh.Row(strconv.FormatInt(p.ID, 10), p.Slug, p.Name, p.Category, decimal(p.Price), old,
			strconv.Itoa(p.Stock), yesNo(p.IsActive), yesNo(p.MarkedFur))
	})
	return h.finish(r, sh, err)
}

// finish ends an export. An error before the first row is answered as usual; after it, the status and part of
// the file are gone, so the connection is cut: the download fails visibly instead of looking complete.
func (h *Handlers) finish(r *http.Request, sh *sheet, err error) error {
	if err == nil {
		err = sh.Close()
	}
	if err == nil || !sh.Started() {
		return err
	}
	if r.Context().Err() == nil {
		h.svc.log.Error("CSV export broke off", "request_id", web.RequestID(r.Context()), "path", r.URL.Path, "err", err)
	}
	panic(http.ErrAbortHandler)
}
