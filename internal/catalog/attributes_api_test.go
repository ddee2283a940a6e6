package catalog_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

type caAttribute struct {
	ID         int64   `json:"id"`
	Slug       string  `json:"slug"`
	Name       string  `json:"name"`
	Kind       string  `json:"kind"`
	Unit       *string `json:"unit"`
	Filterable bool    `json:"filterable"`
	Position   int     `json:"position"`
	Values     []struct {
		ID    int64  `json:"id"`
		Slug  string `json:"slug"`
		Value string `json:"value"`
	} `json:"values"`
}

func (a caAttribute) valueSlugs() []string {
	out := []string{}
	for _, v := range a.Values {
		out = append(out, v.Slug)
	}
	return out
}

func (s *caShop) createAttribute(body string) caAttribute {
	s.t.Helper()
	var a caAttribute
	s.call(http.StatusCreated, "POST", "/api/admin/attributes", body).JSON(s.t, &a)
	return a
}

func (s *caShop) attributes() []caAttribute {
	s.t.Helper()
	var out []caAttribute
	s.call(http.StatusOK, "GET", "/api/admin/attributes", "").JSON(s.t, &out)
	return out
}

// Staff define attributes over HTTP: the products already naming them link at once (the catalog's shuba-elena
// has «Мех: Норка» and «Цвет: Чёрный»), values are added to choices only, an attribute in use is not deleted,
// and every write is in the audit log.
func TestAttributeAdminRoutes(t *testing.T) {
	s := newCAShop(t)
	fur := s.createAttribute(`{"name": "Мех", "slug": "fur", "kind": "choice", "position": 1}`)
	if diff := cmp.Diff(fur.valueSlugs(), []string{"norka"}); diff != "" || !fur.Filterable || fur.Unit != nil {
		t.Errorf("new attribute %+v; values (-got +want):\n%s", fur, diff)
	}
	length := s.createAttribute(`{"name": "Длина", "kind": "number", "unit": "см", "filterable": null}`)
	if length.Slug != "dlina" || *length.Unit != "см" || length.Position != 2 || !length.Filterable {
		t.Errorf("made slug, unit, position or filterable wrong: %+v", length)
	}
	hood := s.createAttribute(`{"name": "Капюшон", "kind": "bool", "filterable": false}`)

	var v struct {
		ID    int64  `json:"id"`
		Slug  string `json:"slug"`
		Value string `json:"value"`
	}
	s.call(http.StatusCreated, "POST", fmt.Sprintf("/api/admin/attributes/%d/values", fur.ID), `{"value": " Голубая норка "}`).JSON(t, &v)
	if v.Slug != "golubaya-norka" || v.Value != "Голубая норка" {
		t.Errorf("new value %+v", v)
	}
	s.call(http.StatusCreated, "POST", fmt.Sprintf("/api/admin/attributes/%d/values", fur.ID), `{"value": "Соболь", "slug": "sable"}`)
	got := s.attributes()
	if len(got) != 3 || got[0].Slug != "fur" || got[1].Slug != "dlina" || got[2].Slug != "kapyushon" || got[2].Filterable {
		t.Fatalf("attributes = %+v", got)
	}
	if diff := cmp.Diff(got[0].valueSlugs(), []string{"norka", "golubaya-norka", "sable"}); diff != "" {
		t.Errorf("values (-got +want):\n%s", diff)
	}

	// A rename links the pairs of the new name; the old name's lose the link.
	var renamed caAttribute
	s.call(http.StatusOK, "PATCH", fmt.Sprintf("/api/admin/attributes/%d", hood.ID), `{"name": "Цвет", "kind": "choice"}`).JSON(t, &renamed)
	if diff := cmp.Diff(renamed.valueSlugs(), []string{"chyornyy"}); diff != "" || renamed.Slug != "kapyushon" {
		t.Errorf("renamed %+v; values (-got +want):\n%s", renamed, diff)
	}
	var unchanged caAttribute
	s.call(http.StatusOK, "PATCH", fmt.Sprintf("/api/admin/attributes/%d", length.ID), `{}`).JSON(t, &unchanged)
	if unchanged.Name != "Длина" {
		t.Errorf("empty change gave %+v", unchanged)
	}
	var noUnit caAttribute
	s.call(http.StatusOK, "PATCH", fmt.Sprintf("/api/admin/attributes/%d", length.ID), `{"unit": null, "position": 7}`).JSON(t, &noUnit)
	if noUnit.Unit != nil || noUnit.Position != 7 {
		t.Errorf("unit not cleared: %+v", noUnit)
	}

	e := s.fails(http.StatusConflict, "attribute_in_use", "DELETE", fmt.Sprintf("/api/admin/attributes/%d", fur.ID), "")
	if !strings.Contains(e.Error.Message, "1 products") {
		t.Errorf("in use message %q", e.Error.Message)
	}
	s.call(http.StatusNoContent, "DELETE", fmt.Sprintf("/api/admin/attributes/%d", length.ID), "")
	s.fails(http.StatusNotFound, "attribute_not_found", "DELETE", fmt.Sprintf("/api/admin/attributes/%d", length.ID), "")

	actions := []string{}
	for _, id := range []int64{fur.ID, length.ID, hood.ID} {
		for _, a := range s.audit("attribute", id) {
			actions = append(actions, a.Action)
		}
	}
	want := []string{"attribute.value_create", "attribute.value_create", "attribute.create", // newest first
		"attribute.delete", "attribute.update", "attribute.create", "attribute.update", "attribute.create"}
	if diff := cmp.Diff(actions, want); diff != "" {
		t.Errorf("audit (-got +want):\n%s", diff)
	}
}

