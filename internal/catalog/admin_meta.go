package catalog

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/audit"
	"github.com/mekhaishuby/furstore/internal/catalog/internal/catalogdb"
	"github.com/mekhaishuby/furstore/internal/store"
	"github.com/mekhaishuby/furstore/internal/text"
	"github.com/mekhaishuby/furstore/internal/web"
)

// Limits of what staff set a search engine to be shown (migration 00016 checks them too).
const (
	maxMetaTitle          = 200
	maxMetaDescriptionSet = 500
)

// metaBody is the JSON body of PUT /api/admin/products/{id}/meta and PUT /api/admin/categories/{id}/meta: both
// fields replaced; null, "" or left out: made from the page again.
type metaBody struct {
	Title       optional[string] `json:"meta_title"`
	Description optional[string] `json:"meta_description"`
}

// check trims the fields and reports every bad one at once.
func (b metaBody) check() (Meta, error) {
	var v apperr.Validation
	clean := func(field string, s optional[string], max int) *string {
		if !s.Set || s.Null {
			return nil
		}
		t := strings.TrimSpace(s.V)
		switch {
		case t == "":
			return nil
		case utf8.RuneCountInString(t) > max:
			v.Add("invalid_value", field, fmt.Sprintf("must be at most %d characters", max))
		case text.Line(t) != nil:
			v.Add("invalid_value", field, text.Line(t).Error())
		}
		return &t
	}
	m := Meta{Title: clean("meta_title", b.Title, maxMetaTitle), Description: clean("meta_description", b.Description, maxMetaDescriptionSet)}
	return m, v.Err()
}

// SetProductMeta sets what a search engine is shown of product id's page (nil fields: made from the product);
// a change of the product, audited as product.meta, whose version goes up.
func (a *Admin) SetProductMeta(ctx context.Context, actor account.User, id int64, m Meta) (Meta, error) {
	err := a.write(ctx, func(tx *store.Tx, q *catalogdb.Queries) error {
		before, err := lockProduct(ctx, q, id)
		if err != nil {
			return err
		}
		version, err := q.AdminSetProductMeta(ctx, catalogdb.AdminSetProductMetaParams{ID: id, MetaTitle: m.Title, MetaDescription: m.Description})
		if err != nil {
			return err
		}
		return record(ctx, tx, actor, audit.Entry{Action: "product.meta", ObjectType: "product", ObjectID: id,
			Before: map[string]any{"version": before.Version}, After: map[string]any{"version": version, "meta_title": m.Title,
				"meta_description": m.Description}})
	})
	return m, err
}

// SetCategoryMeta sets what a search engine is shown of category id's page (nil fields: made from its place
// in the tree), audited as category.meta.
func (a *Admin) SetCategoryMeta(ctx context.Context, actor account.User, id int64, m Meta) (Meta, error) {
	err := a.write(ctx, func(tx *store.Tx, q *catalogdb.Queries) error {
		if err := q.AdminLockCategoryTree(ctx); err != nil { // as every staff write to categories (moving-parts.md)
			return err
		}
		was, err := q.AdminCategoryMeta(ctx, id)
		if errors.Is(err, pgx.ErrNoRows) {
			return errCategoryNotFound
		} else if err != nil {
			return err
		}
		if _, err := q.AdminSetCategoryMeta(ctx, catalogdb.AdminSetCategoryMetaParams{ID: id, MetaTitle: m.Title, MetaDescription: m.Description}); err != nil {
			return err
		}
		return record(ctx, tx, actor, audit.Entry{Action: "category.meta", ObjectType: "category", ObjectID: id,
			Before: Meta{Title: was.MetaTitle, Description: was.MetaDescription}, After: m})
	})
	return m, err
}

// SetProductMeta serves PUT /api/admin/products/{id}/meta → 200 with what is now set.
func (h *AdminHandlers) SetProductMeta(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id", ErrProductNotFound)
	if err != nil {
		return err
	}
	return h.setMeta(w, r, func(m Meta) (Meta, error) { return h.admin.SetProductMeta(r.Context(), actor(r), id, m) })
}

// SetCategoryMeta serves PUT /api/admin/categories/{id}/meta → 200 with what is now set.
func (h *AdminHandlers) SetCategoryMeta(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id", errCategoryNotFound)
	if err != nil {
		return err
	}
	return h.setMeta(w, r, func(m Meta) (Meta, error) { return h.admin.SetCategoryMeta(r.Context(), actor(r), id, m) })
}

func (h *AdminHandlers) setMeta(w http.ResponseWriter, r *http.Request, set func(Meta) (Meta, error)) error {
	var b metaBody
	if err := web.DecodeJSONStrict(w, r, &b); err != nil {
		return err
	}
	m, err := b.check()
	if err != nil {
		return err
	}
	if m, err = set(m); err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, m)
	return nil
}
