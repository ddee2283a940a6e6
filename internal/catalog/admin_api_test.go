package catalog_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mekhaishuby/furstore/internal/apptest"
)

// The back office's catalog: categories, products and stock, over HTTP on the real PostgreSQL. Every answer is
// also checked against api/openapi.yaml by apptest's Server.Do.

type caCategory struct {
	ID            int64  `json:"id"`
	Name          string `json:"name"`
	Slug          string `json:"slug"`
	ParentID      *int64 `json:"parent_id"`
	Position      int    `json:"position"`
	ProductCount  int    `json:"product_count"`
	ChildrenCount int    `json:"children_count"`
}

type caProduct struct {
	ID         int64  `json:"id"`
	Slug       string `json:"slug"`
	Name       string `json:"name"`
	CategoryID int64  `json:"category_id"`
	Category   struct {
		ID   int64  `json:"id"`
		Slug string `json:"slug"`
		Name string `json:"name"`
	} `json:"category"`
	Price       string  `json:"price"`
	OldPrice    *string `json:"old_price"`
	Stock       int     `json:"stock"`
	Description string  `json:"description"`
	Attributes  []struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	} `json:"attributes"`
	IsActive  bool `json:"is_active"`
	MarkedFur bool `json:"marked_fur"`
	Images    []struct {
		ID       int64  `json:"id"`
		URL      string `json:"url"`
		Position int    `json:"position"`
	} `json:"images"`
	Image     *string   `json:"image"` // listings only
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

type caProductPage struct {
	Count    int         `json:"count"`
	Next     *string     `json:"next"`
	Previous *string     `json:"previous"`
	Results  []caProduct `json:"results"`
}

func (p caProductPage) slugs() []string {
	out := []string{}
	for _, r := range p.Results {
		out = append(out, r.Slug)
	}
	return out
}

type caMovement struct {
	ID         int64     `json:"id"`
	Delta      int       `json:"delta"`
	StockAfter int       `json:"stock_after"`
	Reason     string    `json:"reason"`
	ActorID    *int64    `json:"actor_id"`
	ActorEmail *string   `json:"actor_email"`
	CreatedAt  time.Time `json:"created_at"`
}

type caStockResult struct {
	ProductID int64      `json:"product_id"`
	Stock     int        `json:"stock"`
	Movement  caMovement `json:"movement"`
}

type caAudit struct {
	Who struct {
		ID    *int64 `json:"id"`
		Email string `json:"email"`
	} `json:"who"`
	When   time.Time `json:"when"`
	Action string    `json:"action"`
	Object struct {
		Type string `json:"type"`
		ID   *int64 `json:"id"`
	} `json:"object"`
	Before json.RawMessage `json:"before"`
	After  json.RawMessage `json:"after"`
}

// caShop is the store with a signed-in staff member.
type caShop struct {
	*apptest.Server
	t          *testing.T
	admin      []string
	adminID    int64
	adminEmail string
}

func newCAShop(t *testing.T) *caShop {
	t.Helper()
	s := apptest.Start(t, apptest.Options{})
	const email = "sklad@mekha-shuby.ru"
	cs := &caShop{Server: s, t: t, admin: s.Staff(email), adminEmail: email}
	cs.adminID = int64(s.Scalar("SELECT id FROM users WHERE email = $1", email))
	return cs
}

// call sends a request as staff and fails the test unless the answer has the status want.
func (s *caShop) call(want int, method, path, body string, header ...string) apptest.Response {
	s.t.Helper()
	res := s.Do(method, path, body, append(append([]string{}, s.admin...), header...)...)
	if res.Status != want {
		s.t.Fatalf("%s %s %.200s → %d %s; want %d", method, path, body, res.Status, res.Body, want)
	}
	return res
}

// fails sends a request as staff and checks it is refused with the status and error code given.
func (s *caShop) fails(status int, code, method, path, body string, header ...string) apptest.ErrorBody {
	s.t.Helper()
	res := s.Do(method, path, body, append(append([]string{}, s.admin...), header...)...)
	e := apptest.ErrorBody{}
	if res.Status == status {
		e = apptest.ErrorOf(s.t, res)
	}
	if res.Status != status || e.Error.Code != code {
		s.t.Errorf("%s %s %.200s → %d %s; want %d %s", method, path, body, res.Status, res.Body, status, code)
	}
	return e
}

func (s *caShop) categories() []caCategory {
	s.t.Helper()
	var out []caCategory
	s.call(http.StatusOK, "GET", "/api/admin/categories", "").JSON(s.t, &out)
	return out
}

func (s *caShop) category(slug string) caCategory {
	s.t.Helper()
	for _, c := range s.categories() {
		if c.Slug == slug {
			return c
		}
	}
	s.t.Fatalf("no category %q", slug)
	return caCategory{}
}

func (s *caShop) createCategory(body string) caCategory {
	s.t.Helper()
	var c caCategory
	s.call(http.StatusCreated, "POST", "/api/admin/categories", body).JSON(s.t, &c)
	return c
}

func (s *caShop) patchCategory(id int64, body string) caCategory {
	s.t.Helper()
	var c caCategory
	s.call(http.StatusOK, "PATCH", fmt.Sprintf("/api/admin/categories/%d", id), body).JSON(s.t, &c)
	return c
}

func (s *caShop) product(id int64) caProduct {
	s.t.Helper()
	var p caProduct
	s.call(http.StatusOK, "GET", fmt.Sprintf("/api/admin/products/%d", id), "").JSON(s.t, &p)
	return p
}

func (s *caShop) createProduct(body string) caProduct {
	s.t.Helper()
	var p caProduct
	s.call(http.StatusCreated, "POST", "/api/admin/products", body).JSON(s.t, &p)
	return p
}

func (s *caShop) patchProduct(id int64, body string) caProduct {
	s.t.Helper()
	var p caProduct
	s.call(http.StatusOK, "PATCH", fmt.Sprintf("/api/admin/products/%d", id), body).JSON(s.t, &p)
	return p
}

func (s *caShop) products(query string) caProductPage {
	s.t.Helper()
	var p caProductPage
	s.call(http.StatusOK, "GET", "/api/admin/products?"+query, "").JSON(s.t, &p)
	return p
}

func (s *caShop) changeStock(id int64, body string) caStockResult {
	s.t.Helper()
	var r caStockResult
	s.call(http.StatusOK, "POST", fmt.Sprintf("/api/admin/products/%d/stock", id), body).JSON(s.t, &r)
	return r
}

// audit returns the audit log of one object, newest first, as GET /api/admin/audit shows it to staff. That
// route's answers are not described in api/openapi.yaml yet (the audit package's block, not this one's), so
// this reads it without Server.Do's check against the document; once they are, use s.call.
func (s *caShop) audit(objectType string, id int64) []caAudit {
	s.t.Helper()
	var p struct {
		Count   int       `json:"count"`
		Results []caAudit `json:"results"`
	}
	res := s.Do("GET", fmt.Sprintf("/api/admin/audit?object_type=%s&object_id=%d", objectType, id), "", s.admin...)
	res.JSON(s.t, &p)
	if res.Status != http.StatusOK || p.Count != len(p.Results) {
		s.t.Fatalf("GET /api/admin/audit → %d: %+v", res.Status, p)
	}
	return p.Results
}

