package catalog

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/text"
	"github.com/mekhaishuby/furstore/internal/web"
)

// productJSON is a product as the back office shows it: Product with picture URLs instead of paths.
type productJSON struct {
	Product
	Images []productPictureJSON `json:"images"`
}

// productPictureJSON is a picture inside productJSON (the picture routes answer with staffPictureJSON).
type productPictureJSON struct {
	ID       int64  `json:"id"`
	URL      string `json:"url"`
	Position int    `json:"position"`
}

func newProductJSON(p Product, media string) productJSON {
	out := productJSON{Product: p, Images: make([]productPictureJSON, len(p.Images))}
	for i, im := range p.Images {
		out.Images[i] = productPictureJSON{ID: im.ID, URL: media + im.Path, Position: im.Position}
	}
	return out
}

// staffSummaryJSON is a product as the back office listing shows it: the main picture's URL instead of its
// path.
type staffSummaryJSON struct {
	StaffSummary
	Image *string `json:"image"`
}

const maxText = 200 // the longest ?q= accepted

// ListProducts serves GET /api/admin/products: the public filters (category with its subtree, min_price,
// max_price, sort_by, page, page_size), is_active=true|false and q (a case-insensitive match inside the name or
// slug).
func (h *AdminHandlers) ListProducts(w http.ResponseWriter, r *http.Request) error {
	v, err := web.Query(r)
	if err != nil {
		return err
	}
	pq, filterErr := ListParams{Category: v.Get("category"), MinPrice: v.Get("min_price"),
		MaxPrice: v.Get("max_price"), InStock: v.Get("in_stock"), OnSale: v.Get("on_sale"), SortBy: v.Get("sort_by"),
		Page: v.Get("page"), PageSize: v.Get("page_size")}.Parse()
	f := ProductFilter{ListQuery: pq, Text: strings.TrimSpace(v.Get("q"))}
	var c checker
	if e, ok := apperr.As(filterErr); ok { // every bad field in one answer, the public filters' too
		for field, problem := range e.Fields {
			c.Add(e.Code, field, problem)
		}
	}
	switch s := v.Get("is_active"); s {
	case "":
	case "true", "false":
		active := s == "true"
		f.IsActive = &active
	default:
		c.Add("invalid_is_active", "is_active", "must be true or false")
	}
	if utf8.RuneCountInString(f.Text) > maxText || text.Line(f.Text) != nil {
		c.Add("invalid_q", "q", "must be at most 200 characters, without control characters")
	}
	if err := c.Err(); err != nil {
		return err
	}
	products, count, err := h.admin.Products(r.Context(), f)
	if err != nil {
		return err
	}
	media := h.mediaBase(r)
	out := make([]staffSummaryJSON, len(products))
	for i, p := range products {
		out[i].StaffSummary = p
		if p.Image != "" {
			u := media + p.Image
			out[i].Image = &u
		}
	}
	body, err := web.NewPage(r, out, count, f.Page, f.PageSize)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, body)
	return nil
}

// CreateProduct serves POST /api/admin/products → 201 with the product and its version.
func (h *AdminHandlers) CreateProduct(w http.ResponseWriter, r *http.Request) error {
	var b productBody
	if err := web.DecodeJSONStrict(w, r, &b); err != nil {
		return err
	}
	in, err := b.input(true)
	if err != nil {
		return err
	}
	p, err := h.admin.CreateProduct(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, newProductJSON(p, h.mediaBase(r)))
	return nil
}

// GetProduct serves GET /api/admin/products/{id}: the product, active or not, with everything staff edit.
func (h *AdminHandlers) GetProduct(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id", ErrProductNotFound)
	if err != nil {
		return err
	}
	p, err := h.admin.Product(r.Context(), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, newProductJSON(p, h.mediaBase(r)))
	return nil
}

// UpdateProduct serves PATCH /api/admin/products/{id}: absent fields stay as they are; with "version" given
// and stale, 409 version_conflict.
func (h *AdminHandlers) UpdateProduct(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id", ErrProductNotFound)
	if err != nil {
		return err
	}
	var b productBody
	if err := web.DecodeJSONStrict(w, r, &b); err != nil {
		return err
	}
	in, err := b.input(false)
	if err != nil {
		return err
	}
	p, err := h.admin.UpdateProduct(r.Context(), actor(r), id, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, newProductJSON(p, h.mediaBase(r)))
	return nil
}

// DeleteProduct serves DELETE /api/admin/products/{id} → 204.
func (h *AdminHandlers) DeleteProduct(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id", ErrProductNotFound)
	if err != nil {
		return err
	}
	if err := h.admin.DeleteProduct(r.Context(), actor(r), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
