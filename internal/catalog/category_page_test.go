package catalog_test

import (
	"net/http"
	"strings"
	"testing"

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