// actions lists the entries' actions, oldest first.
func caActions(entries []caAudit) []string {
	out := []string{}
	for i := len(entries) - 1; i >= 0; i-- {
		out = append(out, entries[i].Action)
	}
	return out
}

// field reads one top-level field of an audit snapshot as JSON text ("" when the snapshot is null).
func caField(t *testing.T, raw json.RawMessage, name string) string {
	t.Helper()
	if string(raw) == "null" || len(raw) == 0 {
		return ""
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("audit snapshot is not an object: %s", raw)
	}
	return string(m[name])
}

// publicCard is the public product card: its status and, when found, its price and stock.
func (s *caShop) publicCard(id int64) (status int, price string, stock int) {
	s.t.Helper()
	res := s.Do("GET", fmt.Sprintf("/api/products/%d", id), "")
	var card struct {
		Price string `json:"price"`
		Stock int    `json:"stock"`
	}
	if res.Status == http.StatusOK {
		res.JSON(s.t, &card)
	}
	return res.Status, card.Price, card.Stock
}

func (s *caShop) publicSlugs(query string) []string {
	s.t.Helper()
	res := s.Do("GET", "/api/products?"+query, "")
	if res.Status != http.StatusOK {
		s.t.Fatalf("GET /api/products?%s → %d %s", query, res.Status, res.Body)
	}
	var p page
	res.JSON(s.t, &p)
	return p.slugs()
}

func TestAdminCatalogCategoryList(t *testing.T) {
	t.Parallel()
	s := newCAShop(t)
	var got []string
	for _, c := range s.categories() {
		got = append(got, fmt.Sprintf("%s p%d products=%d children=%d root=%v", c.Slug, c.Position, c.ProductCount, c.ChildrenCount, c.ParentID == nil))
	}
	want := []string{ // roots first, then by position and name
		"aksessuary p0 products=1 children=0 root=true",
		"zhenshchinam p0 products=0 children=2 root=true",
		"norkovye-shuby p0 products=2 children=0 root=false",
		"sobolya p0 products=1 children=0 root=false",
		"shuby p1 products=0 children=2 root=false",
		"zhakety p2 products=3 children=0 root=false", // the hidden jacket counts too
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("GET /api/admin/categories (-want +got):\n%s", diff)
	}
}

func TestAdminCatalogCategoryCreateAndSlugs(t *testing.T) {
	t.Parallel()
	s := newCAShop(t)
	aks := s.category("aksessuary")
	shuby := s.category("shuby")

	// Slugs are transliterated from the Russian name and made unique with a number.
	first := s.createCategory(fmt.Sprintf(`{"name":"Собольи палантины","parent_id":%d}`, aks.ID))
	second := s.createCategory(fmt.Sprintf(`{"name":"  Собольи палантины ","parent_id":%d}`, aks.ID))
	mink := s.createCategory(fmt.Sprintf(`{"name":"Норковые шубы","parent_id":%d}`, shuby.ID)) // the fixture has norkovye-shuby
	if first.Slug != "soboli-palantiny" || second.Slug != "soboli-palantiny-2" || mink.Slug != "norkovye-shuby-2" {
		t.Errorf("slugs %q, %q, %q; want soboli-palantiny, soboli-palantiny-2, norkovye-shuby-2", first.Slug, second.Slug, mink.Slug)
	}
	if second.Name != "Собольи палантины" {
		t.Errorf("name %q: want it trimmed", second.Name)
	}
	// Without a position a category goes after its siblings.
	if first.Position != 0 || second.Position != 1 || mink.Position != 1 || *first.ParentID != aks.ID {
		t.Errorf("positions %d, %d, %d (parent %v); want 0, 1, 1 after the siblings", first.Position, second.Position, mink.Position, first.ParentID)
	}
	root := s.createCategory(`{"name":"Мужчинам","slug":"muzhchinam","position":7,"parent_id":null}`)
	if root.Slug != "muzhchinam" || root.ParentID != nil || root.Position != 7 || root.ProductCount != 0 {
		t.Errorf("created %+v; want the given slug and position, a root", root)
	}
	s.fails(http.StatusConflict, "slug_taken", "POST", "/api/admin/categories", `{"name":"Другое","slug":"muzhchinam"}`)
	s.fails(http.StatusConflict, "slug_taken", "POST", "/api/admin/categories", `{"name":"Другое","slug":"shuby"}`)

	// The new category is in the public tree at once.
	var tree []struct {
		Slug string `json:"slug"`
	}
	s.Do("GET", "/api/categories", "").JSON(t, &tree)
	found := false
	for _, c := range tree {
		found = found || c.Slug == "muzhchinam"
	}
	if !found {
		t.Errorf("GET /api/categories does not show the new root category: %+v", tree)
	}

	entries := s.audit("category", root.ID)
	if len(entries) != 1 || entries[0].Action != "category.create" || entries[0].Who.Email != s.adminEmail ||
		entries[0].Who.ID == nil || *entries[0].Who.ID != s.adminID || string(entries[0].Before) != "null" ||
		caField(t, entries[0].After, "slug") != `"muzhchinam"` {
		t.Errorf("audit of the created category: %+v", entries)
	}
}

