package panel

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/catalog"
)

// variantsSection is the product page's table of sizes (variants) and the form that adds one.
type variantsSection struct {
	Rows      []variantRow
	New       variantForm
	NewErrors formErrors
	MarkedFur bool
	// typed is the row that was refused: its values as typed, and why (ID 0: none).
	typedID     int64
	typed       variantForm
	typedErrors formErrors
}

type variantRow struct {
	ID      int64
	Form    variantForm
	Errors  formErrors
	SellsAt string // the price that applies, its own or the product's
}

// variantForm is a size's row as typed.
type variantForm struct {
	Size, Height, Color, SKU, Price, OldPrice, Stock string
	Active                                           bool
}

func variantFormOf(v catalog.StaffVariant) variantForm {
	f := variantForm{Size: deref(v.Size), Height: deref(v.Height), Color: deref(v.Color), SKU: v.SKU,
		Stock: strconv.Itoa(int(v.Stock)), Active: v.IsActive}
	if v.Price != nil {
		f.Price = v.Price.String()
	}
	if v.OldPrice != nil {
		f.OldPrice = v.OldPrice.String()
	}
	return f
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// variantsOf is the table of p's sizes, with the row refused (if any) as it was typed.
func variantsOf(p catalog.Product, s variantsSection) variantsSection {
	s.MarkedFur = p.MarkedFur
	s.Rows = make([]variantRow, len(p.Variants))
	for i, v := range p.Variants {
		s.Rows[i] = variantRow{ID: v.ID, Form: variantFormOf(v), SellsAt: rubles(v.EffectivePrice)}
		if v.ID == s.typedID {
			s.Rows[i].Form, s.Rows[i].Errors = s.typed, s.typedErrors
		}
	}
	if s.New == (variantForm{}) {
		s.New.Active = true
	}
	return s
}

func readVariantForm(r *http.Request) variantForm {
	v := r.PostForm
	return variantForm{Size: strings.TrimSpace(v.Get("size")), Height: v.Get("height"), Color: v.Get("color"),
		SKU: strings.TrimSpace(v.Get("sku")), Price: v.Get("price"), OldPrice: v.Get("old_price"),
		Stock: strings.TrimSpace(v.Get("stock")), Active: v.Get("is_active") == "on"}
}

// body is the row as the JSON body of the API's variant routes. An added size leaves out what is empty (a SKU
// is then made, the product's price applies); a changed one clears it (null).
func (f variantForm) body(added bool) []byte {
	b := map[string]any{}
	for _, field := range []struct {
		name, value string
	}{{"size", f.Size}, {"height", f.Height}, {"color", f.Color}, {"sku", f.SKU}, {"price", amountText(f.Price)}, {"old_price", amountText(f.OldPrice)}} {
		switch {
		case strings.TrimSpace(field.value) != "":
			b[field.name] = field.value
		case !added && field.name != "sku":
			b[field.name] = nil
		case !added:
			b[field.name] = "" // a SKU cannot be cleared: the API's check says what it must be
		}
	}
	if added {
		if f.Stock != "" {
			b["stock"] = formNumber(f.Stock)
		}
	} else {
		b["is_active"] = f.Active
	}
	out, _ := json.Marshal(b) // strings, numbers, booleans and nulls
	return out
}

// addVariant serves POST /admin/products/{id}/variants: a new size, through the same checks and service as
// POST /api/admin/products/{id}/variants.
func (p *Panel) addVariant(w http.ResponseWriter, r *http.Request) error {
	s, _ := sessionFrom(r.Context())
	pr, err := p.loadProduct(r)
	if err != nil {
		return err
	}
	f := readVariantForm(r)
	in, err := catalog.ParseVariantInput(f.body(true), true)
	if err == nil {
		_, err = p.catalog.CreateVariant(r.Context(), s.session.User, pr.ID, in)
	}
	if err != nil {
		refused, ok := refusal(err)
		if !ok {
			return err
		}
		page := productPage{Product: &pr, Form: productFormOf(pr), Variants: variantsSection{New: f, NewErrors: refused}}
		return p.showProduct(w, r, http.StatusUnprocessableEntity, page)
	}
	http.Redirect(w, r, productURL(pr.ID)+"?done=variant-new#variants", http.StatusSeeOther)
	return nil
}

// saveVariant serves POST /admin/products/{id}/variants/{variant}: the row's fields through the same checks
// and service as PATCH /api/admin/variants/{id}, and a changed stock through the variant's stock route's
// (a movement with its reason). Both are checked before either is written.
func (p *Panel) saveVariant(w http.ResponseWriter, r *http.Request) error {
	s, _ := sessionFrom(r.Context())
	pr, row, err := p.loadVariant(r)
	if err != nil {
		return err
	}
	f := readVariantForm(r)
	refuse := func(err error) error {
		refused, ok := refusal(err)
		if !ok {
			return err
		}
		page := productPage{Product: &pr, Form: productFormOf(pr), Variants: variantsSection{typedID: row.ID, typed: f, typedErrors: refused}}
		return p.showProduct(w, r, http.StatusUnprocessableEntity, page)
	}
	in, err := catalog.ParseVariantInput(f.body(false), false)
	if err != nil {
		return refuse(err)
	}
	var stock *catalog.StockChange
	if f.Stock != strconv.Itoa(int(row.Stock)) {
		if pr.MarkedFur {
			return refuse(errStockByUnits)
		}
		body, _ := json.Marshal(map[string]any{"set": formNumber(f.Stock), "reason": "остаток изменён в панели"})
		ch, err := catalog.ParseStockChange(body)
		if err != nil {
			return refuse(err)
		}
		stock = &ch
	}
	if _, err := p.catalog.UpdateVariant(r.Context(), s.session.User, row.ID, in); err != nil {
		return refuse(err)
	}
	if stock != nil {
		if _, err := p.catalog.ChangeVariantStock(r.Context(), s.session.User, row.ID, *stock); err != nil {
			return refuse(err)
		}
	}
	http.Redirect(w, r, productURL(pr.ID)+"?done=variant#variants", http.StatusSeeOther)
	return nil
}

// errStockByUnits refuses a marked product's stock typed into a size's row, before anything is written, as
// the stock route would.
var errStockByUnits = &apperr.Error{Kind: apperr.Conflict, Code: "stock_by_units", Message: "stock of a marked product moves by units"}

// deleteVariant serves POST /admin/products/{id}/variants/{variant}/delete, as DELETE /api/admin/variants/{id}.
func (p *Panel) deleteVariant(w http.ResponseWriter, r *http.Request) error {
	s, _ := sessionFrom(r.Context())
	pr, row, err := p.loadVariant(r)
	if err != nil {
		return err
	}
	if err := p.catalog.DeleteVariant(r.Context(), s.session.User, row.ID); err != nil {
		refused, ok := refusal(err)
		if !ok {
			return err
		}
		page := productPage{Product: &pr, Form: productFormOf(pr), Variants: variantsSection{typedID: row.ID, typed: variantFormOf(row), typedErrors: refused}}
		return p.showProduct(w, r, http.StatusConflict, page)
	}
	http.Redirect(w, r, productURL(pr.ID)+"?done=variant-del#variants", http.StatusSeeOther)
	return nil
}

// loadVariant is the path's product and its size {variant}; one of another product is the 404 page.
func (p *Panel) loadVariant(r *http.Request) (catalog.Product, catalog.StaffVariant, error) {
	pr, err := p.loadProduct(r)
	if err != nil {
		return pr, catalog.StaffVariant{}, err
	}
	id, _ := strconv.ParseInt(r.PathValue("variant"), 10, 64)
	i := slices.IndexFunc(pr.Variants, func(v catalog.StaffVariant) bool { return v.ID == id })
	if i < 0 {
		return pr, catalog.StaffVariant{}, errNotFound
	}
	return pr, pr.Variants[i], nil
}
