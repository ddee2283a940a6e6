// Package orderadmin serves the back office's order routes: it holds no data and no rules of its own, only the
// HTTP side of the order package's staff functions, with an order's payments and refunds from the payment
// package beside it on the order's page.
package orderadmin

import (
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/order"
	"github.com/mekhaishuby/furstore/internal/payment"
	"github.com/mekhaishuby/furstore/internal/sheet"
	"github.com/mekhaishuby/furstore/internal/web"
)

// Handlers serve the back office's order routes; the route table puts every one behind account.RequireStaff.
type Handlers struct {
	orders   *order.Service
	payments *payment.Service
	mediaURL string
	log      *slog.Logger
}

// NewHandlers returns the handlers; mediaURL is MEDIA_URL (may be empty), for the lines' pictures.
func NewHandlers(orders *order.Service, payments *payment.Service, mediaURL string, log *slog.Logger) *Handlers {
	return &Handlers{orders: orders, payments: payments, mediaURL: mediaURL, log: log}
}

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
	f, err := order.ParseFilter(q)
	if err != nil {
		return err
	}
	orders, count, err := h.orders.Search(r.Context(), f, page, size)
	if err != nil {
		return err
	}
	out := make([]order.StaffJSON, len(orders))
	for i, o := range orders {
		out[i] = order.NewStaffJSON(o, catalog.MediaBase(r, h.mediaURL))
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
	id, err := web.PathID(r, "id", order.ErrNotFound)
	if err != nil {
		return err
	}
	o, err := h.orders.Order(r.Context(), id)
	return h.writeDetail(w, r, o, err)
}

// SetStatus serves POST /api/admin/orders/{id}/status {"status": "Подтверждён", "note"?}; the status may be
// given by its code (confirmed) too.
func (h *Handlers) SetStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id", order.ErrNotFound)
	if err != nil {
		return err
	}
	var in struct {
		Status         *string `json:"status"`
		Note           string  `json:"note"`
		TrackingNumber string  `json:"tracking_number"`
	}
	if err := web.DecodeJSONStrict(w, r, &in); err != nil {
		return err
	}
	if in.Status == nil || *in.Status == "" {
		return apperr.Field("required", "status", "is required, e.g. «"+order.Confirmed.Label()+"»")
	}
	to, ok := order.ParseStatus(*in.Status)
	if !ok {
		return apperr.Field("invalid_status", "status", "use one of "+order.LabelList(order.Statuses())+" (or its code, e.g. confirmed)")
	}
	u, _ := account.UserFrom(r.Context())
	o, err := h.orders.SetStatusWith(r.Context(), u, id, order.StatusChange{To: to, Note: in.Note, TrackingNumber: in.TrackingNumber})
	return h.writeDetail(w, r, o, err)
}

// SetFurCodes serves PUT /api/admin/orders/{id}/fur-codes {"product_id"|"variant_id": N, "codes": ["RU-430302-AAA7582720", …]}.
func (h *Handlers) SetFurCodes(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id", order.ErrNotFound)
	if err != nil {
		return err
	}
	var in struct {
		ProductID int64    `json:"product_id"`
		VariantID int64    `json:"variant_id"`
		Codes     []string `json:"codes"`
	}
	if err := web.DecodeJSONStrict(w, r, &in); err != nil {
		return err
	}
	u, _ := account.UserFrom(r.Context())
	o, err := h.orders.SetFurCodes(r.Context(), u, id, order.LineRef{ProductID: in.ProductID, VariantID: in.VariantID}, in.Codes)
	return h.writeDetail(w, r, o, err)
}

