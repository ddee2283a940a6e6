package panel

import (
	"errors"
	"net/http"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/order"
	"github.com/mekhaishuby/furstore/internal/orderadmin"
)

// exports serves GET /admin/exports, Выгрузки: links to the CSV files, which Russian Excel opens by double click.
func (p *Panel) exports(w http.ResponseWriter, r *http.Request) error {
	p.render(w, r, http.StatusOK, "exports", view{Title: "Выгрузки"})
	return nil
}

// The downloads are written by the same functions as the API's /api/admin/export/*.csv, so the files are the
// same bytes; here the staff member's cookie session lets them through.

// ordersCSV serves GET /admin/exports/orders.csv with the order list's filters (from, to, status …).
func (p *Panel) ordersCSV(w http.ResponseWriter, r *http.Request) error {
	f, err := order.ParseFilter(r.URL.Query())
	var ae *apperr.Error
	if errors.As(err, &ae) && ae.Kind == apperr.Invalid {
		return &pageError{http.StatusBadRequest, "Даты выгрузки заказов — дни в виде 2026-12-06, и «по» не раньше «с». Вернитесь к выгрузкам и поправьте их."}
	}
	if err != nil {
		return err
	}
	return orderadmin.WriteOrdersCSV(w, r, p.orders, f, p.log)
}

// productsCSV serves GET /admin/exports/products.csv.
func (p *Panel) productsCSV(w http.ResponseWriter, r *http.Request) error {
	return catalog.WriteProductsCSV(w, r, p.catalog, p.log)
}

// unitsCSV serves GET /admin/exports/units.csv.
func (p *Panel) unitsCSV(w http.ResponseWriter, r *http.Request) error {
	return catalog.WriteUnitsCSV(w, r, p.catalog, p.log)
}
