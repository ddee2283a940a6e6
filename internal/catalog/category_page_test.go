package catalog_test

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/mekhaishuby/furstore/internal/apptest"
)

// A category page: its breadcrumbs from the root, its children, and a title and description made from them.
func TestCategoryPage(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	var c struct {
		Slug        string `json:"slug"`
		ParentID    *int64 `json:"parent_id"`
		Breadcrumbs []struct {
			Slug string `json:"slug"`
			Name string `json:"name"`
		} `json:"breadcrumbs"`
		Children []struct {
			Slug string `json:"slug"`
		} `json:"children"`
		MetaTitle       string `json:"meta_title"`
		MetaDescription string `json:"meta_description"`
	}
	var tree []struct {
		Slug     string `json:"slug"`
		Children []struct {
			Slug string `json:"slug"`
		} `json:"children"`
	}
	s.Do("GET", "/api/categories", "").JSON(t, &tree)
	var root, child string
	for _, r := range tree {
		if len(r.Children) > 0 {
			root, child = r.Slug, r.Children[0].Slug
			break
		}
	}
	if root == "" {
		t.Fatal("the test catalog has no category with children")
	}
	res := s.Do("GET", "/api/categories/"+child, "")
	if res.Status != http.StatusOK {
		t.Fatalf("GET /api/categories/%s → %d %s", child, res.Status, res.Body)
	}
	res.JSON(t, &c)
	if len(c.Breadcrumbs) != 2 || c.Breadcrumbs[0].Slug != root || c.Breadcrumbs[1].Slug != child || c.ParentID == nil {
		t.Errorf("breadcrumbs of %s: %+v; want %s then %s", child, c.Breadcrumbs, root, child)
	}
	name := c.Breadcrumbs[1].Name
	if !strings.HasPrefix(c.MetaTitle, name) || !strings.Contains(c.MetaDescription, c.Breadcrumbs[0].Name+" › "+name) {
		t.Errorf("meta: %q / %q", c.MetaTitle, c.MetaDescription)
	}
	s.Do("GET", "/api/categories/"+root, "").JSON(t, &c)
	if len(c.Breadcrumbs) != 1 || c.ParentID != nil || len(c.Children) == 0 || c.Children[0].Slug != child {
		t.Errorf("the root %s: %+v", root, c)
	}
	for _, slug := range []string{"no-such-category", "Шубы", "a%2Fb", strings.Repeat("a", 300)} {
		if res := s.Do("GET", "/api/categories/"+slug, ""); res.Status != http.StatusNotFound || apptest.ErrorOf(t, res).Error.Code != "category_not_found" {
			t.Errorf("GET /api/categories/%s → %d %s; want 404 category_not_found", slug, res.Status, res.Body)
		}
	}
}

// /sitemap.xml names every category page and every active product page under PUBLIC_URL, with its last change;
// an inactive product is not there, and a product changed shows its new date at once.
func TestSitemap(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	read := func() map[string]string {
		t.Helper()
		res := s.Do("GET", "/sitemap.xml", "")
		if res.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/xml") {
			t.Fatalf("GET /sitemap.xml → %d %s %.200s", res.Status, res.Header.Get("Content-Type"), res.Body)
		}
		var set struct {
			URLs []struct {
				Loc     string `xml:"loc"`
				LastMod string `xml:"lastmod"`
			} `xml:"url"`
		}
		if err := xml.Unmarshal(res.Body, &set); err != nil {
			t.Fatalf("not a sitemap: %v", err)
		}
		out := map[string]string{}
		for _, u := range set.URLs {
			out[u.Loc] = u.LastMod
		}
		return out
	}
	urls := read()
	base := apptest.Frontend
	categories := s.Scalar(`SELECT count(*) FROM categories`)
	active := s.Scalar(`SELECT count(*) FROM products WHERE is_active`)
	if len(urls) != categories+active {
		t.Errorf("%d URLs; want %d categories and %d active products", len(urls), categories, active)
	}
	if _, ok := urls[base+"/product/zhaket-vera"]; !ok {
		t.Errorf("no page of an active product: %v", urls)
	}
	if _, ok := urls[base+"/product/zhaket-hidden"]; ok {
		t.Error("an inactive product is in the sitemap")
	}
	s.Exec(`UPDATE products SET name = 'Жакет «Вера» новый', updated_at = '2030-01-02T03:04:05Z' WHERE slug = 'zhaket-vera'`)
	apptest.WaitFor(t, func() bool { return read()[base+"/product/zhaket-vera"] == "2030-01-02T03:04:05Z" })
}

