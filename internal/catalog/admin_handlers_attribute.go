package catalog

import (
	"net/http"

	"github.com/mekhaishuby/furstore/internal/web"
)

// maxUnitLen is the longest unit of a number attribute («см», «мм», «кг»), in characters.
const maxUnitLen = 20

// attributeBody is the JSON body of POST and PATCH /api/admin/attributes.
type attributeBody struct {
	Name       optional[string] `json:"name"`
	Slug       optional[string] `json:"slug"`
	Kind       optional[string] `json:"kind"`
	Unit       optional[string] `json:"unit"`
	Filterable optional[bool]   `json:"filterable"`
	Position   optional[int64]  `json:"position"`
}

func (b attributeBody) check(c *checker, create bool) AttributeChange {
	if create { // a new attribute's optional fields may come as null: their defaults then
		b.Slug, b.Unit, b.Filterable, b.Position = orAbsent(b.Slug), orAbsent(b.Unit), orAbsent(b.Filterable), orAbsent(b.Position)
	}
	var ch AttributeChange
	ch.Name = c.name(b.Name, maxNameLen, create)
	ch.Slug = c.slug(b.Slug)
	if create {
		c.slugFromName(ch.Slug, ch.Name)
	}
	if present(c, "kind", b.Kind, create) {
		if validKind(b.Kind.V) {
			ch.Kind = &b.Kind.V
		} else {
			c.Add("invalid_kind", "kind", `must be "choice", "number" or "bool"`)
		}
	}
	if b.Unit.Set && b.Unit.Null { // clears it
		ch.SetUnit = true
	} else if u := c.text("unit", b.Unit, maxUnitLen, false); u != nil {
		ch.SetUnit, ch.Unit = true, u
	}
	if present(c, "filterable", b.Filterable, false) {
		ch.Filterable = &b.Filterable.V
	}
	ch.Position = int32Of(c.number("position", b.Position, 0, maxPosition, false))
	return ch
}

// ListAttributes serves GET /api/admin/attributes: every attribute, by position, with its values.
func (h *AdminHandlers) ListAttributes(w http.ResponseWriter, r *http.Request) error {
	attrs, err := h.admin.Attributes(r.Context())
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, attrs)
	return nil
}

// CreateAttribute serves POST /api/admin/attributes {"name","slug"?,"kind","unit"?,"filterable"?,"position"?} → 201.
func (h *AdminHandlers) CreateAttribute(w http.ResponseWriter, r *http.Request) error {
	var b attributeBody
	if err := web.DecodeJSONStrict(w, r, &b); err != nil {
		return err
	}
	var c checker
	ch := b.check(&c, true)
	if ch.Unit != nil && ch.Kind != nil && *ch.Kind != KindNumber {
		c.Add("invalid_unit", "unit", "only number attributes have a unit")
	}
	if err := c.Err(); err != nil {
		return err
	}
	in := AttributeInput{Name: *ch.Name, Kind: *ch.Kind, Unit: ch.Unit, Filterable: true, Position: ch.Position}
	if ch.Slug != nil {
		in.Slug = *ch.Slug
	}
	if ch.Filterable != nil {
		in.Filterable = *ch.Filterable
	}
	attr, err := h.admin.CreateAttribute(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, attr)
	return nil
}

// UpdateAttribute serves PATCH /api/admin/attributes/{id}: absent fields stay as they are; "unit": null clears
// the unit.
func (h *AdminHandlers) UpdateAttribute(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id", errAttributeNotFound)
	if err != nil {
		return err
	}
	var b attributeBody
	if err := web.DecodeJSONStrict(w, r, &b); err != nil {
		return err
	}
	var c checker
	ch := b.check(&c, false)
	if err := c.Err(); err != nil {
		return err
	}
	attr, err := h.admin.UpdateAttribute(r.Context(), actor(r), id, ch)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, attr)
	return nil
}

// DeleteAttribute serves DELETE /api/admin/attributes/{id} → 204; 409 attribute_in_use while a product's pair
// links to it.
func (h *AdminHandlers) DeleteAttribute(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id", errAttributeNotFound)
	if err != nil {
		return err
	}
	if err := h.admin.DeleteAttribute(r.Context(), actor(r), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// attributeValueBody is the JSON body of POST /api/admin/attributes/{id}/values.
type attributeValueBody struct {
	Value optional[string] `json:"value"`
	Slug  optional[string] `json:"slug"`
}

// CreateAttributeValue serves POST /api/admin/attributes/{id}/values {"value","slug"?} → 201.
func (h *AdminHandlers) CreateAttributeValue(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id", errAttributeNotFound)
	if err != nil {
		return err
	}
	var b attributeValueBody
	if err := web.DecodeJSONStrict(w, r, &b); err != nil {
		return err
	}
	var c checker
	value := c.text("value", b.Value, maxNameLen, true)
	sl := c.slug(orAbsent(b.Slug))
	if sl == nil && value != nil && !slugMadeFrom(*value) {
		c.Add("invalid_slug", "slug", "cannot be made from this value; give one")
	}
	if err := c.Err(); err != nil {
		return err
	}
	var given string
	if sl != nil {
		given = *sl
	}
	v, err := h.admin.AddAttributeValue(r.Context(), actor(r), id, *value, given)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, v)
	return nil
}