func TestAdminCatalogCategoryUpdate(t *testing.T) {
	t.Parallel()
	s := newCAShop(t)
	women, shuby, mink, zhakety := s.category("zhenshchinam"), s.category("shuby"), s.category("norkovye-shuby"), s.category("zhakety")

	// Rename: the slug stays, so links stay valid.
	renamed := s.patchCategory(mink.ID, `{"name":"Шубы из норки"}`)
	if renamed.Name != "Шубы из норки" || renamed.Slug != "norkovye-shuby" || renamed.ProductCount != 2 {
		t.Errorf("renamed: %+v", renamed)
	}
	// A new slug, and one that is taken.
	if c := s.patchCategory(mink.ID, `{"slug":"shuby-iz-norki"}`); c.Slug != "shuby-iz-norki" {
		t.Errorf("slug %q after PATCH slug", c.Slug)
	}
	s.fails(http.StatusConflict, "slug_taken", "PATCH", fmt.Sprintf("/api/admin/categories/%d", mink.ID), `{"slug":"zhakety"}`)

	// Moves that would make a cycle are refused, and change nothing.
	e := s.fails(http.StatusConflict, "category_cycle", "PATCH", fmt.Sprintf("/api/admin/categories/%d", shuby.ID), fmt.Sprintf(`{"parent_id":%d}`, mink.ID))
	if e.Error.Fields["parent_id"] == "" {
		t.Errorf("category_cycle does not name parent_id: %+v", e)
	}
	s.fails(http.StatusConflict, "category_cycle", "PATCH", fmt.Sprintf("/api/admin/categories/%d", women.ID), fmt.Sprintf(`{"parent_id":%d}`, mink.ID))
	s.fails(http.StatusConflict, "category_cycle", "PATCH", fmt.Sprintf("/api/admin/categories/%d", shuby.ID), fmt.Sprintf(`{"parent_id":%d}`, shuby.ID))
	if c := s.category("shuby"); *c.ParentID != women.ID {
		t.Errorf("a refused move moved the category: %+v", c)
	}

	// Move to the root (null), then under another category; reorder.
	moved := s.patchCategory(zhakety.ID, `{"parent_id":null}`)
	if moved.ParentID != nil || moved.Position != 1 { // after the roots at position 0
		t.Errorf("made a root: %+v; want parent null, position 1", moved)
	}
	moved = s.patchCategory(zhakety.ID, fmt.Sprintf(`{"parent_id":%d,"position":0}`, shuby.ID))
	if moved.ParentID == nil || *moved.ParentID != shuby.ID || moved.Position != 0 {
		t.Errorf("moved under «Шубы»: %+v", moved)
	}
	if c := s.patchCategory(zhakety.ID, `{"position":9}`); c.Position != 9 || *c.ParentID != shuby.ID {
		t.Errorf("reordered: %+v", c)
	}
	if c := s.category("shuby"); c.ChildrenCount != 3 {
		t.Errorf("«Шубы» has %d children; want 3", c.ChildrenCount)
	}
	// The public listing of «Шубы» now covers the jackets (a subtree), hidden ones aside.
	if got := s.publicSlugs("category=shuby&sort_by=name"); !cmp.Equal(got, []string{"zhaket-vera", "zhaket-olga", "shuba-anna", "shuba-elena", "shuba-sobol"}) {
		t.Errorf("public listing of shuby after the move: %v", got)
	}

	// A PATCH that changes nothing writes nothing.
	before := len(s.audit("category", zhakety.ID))
	s.patchCategory(zhakety.ID, `{"position":9}`)
	s.patchCategory(zhakety.ID, `{}`)
	entries := s.audit("category", zhakety.ID)
	if len(entries) != before {
		t.Errorf("a PATCH without change was logged: %d entries, want %d", len(entries), before)
	}
	if diff := cmp.Diff([]string{"category.update", "category.update", "category.update"}, caActions(entries)); diff != "" {
		t.Errorf("audit actions (-want +got):\n%s", diff)
	}
	last := entries[0]
	if caField(t, last.Before, "position") != "0" || caField(t, last.After, "position") != "9" || last.Who.Email != s.adminEmail {
		t.Errorf("last audit entry: before %s after %s who %+v", last.Before, last.After, last.Who)
	}
}

// Two moves that are each fine alone, A under B and B under A, never both succeed: there is never a cycle.
func TestAdminCatalogConcurrentMovesMakeNoCycle(t *testing.T) {
	t.Parallel()
	s := newCAShop(t)
	a := s.createCategory(`{"name":"Категория А"}`)
	b := s.createCategory(`{"name":"Категория Б"}`)
	for round := range 8 {
		s.patchCategory(a.ID, `{"parent_id":null}`)
		s.patchCategory(b.ID, `{"parent_id":null}`)
		var wg sync.WaitGroup
		statuses := make([]int, 2)
		start := make(chan struct{})
		for i, pair := range [][2]int64{{a.ID, b.ID}, {b.ID, a.ID}} {
			wg.Go(func() {
				<-start
				statuses[i] = s.Do("PATCH", fmt.Sprintf("/api/admin/categories/%d", pair[0]), fmt.Sprintf(`{"parent_id":%d}`, pair[1]), s.admin...).Status
			})
		}
		close(start)
		wg.Wait()
		ok := 0
		for _, st := range statuses {
			if st == http.StatusOK {
				ok++
			} else if st != http.StatusConflict {
				t.Fatalf("round %d: a move answered %d", round, st)
			}
		}
		if ok != 1 {
			t.Fatalf("round %d: %d of the two crossing moves succeeded (%v); want exactly 1", round, ok, statuses)
		}
		if n := s.Scalar(`SELECT count(*) FROM categories WHERE (id = $1 AND parent_id = $2) OR (id = $2 AND parent_id = $1)`, a.ID, b.ID); n != 1 {
			t.Fatalf("round %d: %d of the two are under each other", round, n)
		}
	}
}

func TestAdminCatalogCategoryDelete(t *testing.T) {
	t.Parallel()
	s := newCAShop(t)
	women, mink := s.category("zhenshchinam"), s.category("norkovye-shuby")

	var notEmpty struct {
		Error struct {
			Code    string           `json:"code"`
			Message string           `json:"message"`
			Details map[string]int64 `json:"details"`
		} `json:"error"`
	}
	res := s.call(http.StatusConflict, "DELETE", fmt.Sprintf("/api/admin/categories/%d", women.ID), "")
	res.JSON(t, &notEmpty)
	if notEmpty.Error.Code != "category_not_empty" || notEmpty.Error.Details["children"] != 2 || notEmpty.Error.Details["products"] != 0 ||
		!strings.Contains(notEmpty.Error.Message, "2 subcategories") {
		t.Errorf("deleting «Женщинам» → %s", res.Body)
	}
	res = s.call(http.StatusConflict, "DELETE", fmt.Sprintf("/api/admin/categories/%d", mink.ID), "")
	res.JSON(t, &notEmpty)
	if notEmpty.Error.Details["products"] != 2 || !strings.Contains(notEmpty.Error.Message, "2 products") {
		t.Errorf("deleting «Норковые шубы» → %s", res.Body)
	}
	// An inactive product keeps its category too.
	s.Exec("UPDATE products SET category_id = (SELECT id FROM categories WHERE slug = 'aksessuary') WHERE slug <> 'zhaket-hidden'")
	s.fails(http.StatusConflict, "category_not_empty", "DELETE", fmt.Sprintf("/api/admin/categories/%d", s.category("zhakety").ID), "")

	empty := s.createCategory(fmt.Sprintf(`{"name":"Пустая","parent_id":%d}`, women.ID))
	s.call(http.StatusNoContent, "DELETE", fmt.Sprintf("/api/admin/categories/%d", empty.ID), "")
	s.fails(http.StatusNotFound, "category_not_found", "DELETE", fmt.Sprintf("/api/admin/categories/%d", empty.ID), "")
	s.fails(http.StatusNotFound, "category_not_found", "DELETE", "/api/admin/categories/abc", "")
	if diff := cmp.Diff([]string{"category.create", "category.delete"}, caActions(s.audit("category", empty.ID))); diff != "" {
		t.Errorf("audit of the deleted category (-want +got):\n%s", diff)
	}
	if e := s.audit("category", empty.ID)[0]; caField(t, e.Before, "name") != `"Пустая"` || string(e.After) != "null" {
		t.Errorf("category.delete before %s after %s", e.Before, e.After)
	}
}

