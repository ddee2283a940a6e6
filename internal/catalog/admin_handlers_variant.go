package catalog

import (
	"net/http"

	"github.com/mekhaishuby/furstore/internal/web"
)

// CreateVariant serves POST /api/admin/products/{id}/variants → 201 with the new variant.
func (h *AdminHandlers) CreateVariant(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id", ErrProductNotFound)
	if err != nil {
		return err
	}
	var b variantBody
	if err := web.DecodeJSONStrict(w, r, &b); err != nil {
		return err
	}
	var c checker
	in := b.input(&c, variantAdded, "")
	if err := c.Err(); err != nil {
		return err
	}
	v, err := h.admin.CreateVariant(r.Context(), actor(r), id, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, v)
	return nil
}

// UpdateVariant serves PATCH /api/admin/variants/{id}: absent fields stay as they are; null clears a size,
// height or colour, or an own price (the product's then applies).
func (h *AdminHandlers) UpdateVariant(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id", ErrVariantNotFound)
	if err != nil {
		return err
	}
	var b variantBody
	if err := web.DecodeJSONStrict(w, r, &b); err != nil {
		return err
	}
	var c checker
	in := b.input(&c, variantChanged, "")
	if err := c.Err(); err != nil {
		return err
	}
	v, err := h.admin.UpdateVariant(r.Context(), actor(r), id, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, v)
	return nil
}

// DeleteVariant serves DELETE /api/admin/variants/{id} → 204.
func (h *AdminHandlers) DeleteVariant(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id", ErrVariantNotFound)
	if err != nil {
		return err
	}
	if err := h.admin.DeleteVariant(r.Context(), actor(r), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// SetVariantStock serves POST /api/admin/variants/{id}/stock {"set":N} or {"delta":±N} with a "reason" → 200
// with the new stock and the movement that records it, as the product's stock route answers.
func (h *AdminHandlers) SetVariantStock(w http.ResponseWriter, r *http.Request) error {
	return h.changeStock(w, r, ErrVariantNotFound, h.admin.ChangeVariantStock)
}
