package catalog

import (
	"net/http"

	"github.com/mekhaishuby/furstore/internal/web"
)

// maxPosition is the largest position among its siblings a category may have.
const maxPosition = 1_000_000

// categoryBody is the JSON body of POST and PATCH /api/admin/categories.
type categoryBody struct {
	Name     optional[string] `json:"name"`
	Slug     optional[string] `json:"slug"`
	ParentID optional[int64]  `json:"parent_id"`
	Position optional[int64]  `json:"position"`
}

func (b categoryBody) check(c *checker, create bool) (name, sl *string, parent *int64, position *int32) {
	if create { // a new category's optional fields may come as null: their defaults then
		b.Slug, b.Position = orAbsent(b.Slug), orAbsent(b.Position)
	}
	name = c.name(b.Name, maxNameLen, create)
	sl = c.slug(b.Slug)
	if create {
		c.slugFromName(sl, name)
	}
	if b.ParentID.Set && !b.ParentID.Null {
		parent = c.number("parent_id", b.ParentID, 1, 1<<62, false)
	}
	position = int32Of(c.number("position", b.Position, 0, maxPosition, false))
	return name, sl, parent, position
}

// ListCategories serves GET /api/admin/categories: every category, flat, roots first, with the counts that
// keep a category from being deleted.
func (h *AdminHandlers) ListCategories(w http.ResponseWriter, r *http.Request) error {
	cats, err := h.admin.Categories(r.Context())
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, cats)
	return nil
}

// CreateCategory serves POST /api/admin/categories {"name","slug"?,"parent_id"?,"position"?} → 201.
func (h *AdminHandlers) CreateCategory(w http.ResponseWriter, r *http.Request) error {
	var b categoryBody
	if err := web.DecodeJSONStrict(w, r, &b); err != nil {
		return err
	}
	var c checker
	name, sl, parent, position := b.check(&c, true)
	if err := c.Err(); err != nil {
		return err
	}
	in := CategoryInput{Name: *name, ParentID: parent, Position: position}
	if sl != nil {
		in.Slug = *sl
	}
	cat, err := h.admin.CreateCategory(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, cat)
	return nil
}

// UpdateCategory serves PATCH /api/admin/categories/{id}: rename, move ("parent_id": null makes it a root),
// reorder; absent fields stay as they are.
func (h *AdminHandlers) UpdateCategory(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id", errCategoryNotFound)
	if err != nil {
		return err
	}
	var b categoryBody
	if err := web.DecodeJSONStrict(w, r, &b); err != nil {
		return err
	}
	var c checker
	name, sl, parent, position := b.check(&c, false)
	if err := c.Err(); err != nil {
		return err
	}
	ch := CategoryChange{Name: name, Slug: sl, Move: b.ParentID.Set, ParentID: parent, Position: position}
	cat, err := h.admin.UpdateCategory(r.Context(), actor(r), id, ch)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, cat)
	return nil
}

// DeleteCategory serves DELETE /api/admin/categories/{id} → 204; 409 category_not_empty while it holds
// products or subcategories.
func (h *AdminHandlers) DeleteCategory(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id", errCategoryNotFound)
	if err != nil {
		return err
	}
	if err := h.admin.DeleteCategory(r.Context(), actor(r), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// CheckCategoryName checks a category's name typed into a form other than the API's JSON (the staff panel's)
// by the same rule: one line of 1 to 200 characters, trimmed, without invisible characters; a new category's
// name must also make a slug. The error is the API's (invalid_name, or invalid_slug for a new one).
func CheckCategoryName(name string, create bool) (string, error) {
	var c checker
	n := c.name(optional[string]{Set: true, V: name}, maxNameLen, true)
	if create {
		c.slugFromName(nil, n)
	}
	if err := c.Err(); err != nil {
		return "", err
	}
	return *n, nil
}

// CheckCategoryPosition checks a category's position among its siblings by the API's rule: 0 to 1 000 000.
func CheckCategoryPosition(n int64) (int32, error) {
	var c checker
	p := c.number("position", optional[int64]{Set: true, V: n}, 0, maxPosition, true)
	if err := c.Err(); err != nil {
		return 0, err
	}
	return int32(*p), nil
}