func TestAdminCatalogCategoryBadInput(t *testing.T) {
	t.Parallel()
	s := newCAShop(t)
	shuby := s.category("shuby")
	long := strings.Repeat("ш", 201)
	for _, tc := range []struct {
		body, code, field string
	}{
		{`{}`, "required", "name"},
		{`{"name":""}`, "invalid_name", "name"},
		{`{"name":"   "}`, "invalid_name", "name"},
		{`{"name":"` + long + `"}`, "invalid_name", "name"},
		{`{"name":5}`, "invalid_type", "name"},
		{`{"name":null}`, "invalid_type", "name"},
		{`{"name":"Шубы\u0000"}`, "invalid_name", "name"},
		{`{"name":"Шубы","slug":"Shuby"}`, "invalid_slug", "slug"},
		{`{"name":"Шубы","slug":"shuby--2"}`, "invalid_slug", "slug"},
		{`{"name":"«»"}`, "invalid_slug", "slug"},
		{`{"name":"Шубы","parent_id":999999}`, "unknown_category", "parent_id"},
		{`{"name":"Шубы","parent_id":0}`, "invalid_parent_id", "parent_id"},
		{`{"name":"Шубы","parent_id":"3"}`, "invalid_type", "parent_id"},
		{`{"name":"Шубы","position":-1}`, "invalid_position", "position"},
		{`{"name":"Шубы","position":1.5}`, "invalid_type", "position"},
		{`{"name":"Шубы","colour":"red"}`, "unknown_field", "colour"},
		{`{"name":"","position":-1}`, "invalid_input", "position"},
	} {
		e := s.fails(http.StatusBadRequest, tc.code, "POST", "/api/admin/categories", tc.body)
		if e.Error.Fields[tc.field] == "" {
			t.Errorf("POST %s: fields %v do not name %s", tc.body, e.Error.Fields, tc.field)
		}
	}
	s.fails(http.StatusBadRequest, "malformed_json", "POST", "/api/admin/categories", `{"name":`)
	s.fails(http.StatusBadRequest, "malformed_json", "POST", "/api/admin/categories", `[1]`)
	s.fails(http.StatusUnsupportedMediaType, "unsupported_media_type", "POST", "/api/admin/categories", `{"name":"Шубы"}`, "Content-Type", "text/plain")

	path := fmt.Sprintf("/api/admin/categories/%d", shuby.ID)
	for _, tc := range []struct {
		body, code string
	}{
		{`{"name":null}`, "invalid_type"},
		{`{"slug":null}`, "invalid_type"},
		{`{"position":null}`, "invalid_type"},
		{`{"name":""}`, "invalid_name"},
		{`{"parent_id":999999}`, "unknown_category"},
		{`{"parent":1}`, "unknown_field"},
	} {
		s.fails(http.StatusBadRequest, tc.code, "PATCH", path, tc.body)
	}
	s.fails(http.StatusNotFound, "category_not_found", "PATCH", "/api/admin/categories/999999", `{"name":"Шубы"}`)
	s.fails(http.StatusNotFound, "category_not_found", "PATCH", "/api/admin/categories/0", `{"name":"Шубы"}`)
	if c := s.category("shuby"); c.Name != "Шубы" || len(s.categories()) != 6 {
		t.Errorf("bad input changed the catalog: %+v", c)
	}
	if n := s.Scalar("SELECT count(*) FROM audit_log"); n != 0 {
		t.Errorf("bad input wrote %d audit entries", n)
	}
}

func TestAdminCatalogProductLifecycle(t *testing.T) {
	t.Parallel()
	s := newCAShop(t)
	mink := s.category("norkovye-shuby")
	body := fmt.Sprintf(`{"name":"Норковая шуба «Вероника»","category_id":%d,"price":"150000","old_price":180000.5,"stock":2,
		"description":"Шуба до колена.","attributes":[{"name":"Мех","value":" Норка "},{"name":"Цвет","value":"Графит"}],
		"is_active":true,"marked_fur":true}`, mink.ID)
	start := time.Now()
	p := s.createProduct(body)
	if p.Slug != "norkovaya-shuba-veronika" || p.Name != "Норковая шуба «Вероника»" || p.Price != "150000.00" ||
		p.OldPrice == nil || *p.OldPrice != "180000.50" || p.Stock != 2 || p.Version != 1 || !p.IsActive || !p.MarkedFur ||
		p.CategoryID != mink.ID || p.Category.Slug != "norkovye-shuby" || len(p.Images) != 0 ||
		len(p.Attributes) != 2 || p.Attributes[0].Value != "Норка" || p.Description != "Шуба до колена." {
		t.Errorf("created %+v", p)
	}
	if p.CreatedAt.Before(start.Add(-time.Minute)) || !p.UpdatedAt.Equal(p.CreatedAt) {
		t.Errorf("created_at %v, updated_at %v", p.CreatedAt, p.UpdatedAt)
	}
	if twin := s.createProduct(body); twin.Slug != "norkovaya-shuba-veronika-2" {
		t.Errorf("the second product of the same name got the slug %q; want norkovaya-shuba-veronika-2", twin.Slug)
	}
	if got := s.product(p.ID); !cmp.Equal(got, p) {
		t.Errorf("GET after create differs (-created +got):\n%s", cmp.Diff(p, got))
	}
	// Defaults: no description, no attributes, on sale, not marked fur.
	plain := s.createProduct(fmt.Sprintf(`{"name":"Жилет","slug":"zhilet-iz-pestsa","category_id":%d,"price":16400,"stock":0}`, s.category("zhakety").ID))
	if plain.Slug != "zhilet-iz-pestsa" || plain.Description != "" || len(plain.Attributes) != 0 || !plain.IsActive || plain.MarkedFur || plain.OldPrice != nil {
		t.Errorf("defaults: %+v", plain)
	}
	if status, price, _ := s.publicCard(p.ID); status != http.StatusOK || price != "150000.00" {
		t.Errorf("public card of the new product → %d %s", status, price)
	}

	// Partial updates: each bumps the version; the public card follows at once.
	p2 := s.patchProduct(p.ID, `{"version":1,"price":"140000.00"}`)
	if p2.Price != "140000.00" || p2.Version != 2 || p2.Name != p.Name || *p2.OldPrice != "180000.50" || p2.Stock != 2 || !p2.UpdatedAt.After(p.UpdatedAt) {
		t.Errorf("after PATCH price: %+v", p2)
	}
	if _, price, _ := s.publicCard(p.ID); price != "140000.00" {
		t.Errorf("public card price %s after the change; want 140000.00", price)
	}
	if p3 := s.patchProduct(p.ID, `{"old_price":null,"attributes":[]}`); p3.OldPrice != nil || p3.Version != 3 || len(p3.Attributes) != 0 {
		t.Errorf("after old_price null: %+v", p3)
	}
	if p4 := s.patchProduct(p.ID, `{"price":"140000.00","name":"Норковая шуба «Вероника»"}`); p4.Version != 3 {
		t.Errorf("a PATCH that changes nothing bumped the version to %d", p4.Version)
	}
	// Hidden: gone from the public catalog, still in the back office.
	if p5 := s.patchProduct(p.ID, `{"is_active":false}`); p5.IsActive || p5.Version != 4 {
		t.Errorf("after is_active false: %+v", p5)
	}
	if status, _, _ := s.publicCard(p.ID); status != http.StatusNotFound {
		t.Errorf("public card of a hidden product → %d; want 404", status)
	}
	if slugs := s.publicSlugs("category=norkovye-shuby&sort_by=name"); !cmp.Equal(slugs, []string{"shuba-anna", "norkovaya-shuba-veronika-2", "shuba-elena"}) {
		t.Errorf("public listing shows %v; want the hidden product gone", slugs)
	}
	if got := s.products("is_active=false&q=вероник").slugs(); !cmp.Equal(got, []string{"norkovaya-shuba-veronika"}) {
		t.Errorf("admin listing of hidden products: %v", got)
	}
	s.patchProduct(p.ID, `{"is_active":true}`)
	if status, _, _ := s.publicCard(p.ID); status != http.StatusOK {
		t.Errorf("public card of a product activated again → %d", status)
	}

	// Deleted: gone everywhere; the audit log tells the whole story.
	s.call(http.StatusNoContent, "DELETE", fmt.Sprintf("/api/admin/products/%d", p.ID), "")
	s.fails(http.StatusNotFound, "product_not_found", "GET", fmt.Sprintf("/api/admin/products/%d", p.ID), "")
	s.fails(http.StatusNotFound, "product_not_found", "DELETE", fmt.Sprintf("/api/admin/products/%d", p.ID), "")
	s.fails(http.StatusNotFound, "product_not_found", "PATCH", fmt.Sprintf("/api/admin/products/%d", p.ID), `{"name":"Шуба"}`)
	if status, _, _ := s.publicCard(p.ID); status != http.StatusNotFound {
		t.Errorf("public card of a deleted product → %d", status)
	}
	entries := s.audit("product", p.ID)
	want := []string{"product.create", "product.update", "product.update", "product.update", "product.update", "product.delete"}
	if diff := cmp.Diff(want, caActions(entries)); diff != "" {
		t.Fatalf("audit actions (-want +got):\n%s", diff)
	}
	for _, e := range entries {
		if e.Who.Email != s.adminEmail || e.Who.ID == nil || *e.Who.ID != s.adminID || e.Object.Type != "product" || *e.Object.ID != p.ID {
			t.Errorf("%s: who %+v object %+v", e.Action, e.Who, e.Object)
		}
	}
	priceChange := entries[len(entries)-2]
	if caField(t, priceChange.Before, "price") != `"150000.00"` || caField(t, priceChange.After, "price") != `"140000.00"` ||
		caField(t, priceChange.Before, "version") != "1" || caField(t, priceChange.After, "version") != "2" {
		t.Errorf("price change logged as before %s → after %s", priceChange.Before, priceChange.After)
	}
	if del := entries[0]; caField(t, del.Before, "name") != `"Норковая шуба «Вероника»"` || string(del.After) != "null" {
		t.Errorf("delete logged as before %s → after %s", del.Before, del.After)
	}
	if create := entries[len(entries)-1]; string(create.Before) != "null" || caField(t, create.After, "slug") != `"norkovaya-shuba-veronika"` {
		t.Errorf("create logged as before %s → after %s", create.Before, create.After)
	}
}

