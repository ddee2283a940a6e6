package catalog

import (
	"net/http"
	"strconv"
	"time"

	"github.com/mekhaishuby/furstore/internal/sheet"
)

// ExportProducts serves GET /api/admin/export/products.csv: every product, inactive ones too, in id order,
// written as it is read.
func (h *AdminHandlers) ExportProducts(w http.ResponseWriter, r *http.Request) error {
	sh := sheet.New(w, sheet.FileName("products", time.Now()), "ID", "Артикул", "Название", "Категория", "Цена",
		"Старая цена", "Остаток", "Активен", "Маркировка")
	err := h.admin.ExportProducts(r.Context(), func(p ExportedProduct) error {
		old := ""
		if p.OldPrice != nil {
			old = sheet.Decimal(*p.OldPrice)
		}
		return sh.Row(strconv.FormatInt(p.ID, 10), p.Slug, p.Name, p.Category, sheet.Decimal(p.Price), old,
			strconv.Itoa(p.Stock), sheet.YesNo(p.IsActive), sheet.YesNo(p.MarkedFur))
	})
	return sheet.Finish(r, sh, err, h.log)
}
