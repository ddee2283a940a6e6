package panel

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/catalog"
)

// The category forms call the catalog's Admin as the JSON routes do, with the signed-in staff member: its
// rules, its refusals and its audit entries are the API's. Success goes back to the tree (303); a refusal
// shows the tree again with the reason beside the form and what was typed in it.

// createCategory serves POST /admin/catalog (name, parent: empty for the top level).
func (p *Panel) createCategory(w http.ResponseWriter, r *http.Request) error {
	typed := formFailure{Form: "create", Name: r.PostFormValue("name"), Parent: r.PostFormValue("parent")}
	return p.categoryWrite(w, r, 0, typed, func(actor account.User) error {
		name, err := catalog.CheckCategoryName(typed.Name, true)
		if err != nil {
			return err
		}
		parent, err := parentID(typed.Parent)
		if err != nil {
			return err
		}
		_, err = p.catalog.CreateCategory(r.Context(), actor, catalog.CategoryInput{Name: name, ParentID: parent})
		return err
	})
}

// renameCategory serves POST /admin/catalog/{id}/rename (name).
func (p *Panel) renameCategory(w http.ResponseWriter, r *http.Request) error {
	return p.changeCategory(w, r, formFailure{Form: "rename", Name: r.PostFormValue("name")}, func(typed formFailure) (catalog.CategoryChange, error) {
		name, err := catalog.CheckCategoryName(typed.Name, false)
		return catalog.CategoryChange{Name: &name}, err
	})
}

// moveCategory serves POST /admin/catalog/{id}/move (parent: empty for the top level).
func (p *Panel) moveCategory(w http.ResponseWriter, r *http.Request) error {
	return p.changeCategory(w, r, formFailure{Form: "move", Parent: r.PostFormValue("parent")}, func(typed formFailure) (catalog.CategoryChange, error) {
		parent, err := parentID(typed.Parent)
		return catalog.CategoryChange{Move: true, ParentID: parent}, err
	})
}

// positionCategory serves POST /admin/catalog/{id}/position (position among its siblings).
func (p *Panel) positionCategory(w http.ResponseWriter, r *http.Request) error {
	return p.changeCategory(w, r, formFailure{Form: "position", Position: r.PostFormValue("position")}, func(typed formFailure) (catalog.CategoryChange, error) {
		n, err := strconv.ParseInt(strings.TrimSpace(typed.Position), 10, 64)
		if err != nil {
			return catalog.CategoryChange{}, apperr.Field("invalid_position", "position", "must be a whole number")
		}
		position, err := catalog.CheckCategoryPosition(n)
		return catalog.CategoryChange{Position: &position}, err
	})
}

// deleteCategory serves POST /admin/catalog/{id}/delete; a category with products or subcategories stays.
func (p *Panel) deleteCategory(w http.ResponseWriter, r *http.Request) error {
	id, err := categoryID(r)
	if err != nil {
		return err
	}
	return p.categoryWrite(w, r, id, formFailure{Form: "delete"}, func(actor account.User) error {
		return p.catalog.DeleteCategory(r.Context(), actor, id)
	})
}

// changeCategory runs one of the forms that change category {id}: change turns what was typed into the change.
func (p *Panel) changeCategory(w http.ResponseWriter, r *http.Request, typed formFailure,
	change func(formFailure) (catalog.CategoryChange, error)) error {
	id, err := categoryID(r)
	if err != nil {
		return err
	}
	return p.categoryWrite(w, r, id, typed, func(actor account.User) error {
		ch, err := change(typed)
		if err != nil {
			return err
		}
		_, err = p.catalog.UpdateCategory(r.Context(), actor, id, ch)
		return err
	})
}

// categoryWrite runs write as the signed-in staff member, then goes back to the tree, or shows the tree with
// the refusal beside form typed of category id (0: the create form). A category that is gone is a 404 page.
func (p *Panel) categoryWrite(w http.ResponseWriter, r *http.Request, id int64, typed formFailure, write func(account.User) error) error {
	s, _ := sessionFrom(r.Context())
	err := write(s.session.User)
	if err == nil {
		http.Redirect(w, r, "/admin/catalog", http.StatusSeeOther)
		return nil
	}
	ae, ok := apperr.As(err)
	switch {
	case !ok:
		return err
	case ae.Kind == apperr.NotFound:
		return errNotFound
	case ae.Kind == apperr.Conflict:
		typed.Message = categoryRefusal(ae)
		return p.showCatalog(w, r, http.StatusConflict, id, typed)
	case ae.Kind == apperr.Invalid:
		typed.Message = categoryRefusal(ae)
		return p.showCatalog(w, r, http.StatusBadRequest, id, typed)
	}
	return err
}

// categoryRefusal is the catalog's refusal in words, by its code.
func categoryRefusal(e *apperr.Error) string {
	switch e.Code {
	case "invalid_name":
		return "Название — от 1 до 200 символов в одну строку, без невидимых символов."
	case "invalid_slug":
		return "Из этого названия не получается адрес страницы: нужна хотя бы одна буква или цифра."
	case "invalid_position":
		return "Позиция — целое число от 0 до 1 000 000."
	case "unknown_category":
		return "Такой родительской категории нет — возможно, её только что удалили. Выберите другую."
	case "category_cycle":
		return "Категорию нельзя вложить в саму себя или в её подкатегорию."
	case "slug_taken":
		return "Адрес страницы, сделанный из названия, уже занят другой категорией."
	case "category_not_empty":
		if n, ok := e.Details.(map[string]int64); ok {
			return fmt.Sprintf("Категорию нельзя удалить: в ней %d %s и %d %s. Сначала перенесите или удалите их.",
				n["products"], plural(n["products"], "товар", "товара", "товаров"),
				n["children"], plural(n["children"], "подкатегория", "подкатегории", "подкатегорий"))
		}
		return "Категорию нельзя удалить: в ней есть товары или подкатегории. Сначала перенесите или удалите их."
	}
	return "Изменение не принято. Обновите страницу и попробуйте ещё раз."
}

// categoryID is the {id} of the address; any other text is a page that does not exist.
func categoryID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, errNotFound
	}
	return id, nil
}

// parentID reads a parent select: empty is the top level.
func parentID(s string) (*int64, error) {
	if s == "" {
		return nil, nil
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id < 1 {
		return nil, apperr.Field("unknown_category", "parent_id", "no such category")
	}
	return &id, nil
}