func TestAdminCatalogProductBadInput(t *testing.T) {
	t.Parallel()
	s := newCAShop(t)
	mink := s.category("norkovye-shuby").ID
	valid := map[string]string{
		"name": `"Шуба «Тест»"`, "category_id": fmt.Sprint(mink), "price": `"100000.00"`, "stock": "1",
	}
	body := func(change map[string]string) string {
		fields := map[string]string{}
		for k, v := range valid {
			fields[k] = v
		}
		for k, v := range change {
			if v == "" {
				delete(fields, k)
			} else {
				fields[k] = v
			}
		}
		var parts []string
		for k, v := range fields {
			parts = append(parts, fmt.Sprintf("%q:%s", k, v))
		}
		return "{" + strings.Join(parts, ",") + "}"
	}
	manyAttrs := "[" + strings.TrimSuffix(strings.Repeat(`{"name":"Мех","value":"Норка"},`, 51), ",") + "]"
	for _, tc := range []struct {
		change map[string]string
		code   string
		field  string
	}{
		{map[string]string{"name": ""}, "required", "name"},
		{map[string]string{"price": ""}, "required", "price"},
		{map[string]string{"stock": ""}, "required", "stock"},
		{map[string]string{"category_id": ""}, "required", "category_id"},
		{map[string]string{"price": "-1"}, "invalid_price", "price"},
		{map[string]string{"price": `"-100.00"`}, "invalid_price", "price"},
		{map[string]string{"price": `"сто рублей"`}, "invalid_price", "price"},
		{map[string]string{"price": `"1.005"`}, "invalid_price", "price"},
		{map[string]string{"price": `1e5`}, "invalid_price", "price"},
		{map[string]string{"price": `"10000000000"`}, "invalid_price", "price"},
		{map[string]string{"price": "true"}, "invalid_price", "price"},
		{map[string]string{"price": "null"}, "invalid_type", "price"},
		{map[string]string{"old_price": `"100000.00"`}, "invalid_price", "old_price"},
		{map[string]string{"old_price": `"99999.99"`}, "invalid_price", "old_price"},
		{map[string]string{"old_price": `-5`}, "invalid_price", "old_price"},
		{map[string]string{"stock": "-1"}, "invalid_stock", "stock"},
		{map[string]string{"stock": "1000001"}, "invalid_stock", "stock"},
		{map[string]string{"stock": `"5"`}, "invalid_type", "stock"},
		{map[string]string{"stock": "1.5"}, "invalid_type", "stock"},
		{map[string]string{"name": `""`}, "invalid_name", "name"},
		{map[string]string{"name": `"` + strings.Repeat("ш", 301) + `"`}, "invalid_name", "name"},
		{map[string]string{"name": "null"}, "invalid_type", "name"},
		{map[string]string{"name": `"«»"`}, "invalid_slug", "slug"},
		{map[string]string{"slug": `"Шуба"`}, "invalid_slug", "slug"},
		{map[string]string{"slug": `"-shuba"`}, "invalid_slug", "slug"},
		{map[string]string{"category_id": "999999"}, "unknown_category", "category_id"},
		{map[string]string{"category_id": `"shuby"`}, "invalid_type", "category_id"},
		{map[string]string{"category_id": "0"}, "invalid_category_id", "category_id"},
		{map[string]string{"attributes": `{"Мех":"Норка"}`}, "invalid_type", "attributes"},
		{map[string]string{"attributes": `[{"name":"","value":"Норка"}]`}, "invalid_attributes", "attributes[0]"},
		{map[string]string{"attributes": `[{"name":"Мех","value":"Норка","colour":"red"}]`}, "unknown_field", "colour"},
		{map[string]string{"attributes": manyAttrs}, "invalid_attributes", "attributes"},
		{map[string]string{"description": `"` + strings.Repeat("ш", 20001) + `"`}, "invalid_description", "description"},
		{map[string]string{"description": "5"}, "invalid_type", "description"},
		{map[string]string{"description": `"Шуба\u0000"`}, "invalid_description", "description"},
		{map[string]string{"name": `"Шуба\u0000"`}, "invalid_name", "name"},
		{map[string]string{"attributes": `[{"name":"Мех","value":"Норка\u0000"}]`}, "invalid_attributes", "attributes[0]"},
		{map[string]string{"is_active": `"yes"`}, "invalid_type", "is_active"},
		{map[string]string{"prise": `"1.00"`}, "unknown_field", "prise"},
		{map[string]string{"version": "1"}, "unknown_field", "version"},
		{map[string]string{"price": "-1", "stock": ""}, "invalid_input", "stock"},
	} {
		b := body(tc.change)
		e := s.fails(http.StatusBadRequest, tc.code, "POST", "/api/admin/products", b)
		if e.Error.Fields[tc.field] == "" {
			t.Errorf("POST %.120s: fields %v do not name %s", b, e.Error.Fields, tc.field)
		}
	}
	s.fails(http.StatusConflict, "slug_taken", "POST", "/api/admin/products", body(map[string]string{"slug": `"shuba-elena"`}))
	s.fails(http.StatusBadRequest, "malformed_json", "POST", "/api/admin/products", `{"name":"Шуба",`)
	s.fails(http.StatusUnsupportedMediaType, "unsupported_media_type", "POST", "/api/admin/products", body(nil), "Content-Type", "text/plain")
	if n := s.Scalar("SELECT count(*) FROM products"); n != 7 {
		t.Errorf("bad input created products: %d, want the 7 of the fixture", n)
	}

	elena := s.ID("shuba-elena") // 185000.00, no old price
	path := fmt.Sprintf("/api/admin/products/%d", elena)
	for _, tc := range []struct {
		body, code, field string
	}{
		{`{"version":0}`, "invalid_version", "version"},
		{`{"version":"1"}`, "invalid_type", "version"},
		{`{"old_price":"185000.00"}`, "invalid_price", "old_price"},
		{`{"old_price":"200000.00","price":"200000.01"}`, "invalid_price", "old_price"},
		{`{"price":-1}`, "invalid_price", "price"},
		{`{"stock":-5}`, "invalid_stock", "stock"},
		{`{"stock":null}`, "invalid_type", "stock"},
		{`{"category_id":999999}`, "unknown_category", "category_id"},
		{`{"name":null}`, "invalid_type", "name"},
		{`{"is_active":null}`, "invalid_type", "is_active"},
		{`{"images":[]}`, "unknown_field", "images"},
	} {
		s.fails(http.StatusBadRequest, tc.code, "PATCH", path, tc.body)
	}
	// A sale set, then a price raised above the old price: refused.
	s.patchProduct(elena, `{"old_price":"200000.00"}`)
	s.fails(http.StatusBadRequest, "invalid_price", "PATCH", path, `{"price":"200000.00"}`)
	s.fails(http.StatusConflict, "slug_taken", "PATCH", path, `{"slug":"shuba-anna"}`)
	s.fails(http.StatusNotFound, "product_not_found", "PATCH", "/api/admin/products/999999", `{"name":"Шуба"}`)
	s.fails(http.StatusNotFound, "product_not_found", "GET", "/api/admin/products/abc", "")
	s.fails(http.StatusUnsupportedMediaType, "unsupported_media_type", "PATCH", path, `{"name":"Шуба"}`, "Content-Type", "text/plain")
	if p := s.product(elena); p.Version != 2 || p.Price != "185000.00" || p.Slug != "shuba-elena" || p.Stock != 2 {
		t.Errorf("refused changes changed the product: %+v", p)
	}
}

