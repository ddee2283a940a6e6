package catalog

import (
	"context"
	"fmt"

	"github.com/mekhaishuby/furstore/internal/catalog/internal/catalogdb"
	"github.com/mekhaishuby/furstore/internal/web"
)

// Category is a node of the category tree.
type Category struct {
	ID       int64       `json:"id"`
	Name     string      `json:"name"`
	Slug     string      `json:"slug"`
	ParentID *int64      `json:"parent_id"`
	Children []*Category `json:"children"`
	Meta     Meta        `json:"-"` // its page's (GET /api/categories/{slug}), not the tree's
}

// Tree is an immutable snapshot of the category tree with the lookups the catalog needs. It is built once per
// catalog change and shared by every request until the next change.
type Tree struct {
	Roots  []*Category
	byID   map[int64]*Category
	bySlug map[string]*Category
	allIDs []int64

	// JSON and ETag are the GET /api/categories answer, rendered once per snapshot.
	JSON []byte
	ETag string
}

func buildTree(rows []catalogdb.ListCategoriesRow) (*Tree, error) {
	t := &Tree{byID: make(map[int64]*Category, len(rows)), bySlug: make(map[string]*Category, len(rows))}
	for _, r := range rows {
		c := &Category{ID: r.ID, Name: r.Name, Slug: r.Slug, ParentID: r.ParentID, Children: []*Category{},
			Meta: Meta{Title: r.MetaTitle, Description: r.MetaDescription}}
		t.byID[c.ID] = c
		t.bySlug[c.Slug] = c
		t.allIDs = append(t.allIDs, c.ID)
	}
	// rows come in display order, so appending keeps siblings ordered.
	for _, r := range rows {
		c := t.byID[r.ID]
		if r.ParentID == nil {
			t.Roots = append(t.Roots, c)
			continue
		}
		parent, ok := t.byID[*r.ParentID]
		if !ok {
			return nil, fmt.Errorf("category %d has unknown parent %d", r.ID, *r.ParentID)
		}
		parent.Children = append(parent.Children, c)
	}
	if t.Roots == nil {
		t.Roots = []*Category{}
	}
	b, err := web.Marshal(t.Roots)
	if err != nil {
		return nil, err
	}
	t.JSON, t.ETag = b, web.ETagOf(b)
	return t, nil
}

// BySlug finds a category by its slug.
func (t *Tree) BySlug(slug string) (*Category, bool) {
	c, ok := t.bySlug[slug]
	return c, ok
}

// Ref returns the short form of a category for product JSON.
func (t *Tree) Ref(id int64) CategoryRef {
	c, ok := t.byID[id]
	if !ok {
		return CategoryRef{ID: id}
	}
	return CategoryRef{ID: c.ID, Slug: c.Slug, Name: c.Name}
}

// SubtreeIDs returns the ids of c and all its descendants. A listing by category covers all of them.
func (t *Tree) SubtreeIDs(c *Category) []int64 {
	ids := []int64{c.ID}
	for i := 0; i < len(ids); i++ {
		for _, child := range t.byID[ids[i]].Children {
			ids = append(ids, child.ID)
		}
	}
	return ids
}

// AllIDs returns every category id: a listing without a category covers the whole catalog.
func (t *Tree) AllIDs() []int64 { return t.allIDs }

func loadTree(ctx context.Context, q *catalogdb.Queries) (*Tree, error) {
	rows, err := q.ListCategories(ctx)
	if err != nil {
		return nil, fmt.Errorf("load categories: %w", err)
	}
	return buildTree(rows)
}