// Bad input is a 400 naming the field, a duplicate a 409, a missing attribute a 404: never a 500.
func TestAttributeAdminRefusesBadInput(t *testing.T) {
	s := newCAShop(t)
	fur := s.createAttribute(`{"name": "Мех", "kind": "choice"}`)
	length := s.createAttribute(`{"name": "Длина", "slug": "length", "kind": "number", "unit": "см"}`)
	s.call(http.StatusCreated, "POST", fmt.Sprintf("/api/admin/attributes/%d/values", fur.ID), `{"value": "Соболь"}`)
	path := "/api/admin/attributes"
	one := func(id int64) string { return fmt.Sprintf("/api/admin/attributes/%d", id) }
	values := func(id int64) string { return fmt.Sprintf("/api/admin/attributes/%d/values", id) }
	for _, tt := range []struct {
		status       int
		code         string
		method, path string
		body         string
	}{
		{400, "invalid_kind", "POST", path, `{"name": "Силуэт", "kind": "colour"}`},
		{400, "required", "POST", path, `{"name": "Силуэт"}`},
		{400, "invalid_name", "POST", path, `{"name": "  ", "kind": "choice"}`},
		{400, "invalid_type", "POST", path, `{"name": 5, "kind": "choice"}`},
		{400, "invalid_slug", "POST", path, `{"name": "Силуэт", "slug": "Силуэт", "kind": "choice"}`},
		{400, "invalid_slug", "POST", path, `{"name": "«»", "kind": "choice"}`},
		{400, "invalid_unit", "POST", path, `{"name": "Силуэт", "kind": "choice", "unit": "см"}`},
		{400, "invalid_position", "POST", path, `{"name": "Силуэт", "kind": "choice", "position": -1}`},
		{400, "unknown_field", "POST", path, `{"name": "Силуэт", "kind": "choice", "values": []}`},
		{400, "invalid_input", "POST", path, `{"kind": "colour"}`},
		{409, "name_taken", "POST", path, `{"name": " мЕх ", "kind": "choice"}`},
		{409, "slug_taken", "POST", path, `{"name": "Длина изделия", "slug": "length", "kind": "number"}`},
		{400, "invalid_kind", "PATCH", one(fur.ID), `{"kind": ""}`},
		{400, "invalid_type", "PATCH", one(fur.ID), `{"name": null}`},
		{400, "invalid_unit", "PATCH", one(fur.ID), `{"unit": "см"}`},
		{409, "name_taken", "PATCH", one(fur.ID), `{"name": "Длина"}`},
		{409, "slug_taken", "PATCH", one(fur.ID), `{"slug": "length"}`},
		{404, "attribute_not_found", "PATCH", one(999999), `{"name": "Силуэт"}`},
		{404, "attribute_not_found", "PATCH", "/api/admin/attributes/abc", `{"name": "Силуэт"}`},
		{400, "attribute_not_choice", "POST", values(length.ID), `{"value": "110"}`},
		{400, "required", "POST", values(fur.ID), `{}`},
		{400, "invalid_value", "POST", values(fur.ID), `{"value": ""}`},
		{400, "invalid_slug", "POST", values(fur.ID), `{"value": "?!"}`},
		{409, "value_taken", "POST", values(fur.ID), `{"value": "соболь"}`},
		{409, "slug_taken", "POST", values(fur.ID), `{"value": "Соболь тёмный", "slug": "sobol"}`},
		{404, "attribute_not_found", "POST", values(999999), `{"value": "Норка"}`},
		{404, "attribute_not_found", "DELETE", one(999999), ``},
	} {
		s.fails(tt.status, tt.code, tt.method, tt.path, tt.body)
	}
	if got := s.attributes(); len(got) != 2 {
		t.Errorf("refused requests wrote: %+v", got)
	}
}