func TestAdminCatalogVersionConflict(t *testing.T) {
	t.Parallel()
	s := newCAShop(t)
	elena := s.ID("shuba-elena")
	v := s.product(elena).Version
	s.patchProduct(elena, fmt.Sprintf(`{"version":%d,"name":"Норковая шуба «Елена» (новая)"}`, v))

	// Another admin saves from the version they loaded: refused, with the current version named.
	res := s.call(http.StatusConflict, "PATCH", fmt.Sprintf("/api/admin/products/%d", elena), fmt.Sprintf(`{"version":%d,"price":"1.00"}`, v))
	var conflict struct {
		Error struct {
			Code    string         `json:"code"`
			Message string         `json:"message"`
			Details map[string]int `json:"details"`
		} `json:"error"`
	}
	res.JSON(t, &conflict)
	if conflict.Error.Code != "version_conflict" || conflict.Error.Details["current_version"] != v+1 ||
		!strings.Contains(conflict.Error.Message, fmt.Sprint(v+1)) {
		t.Errorf("stale PATCH → %s", res.Body)
	}
	if p := s.product(elena); p.Price != "185000.00" || p.Version != v+1 {
		t.Errorf("a stale PATCH changed the product: %+v", p)
	}

	// Two admins save the same version at the same moment: exactly one wins, the other hears of it.
	for round := range 6 {
		p := s.product(elena)
		prices := []string{fmt.Sprintf("%d.00", 100000+round), fmt.Sprintf("%d.00", 200000+round)}
		statuses := make([]int, 2)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range prices {
			wg.Go(func() {
				<-start
				statuses[i] = s.Do("PATCH", fmt.Sprintf("/api/admin/products/%d", elena),
					fmt.Sprintf(`{"version":%d,"price":%q}`, p.Version, prices[i]), s.admin...).Status
			})
		}
		close(start)
		wg.Wait()
		winner := -1
		for i, st := range statuses {
			if st == http.StatusOK {
				winner = i
			}
		}
		if !(statuses[0] == http.StatusOK && statuses[1] == http.StatusConflict || statuses[0] == http.StatusConflict && statuses[1] == http.StatusOK) {
			t.Fatalf("round %d: two saves of version %d → %v; want one 200 and one 409", round, p.Version, statuses)
		}
		if got := s.product(elena); got.Version != p.Version+1 || got.Price != prices[winner] {
			t.Fatalf("round %d: version %d price %s; want %d and the winner's %s", round, got.Version, got.Price, p.Version+1, prices[winner])
		}
	}
	// Without a version, the last save wins (a partial update of other fields clobbers nothing).
	if p := s.patchProduct(elena, `{"description":"Новое описание."}`); p.Description != "Новое описание." || p.Name != "Норковая шуба «Елена» (новая)" {
		t.Errorf("PATCH without version: %+v", p)
	}
}

