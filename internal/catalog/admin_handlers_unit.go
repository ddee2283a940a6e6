package catalog

import (
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/sheet"
	"github.com/mekhaishuby/furstore/internal/web"
)

// receiveBody is the JSON body of POST /api/admin/variants/{id}/units.
type receiveBody struct {
	KIZ    optional[[]string] `json:"kiz"`
	Reason optional[string]   `json:"reason"`
}

// ReceiveUnits serves POST /api/admin/variants/{id}/units {"kiz":["RU-430302-AAA7582720",…],"reason"?} → 201
// {"added","stock","units"}: the units received by scanning their codes.
func (h *AdminHandlers) ReceiveUnits(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id", ErrVariantNotFound)
	if err != nil {
		return err
	}
	var b receiveBody
	if err := web.DecodeJSONStrict(w, r, &b); err != nil {
		return err
	}
	var c checker
	present(&c, "kiz", b.KIZ, true)
	reason := c.text("reason", orAbsent(b.Reason), maxReason, false)
	if err := c.Err(); err != nil {
		return err
	}
	res, err := h.admin.ReceiveUnits(r.Context(), actor(r), id, b.KIZ.V, deref(reason))
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, res)
	return nil
}

// unitStatusBody is the JSON body of POST /api/admin/units/{id}/status.
type unitStatusBody struct {
	Status optional[string] `json:"status"`
	Note   optional[string] `json:"note"`
}

// SetUnitStatus serves POST /api/admin/units/{id}/status {"status":"available"|"written_off","note"} → 200
// with the unit: a staff member's verdict on a returned (or available) unit.
func (h *AdminHandlers) SetUnitStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id", ErrUnitNotFound)
	if err != nil {
		return err
	}
	var b unitStatusBody
	if err := web.DecodeJSONStrict(w, r, &b); err != nil {
		return err
	}
	var c checker
	if present(&c, "status", b.Status, true) && b.Status.V != UnitAvailable && b.Status.V != UnitWrittenOff {
		c.Add("invalid_status", "status", "use available (back on sale) or written_off")
	}
	note := c.text("note", b.Note, maxReason, true)
	if err := c.Err(); err != nil {
		return err
	}
	u, err := h.admin.SetUnitStatus(r.Context(), actor(r), id, b.Status.V, *note)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, u)
	return nil
}

// VariantUnits serves GET /api/admin/variants/{id}/units?status=&page=&page_size=: the variant's units,
// oldest received first.
func (h *AdminHandlers) VariantUnits(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id", ErrVariantNotFound)
	if err != nil {
		return err
	}
	return h.units(w, r, func(v url.Values, f *UnitFilter, c *checker) { f.VariantID = &id })
}

// FindUnits serves GET /api/admin/units?kiz=&status=&page=&page_size=: the scanner's lookup of a code, or
// the units in a status store-wide (those awaiting inspection: status=returned).
func (h *AdminHandlers) FindUnits(w http.ResponseWriter, r *http.Request) error {
	return h.units(w, r, func(v url.Values, f *UnitFilter, c *checker) {
		if !v.Has("kiz") {
			return
		}
		code := strings.TrimSpace(v.Get("kiz"))
		if !unitCode.MatchString(code) {
			c.Add("invalid_kiz", "kiz", "must be a КИЗ like "+unitCodeExample)
		}
		f.KIZ = &code
	})
}

// units answers a page of units: the filters every list shares (status, page) and those filter adds.
func (h *AdminHandlers) units(w http.ResponseWriter, r *http.Request, filter func(url.Values, *UnitFilter, *checker)) error {
	v, err := web.Query(r)
	if err != nil {
		return err
	}
	var f UnitFilter
	var c checker
	page, size, pageErr := web.ParsePage(v, 20, 100)
	if e, ok := apperr.As(pageErr); ok {
		for field, problem := range e.Fields {
			c.Add(e.Code, field, problem)
		}
	}
	f.Page, f.Size = page, size
	if v.Has("status") {
		s := v.Get("status")
		if !slices.Contains(unitStatuses, s) {
			c.Add("invalid_status", "status", "use one of "+strings.Join(unitStatuses, ", "))
		}
		f.Status = &s
	}
	filter(v, &f, &c)
	if err := c.Err(); err != nil {
		return err
	}
	units, count, err := h.admin.Units(r.Context(), f)
	if err != nil {
		return err
	}
	body, err := web.NewPage(r, units, count, page, size)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, body)
	return nil
}

// unitStatusNames are the statuses as staff read them in units.csv.
var unitStatusNames = map[string]string{
	UnitAvailable:  "в наличии",
	UnitReserved:   "в резерве",
	UnitSold:       "продан",
	UnitReturned:   "возвращён",
	UnitWrittenOff: "списан",
}

// ExportUnits serves GET /api/admin/export/units.csv: every fur unit in id order, for reconciliation with
// «Честный знак», written as it is read.
func (h *AdminHandlers) ExportUnits(w http.ResponseWriter, r *http.Request) error {
	return WriteUnitsCSV(w, r, h.admin, h.log)
}

// WriteUnitsCSV answers r with units.csv read from admin: the one writer of the file, for the API's route and
// the staff panel's download alike. log hears of a file broken off midway (sheet.Finish).
func WriteUnitsCSV(w http.ResponseWriter, r *http.Request, admin *Admin, log *slog.Logger) error {
	sh := sheet.New(w, sheet.FileName("units", time.Now()), "КИЗ", "Товар", "Артикул", "Размер", "Статус", "Заказ",
		"Получен", "Продан", "Возвращён")
	err := admin.ExportUnits(r.Context(), func(u ExportedUnit) error {
		order := ""
		if u.OrderID != nil {
			order = strconv.FormatInt(*u.OrderID, 10)
		}
		return sh.Row(deref(u.KIZ), u.ProductName, u.SKU, deref(u.Size), unitStatusNames[u.Status], order,
			sheet.Clock(u.ReceivedAt), clockOrEmpty(u.SoldAt), clockOrEmpty(u.ReturnedAt))
	})
	return sheet.Finish(r, sh, err, log)
}

func clockOrEmpty(t *time.Time) string {
	if t == nil {
		return ""
	}
	return sheet.Clock(*t)
}