// Return serves POST /api/admin/orders/{id}/return {"units"?, "lines"?, "reason", "refund"?} (staff): goods that
// came back after hand-over; with "refund": true their price goes back through the order's online payment
// (payment.Service.Refund), else the return is recorded alone (an order paid on receipt, an exchange). 201 with
// the order as the back office shows it.
func (h *Handlers) Return(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id", order.ErrNotFound)
	if err != nil {
		return err
	}
	var in struct {
		Units  []int64                  `json:"units"`
		Lines  []payment.LineReturnJSON `json:"lines"`
		Reason string                   `json:"reason"`
		Refund bool                     `json:"refund"`
	}
	if err := web.DecodeJSONStrict(w, r, &in); err != nil {
		return err
	}
	u, _ := account.UserFrom(r.Context())
	ret := order.Return{Units: in.Units, Lines: payment.LineReturns(in.Lines)}
	if len(ret.Units) == 0 { // [] and none say the same here
		ret.Units = nil
	}
	if len(ret.Lines) == 0 {
		ret.Lines = nil
	}
	if in.Refund {
		if ret.Empty() {
			return apperr.Field("required", "units", "name the units (or lines) that came back")
		}
		if _, err := h.payments.Refund(r.Context(), id, payment.RefundInput{Reason: in.Reason, ReturnUnits: ret.Units,
			ReturnLines: ret.Lines}, u); err != nil {
			// The refund names them as its own request does.
			return apperr.RenameFields(apperr.RenameFields(err, "return_units", "units"), "return_lines", "lines")
		}
		o, err := h.orders.Order(r.Context(), id)
		return h.writeDetailStatus(w, r, http.StatusCreated, o, err)
	}
	o, err := h.orders.Return(r.Context(), u, id, ret, in.Reason)
	return h.writeDetailStatus(w, r, http.StatusCreated, o, err)
}

// writeDetail answers with o, as the back office's order page shows it, or with err.
func (h *Handlers) writeDetail(w http.ResponseWriter, r *http.Request, o order.Order, err error) error {
	return h.writeDetailStatus(w, r, http.StatusOK, o, err)
}

// writeDetailStatus is writeDetail with the status of a success.
func (h *Handlers) writeDetailStatus(w http.ResponseWriter, r *http.Request, status int, o order.Order, err error) error {
	if err != nil {
		return err
	}
	payments, refunds, err := h.payments.ForOrder(r.Context(), o.ID)
	if err != nil {
		return err
	}
	out := detailJSON{StaffJSON: order.NewStaffJSON(o, catalog.MediaBase(r, h.mediaURL)), Payments: make([]payment.PaymentJSON, len(payments)),
		Refunds: make([]payment.RefundJSON, len(refunds))}
	for i, p := range payments {
		out.Payments[i] = payment.NewPaymentJSON(p)
	}
	for i, rf := range refunds {
		out.Refunds[i] = payment.NewRefundJSON(rf)
	}
	web.WriteJSON(w, status, out)
	return nil
}

// ExportOrders serves GET /api/admin/export/orders.csv with the list's filters: one row per order, newest first,
// written as it is read.
func (h *Handlers) ExportOrders(w http.ResponseWriter, r *http.Request) error {
	q, err := web.Query(r)
	if err != nil {
		return err
	}
	f, err := order.ParseFilter(q)
	if err != nil {
		return err
	}
	return WriteOrdersCSV(w, r, h.orders, f, h.log)
}

// WriteOrdersCSV answers r with orders.csv, the orders f picks read from orders: the one writer of the file,
// for the API's route and the staff panel's download alike. log hears of a file broken off midway (sheet.Finish).
func WriteOrdersCSV(w http.ResponseWriter, r *http.Request, orders *order.Service, f order.Filter, log *slog.Logger) error {
	sh := sheet.New(w, sheet.FileName("orders", time.Now()), "Номер", "Дата", "Покупатель", "E-mail", "Телефон", "Статус",
		"Оплачен", "Оплата при получении", "Доставка", "Адрес", "Позиций", "Штук", "Сумма", "Товары")
	err := orders.Export(r.Context(), f, func(o order.Exported) error {
		delivery := "самовывоз"
		if o.RequiresDelivery {
			delivery = "доставка"
		}
		return sh.Row(strconv.FormatInt(o.ID, 10), sheet.Clock(o.CreatedAt), o.Customer.Name(), o.Customer.Email, o.Phone,
			o.Status.Label(), sheet.YesNo(o.IsPaid), sheet.YesNo(o.PaymentOnGet), delivery, o.Address,
			strconv.Itoa(o.Lines), strconv.Itoa(o.Pieces), sheet.Decimal(o.Total), o.Goods)
	})
	return sheet.Finish(r, sh, err, log)
}