func TestAdminCatalogStock(t *testing.T) {
	t.Parallel()
	s := newCAShop(t)
	elena := s.ID("shuba-elena") // stock 2
	path := fmt.Sprintf("/api/admin/products/%d/stock", elena)
	v := s.product(elena).Version

	r := s.changeStock(elena, `{"delta":3,"reason":"поставка от 12.11"}`)
	if r.ProductID != elena || r.Stock != 5 || r.Movement.Delta != 3 || r.Movement.StockAfter != 5 || r.Movement.Reason != "поставка от 12.11" ||
		r.Movement.ActorID == nil || *r.Movement.ActorID != s.adminID || r.Movement.ActorEmail == nil || *r.Movement.ActorEmail != s.adminEmail {
		t.Errorf("delta +3 → %+v", r)
	}
	if r := s.changeStock(elena, `{"set":1,"reason":"  инвентаризация "}`); r.Stock != 1 || r.Movement.Delta != -4 || r.Movement.Reason != "инвентаризация" {
		t.Errorf("set 1 → %+v", r)
	}
	if s.Stock("shuba-elena") != 1 {
		t.Errorf("stock in the database %d; want 1", s.Stock("shuba-elena"))
	}
	if _, _, stock := s.publicCard(elena); stock != 1 {
		t.Errorf("public card stock %d; want 1", stock)
	}

	var negative struct {
		Error struct {
			Code    string         `json:"code"`
			Details map[string]int `json:"details"`
		} `json:"error"`
	}
	res := s.call(http.StatusConflict, "POST", path, `{"delta":-2,"reason":"брак"}`)
	res.JSON(t, &negative)
	if negative.Error.Code != "negative_stock" || negative.Error.Details["stock"] != 1 {
		t.Errorf("delta -2 of 1 → %s", res.Body)
	}
	s.fails(http.StatusConflict, "stock_too_large", "POST", path, `{"delta":1000000,"reason":"опечатка"}`)
	for _, tc := range []struct{ body, code, field string }{
		{`{"set":-1,"reason":"x"}`, "invalid_set", "set"},
		{`{"set":1000001,"reason":"x"}`, "invalid_set", "set"},
		{`{"delta":0,"reason":"x"}`, "invalid_delta", "delta"},
		{`{"delta":-1000001,"reason":"x"}`, "invalid_delta", "delta"},
		{`{"set":1,"delta":1,"reason":"x"}`, "invalid_input", "delta"},
		{`{"reason":"x"}`, "required", "set"},
		{`{"delta":1}`, "required", "reason"},
		{`{"delta":1,"reason":"   "}`, "invalid_reason", "reason"},
		{`{"delta":1,"reason":"брак\u0000"}`, "invalid_reason", "reason"},
		{`{"delta":1,"reason":"` + strings.Repeat("я", 251) + `"}`, "invalid_reason", "reason"},
		{`{"delta":"1","reason":"x"}`, "invalid_type", "delta"},
		{`{"delta":1.5,"reason":"x"}`, "invalid_type", "delta"},
		{`{"delta":1,"reason":"x","note":"y"}`, "unknown_field", "note"},
	} {
		if e := s.fails(http.StatusBadRequest, tc.code, "POST", path, tc.body); e.Error.Fields[tc.field] == "" {
			t.Errorf("POST %s: fields %v do not name %s", tc.body, e.Error.Fields, tc.field)
		}
	}
	s.fails(http.StatusNotFound, "product_not_found", "POST", "/api/admin/products/999999/stock", `{"delta":1,"reason":"x"}`)
	s.fails(http.StatusNotFound, "product_not_found", "GET", "/api/admin/products/999999/stock", "")
	s.fails(http.StatusUnsupportedMediaType, "unsupported_media_type", "POST", path, `{"delta":1,"reason":"x"}`, "Content-Type", "text/plain")
	if s.Stock("shuba-elena") != 1 {
		t.Fatalf("refused changes changed the stock to %d", s.Stock("shuba-elena"))
	}

	// A form sent back with the stock it showed changes nothing; another stock there is refused (orders
	// take stock without changing the version, so it could undo them): stock changes go through the endpoint.
	if p := s.patchProduct(elena, `{"stock":1,"name":"Норковая шуба «Елена»"}`); p.Stock != 1 || p.Version != v+2 {
		t.Errorf("PATCH with the current stock → stock %d version %d; want 1 and %d", p.Stock, p.Version, v+2)
	}
	if e := s.fails(http.StatusConflict, "stock_changed", "PATCH", fmt.Sprintf("/api/admin/products/%d", elena), `{"stock":4,"name":"Другая"}`); e.Error.Fields["stock"] == "" {
		t.Errorf("stock_changed does not name stock: %+v", e)
	}

	var hist struct {
		Count   int          `json:"count"`
		Next    *string      `json:"next"`
		Results []caMovement `json:"results"`
	}
	s.call(http.StatusOK, "GET", path, "").JSON(t, &hist)
	var got []string
	for _, m := range hist.Results {
		got = append(got, fmt.Sprintf("%+d → %d %s", m.Delta, m.StockAfter, m.Reason))
	}
	want := []string{"-4 → 1 инвентаризация", "+3 → 5 поставка от 12.11"}
	if diff := cmp.Diff(want, got); diff != "" || hist.Count != 2 || hist.Next != nil {
		t.Errorf("stock history (count %d; -want +got):\n%s", hist.Count, diff)
	}
	s.call(http.StatusOK, "GET", path+"?page_size=1&page=2", "").JSON(t, &hist)
	if len(hist.Results) != 1 || hist.Results[0].Reason != "поставка от 12.11" || hist.Next != nil || hist.Count != 2 {
		t.Errorf("page 2 of 1: %+v", hist)
	}
	s.fails(http.StatusNotFound, "page_not_found", "GET", path+"?page=5", "")
	s.fails(http.StatusBadRequest, "invalid_page_size", "GET", path+"?page_size=0", "")

	entries := s.audit("product", elena)
	if diff := cmp.Diff([]string{"product.stock", "product.stock"}, caActions(entries)); diff != "" {
		t.Fatalf("audit actions (-want +got):\n%s", diff)
	}
	first := entries[1]
	if caField(t, first.Before, "stock") != "2" || caField(t, first.After, "stock") != "5" || caField(t, first.After, "reason") != `"поставка от 12.11"` {
		t.Errorf("product.stock logged as before %s → after %s", first.Before, first.After)
	}
}

// Staff taking stock away at the same moment never take it below zero, and never lose an update.
func TestAdminCatalogConcurrentStockChanges(t *testing.T) {
	t.Parallel()
	s := newCAShop(t)
	palantin := s.ID("palantin") // stock 7
	const n = 12
	statuses := make([]int, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			statuses[i] = s.Do("POST", fmt.Sprintf("/api/admin/products/%d/stock", palantin), `{"delta":-1,"reason":"продано в салоне"}`, s.admin...).Status
		})
	}
	close(start)
	wg.Wait()
	count := map[int]int{}
	for _, st := range statuses {
		count[st]++
	}
	if diff := cmp.Diff(map[int]int{http.StatusOK: 7, http.StatusConflict: n - 7}, count); diff != "" {
		t.Errorf("answers (-want +got):\n%s", diff)
	}
	if got := s.Stock("palantin"); got != 0 {
		t.Errorf("stock %d after 7 of %d took one each; want 0", got, n)
	}
	if m := s.Scalar("SELECT count(*) FROM stock_movements WHERE product_id = $1", palantin); m != 7 {
		t.Errorf("%d movements recorded; want 7", m)
	}
}

