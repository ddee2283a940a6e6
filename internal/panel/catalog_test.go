package panel_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mekhaishuby/furstore/internal/apptest"
)

// Каталог: a category is created, renamed, refused a move under itself with the reason beside the form and
// the choice kept, moved, reordered, refused deletion while it holds products, and deleted — each change in
// the audit log under the staff member's name.
func TestCatalogCategoryForms(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	b := signedIn(t, s, "sklad@mekha-shuby.ru")
	tree := b.get("/admin/catalog")
	tree.mustShow(t, "Каталог", "Новая категория", "Женщинам", "Норковые шубы")
	token := tree.csrf(t)
	post := func(path string, form url.Values) page {
		t.Helper()
		form.Set("csrf", token)
		return b.do("POST", path, form)
	}
	done := func(p page, what string) {
		t.Helper()
		if p.status != http.StatusSeeOther || p.header.Get("Location") != "/admin/catalog" {
			t.Fatalf("%s → %d %s\n%.1000s", what, p.status, p.header.Get("Location"), p.text())
		}
	}

	long := strings.Repeat("ш", 201)
	if p := post("/admin/catalog", url.Values{"name": {long}}); p.status != http.StatusBadRequest || !strings.Contains(p.body, `value="`+long+`"`) {
		t.Errorf("a name too long → %d, typed name kept: %v", p.status, strings.Contains(p.body, long))
	} else {
		p.mustShow(t, "Название — от 1 до 200 символов")
	}
	done(post("/admin/catalog", url.Values{"name": {"Шапки"}, "parent": {""}}), "create")
	id := s.Scalar("SELECT id FROM categories WHERE name = 'Шапки'")
	base := fmt.Sprintf("/admin/catalog/%d", id)
	b.get("/admin/catalog").mustShow(t, "Шапки /shapki")

	done(post(base+"/rename", url.Values{"name": {"  Меховые шапки "}}), "rename")
	b.get("/admin/catalog").mustShow(t, "Меховые шапки /shapki")

	self := post(base+"/move", url.Values{"parent": {fmt.Sprint(id)}})
	if self.status != http.StatusConflict || !strings.Contains(self.body, fmt.Sprintf(`<option value="%d" selected>`, id)) {
		t.Errorf("a move under itself → %d, the typed parent chosen: %v", self.status, strings.Contains(self.body, "selected"))
	}
	self.mustShow(t, "Категорию нельзя вложить в саму себя")

	women := s.Scalar("SELECT id FROM categories WHERE name = 'Женщинам'")
	done(post(base+"/move", url.Values{"parent": {fmt.Sprint(women)}}), "move")
	if got := s.Scalar("SELECT parent_id FROM categories WHERE id = $1", id); got != women {
		t.Errorf("moved under %d, want %d", got, women)
	}
	if p := post(base+"/position", url.Values{"position": {"пятый"}}); p.status != http.StatusBadRequest || !strings.Contains(p.body, `value="пятый"`) {
		t.Errorf("a position in words → %d", p.status)
	} else {
		p.mustShow(t, "Позиция — целое число от 0 до 1 000 000")
	}
	done(post(base+"/position", url.Values{"position": {"7"}}), "position")
	b.get("/admin/catalog").mustShow(t, "Меховые шапки /shapki · позиция 7")

	mink := s.Scalar("SELECT id FROM categories WHERE name = 'Норковые шубы'")
	full := post(fmt.Sprintf("/admin/catalog/%d/delete", mink), url.Values{})
	if full.status != http.StatusConflict {
		t.Errorf("deleting a category with products → %d", full.status)
	}
	full.mustShow(t, "Категорию нельзя удалить: в ней")

	done(post(base+"/delete", url.Values{}), "delete")
	if strings.Contains(b.get("/admin/catalog").body, "Меховые шапки") {
		t.Errorf("the deleted category is still in the tree")
	}
	if p := post(base+"/rename", url.Values{"name": {"Снова"}}); p.status != http.StatusNotFound {
		t.Errorf("renaming a deleted category → %d", p.status)
	}
	b.get("/admin/audit?action=category.delete").mustShow(t, "1 запись", "sklad@mekha-shuby.ru", `"name": "Меховые шапки"`)
	b.get(fmt.Sprintf("/admin/audit?object_type=category&object_id=%d", id)).mustShow(t, "5 записей")
}

// A category form posted without the session's form token changes nothing.
func TestCatalogFormWithoutTokenIsRefused(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	b := signedIn(t, s, "sklad@mekha-shuby.ru")
	for _, form := range []url.Values{{"name": {"Шапки"}}, {"name": {"Шапки"}, "csrf": {"подделка"}}} {
		if p := b.do("POST", "/admin/catalog", form); p.status != http.StatusForbidden || !strings.Contains(p.body, "Форма устарела") {
			t.Errorf("create without the form token (%v) → %d", form, p.status)
		}
	}
	if n := s.Scalar("SELECT count(*) FROM categories WHERE name = 'Шапки'"); n != 0 {
		t.Errorf("%d categories made by refused forms", n)
	}
}