// A product card's title and description for search engines: its name and price, and its description, else
// its category and characteristics.
func TestProductMeta(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	var c struct {
		MetaTitle       string `json:"meta_title"`
		MetaDescription string `json:"meta_description"`
	}
	s.Do("GET", fmt.Sprintf("/api/products/%d", s.ID("shuba-elena")), "").JSON(t, &c)
	if !strings.HasPrefix(c.MetaTitle, "Норковая шуба «Елена» — купить за 185000.00 ₽") || c.MetaDescription != "Длинная шуба." {
		t.Errorf("with a description: %q / %q", c.MetaTitle, c.MetaDescription)
	}
	s.Do("GET", fmt.Sprintf("/api/products/%d", s.ID("shuba-anna")), "").JSON(t, &c)
	if c.MetaDescription != "Норковая шуба «Анна». Норковые шубы." {
		t.Errorf("without one: %q", c.MetaDescription)
	}
	// A size at another price: the title says «от» the lowest.
	boss := s.Staff("boss@mekha.ru")
	if res := s.Do("POST", fmt.Sprintf("/api/admin/products/%d/variants", s.ID("zhaket-vera")), `{"size":"46","stock":1,"price":"15000"}`, boss...); res.Status != http.StatusCreated {
		t.Fatalf("new size → %d %s", res.Status, res.Body)
	}
	apptest.WaitFor(t, func() bool {
		s.Do("GET", fmt.Sprintf("/api/products/%d", s.ID("zhaket-vera")), "").JSON(t, &c)
		return strings.HasPrefix(c.MetaTitle, "Жакет «Вера» — купить от 15000.00 ₽")
	})
	s.Exec(`UPDATE products SET description = repeat('Мех. ', 100) WHERE slug = 'shuba-anna'`)
	apptest.WaitFor(t, func() bool {
		s.Do("GET", fmt.Sprintf("/api/products/%d", s.ID("shuba-anna")), "").JSON(t, &c)
		return strings.HasPrefix(c.MetaDescription, "Мех. Мех.")
	})
	if n := utf8.RuneCountInString(c.MetaDescription); n > 160 || !strings.HasSuffix(c.MetaDescription, "…") {
		t.Errorf("a long description: %d characters, %q", n, c.MetaDescription)
	}
}

// Staff set what search engines are shown of a product's and a category's page; clearing it brings back the
// one made from the page; bad values are refused with nothing changed.
func TestStaffSetMeta(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	boss := s.Staff("boss@mekha.ru")
	elena := s.ID("shuba-elena")
	cat := s.Scalar(`SELECT id FROM categories WHERE slug = 'norkovye-shuby'`)
	put := func(want int, path, body string) {
		t.Helper()
		if res := s.Do("PUT", path, body, boss...); res.Status != want {
			t.Fatalf("PUT %s %s → %d %s; want %d", path, body, res.Status, res.Body, want)
		}
	}
	var card, page struct {
		MetaTitle       string `json:"meta_title"`
		MetaDescription string `json:"meta_description"`
	}
	productPath, categoryPath := fmt.Sprintf("/api/admin/products/%d/meta", elena), fmt.Sprintf("/api/admin/categories/%d/meta", cat)
	put(http.StatusOK, productPath, `{"meta_title":"  Шуба «Елена» из норки — цена и фото ","meta_description":"Лучшая шуба."}`)
	put(http.StatusOK, categoryPath, `{"meta_title":"Норковые шубы в Москве"}`)
	apptest.WaitFor(t, func() bool {
		s.Do("GET", fmt.Sprintf("/api/products/%d", elena), "").JSON(t, &card)
		s.Do("GET", "/api/categories/norkovye-shuby", "").JSON(t, &page)
		return card.MetaTitle == "Шуба «Елена» из норки — цена и фото" && page.MetaTitle == "Норковые шубы в Москве"
	})
	if card.MetaDescription != "Лучшая шуба." || !strings.Contains(page.MetaDescription, "Шубы › Норковые шубы") {
		t.Errorf("set: card %q, category page (description made from the tree) %q", card.MetaDescription, page.MetaDescription)
	}
	for _, bad := range []string{`{"meta_title":"` + strings.Repeat("ш", 201) + `"}`, `{"meta_title":"a\u0000b"}`,
		`{"meta_description":"` + strings.Repeat("ш", 501) + `"}`, `{"meta_title":1}`, `{"title":"x"}`} {
		put(http.StatusBadRequest, productPath, bad)
	}
	put(http.StatusNotFound, "/api/admin/products/999999/meta", `{}`)
	put(http.StatusNotFound, "/api/admin/categories/999999/meta", `{}`)
	put(http.StatusOK, productPath, `{"meta_title":null,"meta_description":""}`)
	apptest.WaitFor(t, func() bool {
		s.Do("GET", fmt.Sprintf("/api/products/%d", elena), "").JSON(t, &card)
		return strings.HasPrefix(card.MetaTitle, "Норковая шуба «Елена» — купить за")
	})
	if n := s.Scalar(`SELECT count(*) FROM audit_log WHERE action IN ('product.meta', 'category.meta')`); n != 3 {
		t.Errorf("%d audit entries; want 3", n)
	}
}