func TestAdminCatalogProductList(t *testing.T) {
	t.Parallel()
	s := newCAShop(t)
	all := s.products("sort_by=name")
	if all.Count != 7 || len(all.Results) != 7 {
		t.Fatalf("all products: count %d, %d results; want the 7 of the fixture, the hidden one included", all.Count, len(all.Results))
	}
	for _, p := range all.Results {
		if p.Version < 1 || p.Category.Slug == "" || p.CreatedAt.IsZero() {
			t.Errorf("listed %+v", p)
		}
		hasPicture := p.Slug == "shuba-elena" || p.Slug == "zhaket-vera"
		if hasPicture != (p.Image != nil) || p.Image != nil && !strings.HasPrefix(*p.Image, "http") {
			t.Errorf("%s: image %v", p.Slug, p.Image)
		}
	}
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"is_active=false", []string{"zhaket-hidden"}},
		{"is_active=true&category=zhakety&sort_by=name", []string{"zhaket-vera", "zhaket-olga"}},
		{"category=zhakety&sort_by=-price", []string{"zhaket-hidden", "zhaket-olga", "zhaket-vera"}},
		{"category=shuby&sort_by=price", []string{"shuba-anna", "shuba-elena", "shuba-sobol"}},
		{"category=zhenshchinam&min_price=20000&max_price=185000&sort_by=price", []string{"zhaket-hidden", "shuba-anna", "shuba-elena"}},
		{"q=НОРК&sort_by=name", []string{"shuba-anna", "shuba-elena", "palantin"}},
		{"q=elena", []string{"shuba-elena"}},
		{"q=" + url.QueryEscape("«Скрыт"), []string{"zhaket-hidden"}},
		{"q=%25", []string{}},
		{"q=_", []string{}},
		{"q=zhaket-%25", []string{}},
		{"sort_by=created&page_size=2&page=1", []string{"shuba-elena", "shuba-anna"}},
	} {
		if got := s.products(tc.query).slugs(); !cmp.Equal(got, tc.want) {
			t.Errorf("GET /api/admin/products?%s → %v; want %v", tc.query, got, tc.want)
		}
	}
	p := s.products("page_size=3&sort_by=name&q=a")
	if p.Next == nil || !strings.Contains(*p.Next, "page=2") || !strings.Contains(*p.Next, "q=a") || p.Previous != nil {
		t.Errorf("paging links next %v previous %v", p.Next, p.Previous)
	}
	for _, tc := range []struct {
		query, code string
		status      int
	}{
		{"sort_by=cheap", "invalid_sort", 400},
		{"is_active=yes", "invalid_is_active", 400},
		{"min_price=abc", "invalid_price", 400},
		{"page=0", "invalid_page", 400},
		{"page_size=101", "invalid_page_size", 400},
		{"q=" + strings.Repeat("a", 201), "invalid_q", 400},
		{"q=%00", "invalid_query", 400},
		{"category=%00", "invalid_query", 400},
		{"q=%FF", "invalid_query", 400},
		{"category=" + url.QueryEscape("шубы"), "category_not_found", 404},
		{"sort_by=cheap&is_active=yes", "invalid_input", 400},
		{"category=dublenki", "category_not_found", 404},
		{"page=99", "page_not_found", 404},
	} {
		s.fails(tc.status, tc.code, "GET", "/api/admin/products?"+tc.query, "")
	}
}

// Deleting a product takes it out of carts; orders keep their lines as they were.
func TestAdminCatalogDeleteProductInCartsAndOrders(t *testing.T) {
	t.Parallel()
	s := newCAShop(t)
	anna := s.Customer("anna@mail.ru")
	s.AddToCart("palantin", 1, anna.Auth...)
	o, _ := s.PlaceOrder(http.StatusCreated, apptest.SeedOrder, anna.Auth...)
	s.AddToCart("zhaket-vera", 2, anna.Auth...)
	s.AddToCart("palantin", 1, anna.Auth...)
	s.changeStock(s.ID("palantin"), `{"delta":1,"reason":"возврат"}`)

	s.call(http.StatusNoContent, "DELETE", fmt.Sprintf("/api/admin/products/%d", s.ID("palantin")), "")
	if got := s.Cart(anna.Auth...).Quantities(); !cmp.Equal(got, map[string]int{"zhaket-vera": 2}) {
		t.Errorf("cart after the delete: %v; want only the jacket", got)
	}
	if got := s.Order(o.ID, anna.Auth...).Lines(t); !cmp.Equal(got, map[string]string{"Палантин из норки": "19990.50 × 1 = 19990.50"}) {
		t.Errorf("the order after the delete: %v", got)
	}
	if n := s.Scalar("SELECT count(*) FROM stock_movements WHERE product_id = $1", s.ID("palantin")); n != 0 {
		t.Errorf("%d stock movements of the deleted product remain", n)
	}
	if got := s.products("q=palantin").slugs(); len(got) != 0 {
		t.Errorf("admin listing still shows %v", got)
	}
}

// With the catalog cache on, a change made through the back office shows in the public catalog at once:
// the change tells this server's cache without waiting for NOTIFY.
func TestAdminCatalogPublicCatalogFollowsAtOnce(t *testing.T) {
	t.Parallel()
	s := newCAShop(t)
	s.WatchCatalog()

	vera := s.ID("zhaket-vera")
	for range 2 { // the second answer comes from the cache
		if status, price, stock := s.publicCard(vera); status != 200 || price != "16400.00" || stock != 5 {
			t.Fatalf("public card → %d %s %d", status, price, stock)
		}
		s.publicSlugs("category=zhakety")
	}
	s.patchProduct(vera, `{"price":"17900.00"}`)
	if _, price, _ := s.publicCard(vera); price != "17900.00" {
		t.Errorf("public card price %s right after the change; want 17900.00", price)
	}
	s.changeStock(vera, `{"set":9,"reason":"поставка"}`)
	if _, _, stock := s.publicCard(vera); stock != 9 {
		t.Errorf("public card stock %d right after the change; want 9", stock)
	}
	s.patchProduct(vera, `{"is_active":false}`)
	if got := s.publicSlugs("category=zhakety"); !cmp.Equal(got, []string{"zhaket-olga"}) {
		t.Errorf("public listing right after hiding: %v; want only zhaket-olga", got)
	}
	shuby := s.category("shuby")
	s.patchCategory(shuby.ID, `{"name":"Шубы и манто"}`)
	var tree []struct {
		Children []struct {
			Name string `json:"name"`
		} `json:"children"`
	}
	s.Do("GET", "/api/categories", "").JSON(t, &tree)
	names := fmt.Sprint(tree)
	if !strings.Contains(names, "Шубы и манто") {
		t.Errorf("public tree right after the rename: %s", names)
	}
}

// TestAdminCatalogWriteAnswers checks that the answers to writes, built from what was written rather than read
// back, are what a read returns afterwards; and that a slug as long as the database allows survives a form
// sent back.
func TestAdminCatalogWriteAnswers(t *testing.T) {
	t.Parallel()
	s := newCAShop(t)
	elena := s.ID("shuba-elena")
	// 200 bytes, the database's limit and longer than any made slug, set as a catalog import may.
	long := strings.Repeat("shuba-", 33) + "el"
	s.Exec("UPDATE products SET slug = $1 WHERE id = $2", long, elena)
	before := s.product(elena)
	moved := s.patchProduct(elena, fmt.Sprintf(`{"slug":%q,"name":"Шуба «Елена»","category_id":%d,"version":%d}`,
		long, s.category("zhakety").ID, before.Version))
	if moved.Slug != long || moved.Category.Slug != "zhakety" || moved.Version != before.Version+1 || !moved.UpdatedAt.After(before.UpdatedAt) {
		t.Errorf("after PATCH: %+v", moved)
	}
	if got := s.product(elena); !cmp.Equal(got, moved) {
		t.Errorf("GET after PATCH differs (-patched +got):\n%s", cmp.Diff(moved, got))
	}
	s.fails(http.StatusBadRequest, "invalid_slug", "PATCH", fmt.Sprintf("/api/admin/products/%d", elena), `{"slug":"`+long+`a"}`)

	shuby := s.category("shuby")
	created := s.createCategory(fmt.Sprintf(`{"name":"Дублёнки","parent_id":%d}`, shuby.ID))
	if got := s.category(created.Slug); !cmp.Equal(got, created) {
		t.Errorf("GET after create differs (-created +got):\n%s", cmp.Diff(created, got))
	}
	renamed := s.patchCategory(shuby.ID, `{"name":"Шубы и манто","position":5}`)
	if got := s.category("shuby"); !cmp.Equal(got, renamed) || renamed.ChildrenCount != shuby.ChildrenCount+1 {
		t.Errorf("GET after PATCH differs (-patched +got):\n%s", cmp.Diff(renamed, got))
	}
}
