package panel

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/mekhaishuby/furstore/internal/catalog"
)

// productPage is the product page: the product form and, for a product that exists, its sizes and pictures.
type productPage struct {
	Product    *catalog.Product // nil: a new product
	Form       productForm
	Errors     formErrors // the product form's
	Done       string
	Categories []categoryOption
	Variants   variantsSection
	Pictures   picturesSection
}

// Messages of a form that went through (?done= after the redirect).
var doneMessages = map[string]string{
	"created":     "Товар создан. Добавьте размеры и фотографии.",
	"saved":       "Сохранено.",
	"activated":   "Товар в продаже.",
	"deactivated": "Товар снят с продажи: покупатели его больше не видят.",
	"variant":     "Размер сохранён.",
	"variant-new": "Размер добавлен.",
	"variant-del": "Размер удалён.",
	"pictures":    "Фотографии загружены.",
	"arranged":    "Порядок фотографий изменён.",
	"picture-del": "Фотография удалена.",
}

// newProduct serves GET /admin/products/new.
func (p *Panel) newProduct(w http.ResponseWriter, r *http.Request) error {
	return p.showProduct(w, r, http.StatusOK, productPage{Form: newProductForm()})
}

// createProduct serves POST /admin/products: the same checks and service as POST /api/admin/products.
func (p *Panel) createProduct(w http.ResponseWriter, r *http.Request) error {
	s, _ := sessionFrom(r.Context())
	f := readProductForm(r)
	in, err := catalog.ParseProductInput(f.body(true), true)
	var created catalog.Product
	if err == nil {
		created, err = p.catalog.CreateProduct(r.Context(), s.session.User, in)
	}
	if err != nil {
		refused, ok := refusal(err)
		if !ok {
			return err
		}
		return p.showProduct(w, r, http.StatusUnprocessableEntity, productPage{Form: f.withBlankRows(), Errors: refused})
	}
	http.Redirect(w, r, productURL(created.ID)+"?done=created", http.StatusSeeOther)
	return nil
}

// product serves GET /admin/products/{id}.
func (p *Panel) product(w http.ResponseWriter, r *http.Request) error {
	pr, err := p.loadProduct(r)
	if err != nil {
		return err
	}
	return p.showProduct(w, r, http.StatusOK, productPage{Product: &pr, Form: productFormOf(pr), Done: doneMessages[r.URL.Query().Get("done")]})
}

// saveProduct serves POST /admin/products/{id}: every field of the form, from the version it was opened at
// (the API's PATCH with "version"), so a change made meanwhile by someone else is refused, not overwritten.
func (p *Panel) saveProduct(w http.ResponseWriter, r *http.Request) error {
	s, _ := sessionFrom(r.Context())
	pr, err := p.loadProduct(r)
	if err != nil {
		return err
	}
	f := readProductForm(r)
	in, err := catalog.ParseProductInput(f.body(false), false)
	if err == nil {
		_, err = p.catalog.UpdateProduct(r.Context(), s.session.User, pr.ID, in)
	}
	if err != nil {
		return p.refusedProduct(w, r, err, productPage{Product: &pr, Form: f.withBlankRows()})
	}
	http.Redirect(w, r, productURL(pr.ID)+"?done=saved", http.StatusSeeOther)
	return nil
}

// setActive serves POST /admin/products/{id}/active (active=true|false, version): the button that puts a
// product on sale or takes it off.
func (p *Panel) setActive(w http.ResponseWriter, r *http.Request) error {
	s, _ := sessionFrom(r.Context())
	pr, err := p.loadProduct(r)
	if err != nil {
		return err
	}
	active := r.PostFormValue("active") == "true"
	version := int32(formNumber(r.PostFormValue("version")))
	_, err = p.catalog.UpdateProduct(r.Context(), s.session.User, pr.ID, catalog.ProductInput{IsActive: &active, Version: &version})
	if err != nil {
		return p.refusedProduct(w, r, err, productPage{Product: &pr, Form: productFormOf(pr)})
	}
	done := "deactivated"
	if active {
		done = "activated"
	}
	http.Redirect(w, r, productURL(pr.ID)+"?done="+done, http.StatusSeeOther)
	return nil
}

// refusedProduct shows the product page again with the catalog's refusal: 409 for a stale version, 422 for
// bad fields. Anything else fails the page.
func (p *Panel) refusedProduct(w http.ResponseWriter, r *http.Request, err error, page productPage) error {
	refused, ok := refusal(err)
	if !ok {
		return err
	}
	page.Errors = refused
	status := http.StatusUnprocessableEntity
	if refused.Message == errVersionConflict {
		status = http.StatusConflict
		delete(page.Errors.Fields, "version")
	}
	return p.showProduct(w, r, status, page)
}

// loadProduct is the product of the path's {id}; a product that does not exist is the 404 page.
func (p *Panel) loadProduct(r *http.Request) (catalog.Product, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return catalog.Product{}, errNotFound
	}
	pr, err := p.catalog.Product(r.Context(), id)
	if errors.Is(err, catalog.ErrProductNotFound) {
		return catalog.Product{}, errNotFound
	}
	return pr, err
}

func productURL(id int64) string { return "/admin/products/" + strconv.FormatInt(id, 10) }

// showProduct renders the product page, filling in the categories and the product's sizes and pictures.
func (p *Panel) showProduct(w http.ResponseWriter, r *http.Request, status int, page productPage) error {
	var err error
	if page.Categories, err = p.categoryOptions(r); err != nil {
		return err
	}
	title := "Новый товар"
	if page.Product != nil {
		title = page.Product.Name
		page.Variants = variantsOf(*page.Product, page.Variants)
		page.Pictures.Items = page.Product.Images
	}
	p.render(w, r, status, "product", view{Title: title, Data: page})
	return nil
}
