package catalog

import (
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/mekhaishuby/furstore/internal/sheet"
)

// ExportProducts serves GET /api/admin/export/products.csv: every product, inactive ones too, in id order,
// written as it is read.
func (h *AdminHandlers) ExportProducts(w http.ResponseWriter, r *http.Request) error {
	return WriteProductsCSV(w, r, h.admin, h.log)
}

// WriteProductsCSV answers r with products.csv read from admin: the one writer of the file, for the API's route
// and the staff panel's download alike. log hears of a file broken off midway (sheet.Finish).
func WriteProductsCSV(w http.ResponseWriter, r *http.Request, admin *Admin, log *slog.Logger) error {
	sh := sheet.New(w, sheet.FileName("products", time.Now()), "ID", "Артикул", "Название", "Категория", "Цена",
		"Старая цена", "Остаток", "Активен", "Маркировка")
	err := admin.ExportProducts(r.Context(), func(p ExportedProduct) error {
		old := ""
		if p.OldPrice != nil {
			old = sheet.Decimal(*p.OldPrice)
		}
		return sh.Row(strconv.FormatInt(p.ID, 10), p.Slug, p.Name, p.Category, sheet.Decimal(p.Price), old,
			strconv.Itoa(p.Stock), sheet.YesNo(p.IsActive), sheet.YesNo(p.MarkedFur))
	})
	return sheet.Finish(r, sh, err, log)
}
