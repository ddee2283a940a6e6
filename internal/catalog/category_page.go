package catalog

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/web"
)

// shopName is how titles and descriptions name the shop.
const shopName = "«Меха и Шубы»"

// categoryPageJSON is one category as a storefront's category page needs it: where it sits (breadcrumbs, root
// first, the category itself last), what is under it, and what a search engine is shown.
type categoryPageJSON struct {
	ID              int64         `json:"id"`
	Name            string        `json:"name"`
	Slug            string        `json:"slug"`
	ParentID        *int64        `json:"parent_id"`
	Breadcrumbs     []CategoryRef `json:"breadcrumbs"`
	Children        []*Category   `json:"children"`
	MetaTitle       string        `json:"meta_title"`
	MetaDescription string        `json:"meta_description"`
}

// Breadcrumbs returns the way from the root to c, root first and c last.
func (t *Tree) Breadcrumbs(c *Category) []CategoryRef {
	var path []CategoryRef
	for n := c; n != nil; {
		path = append(path, CategoryRef{ID: n.ID, Slug: n.Slug, Name: n.Name})
		if n.ParentID == nil {
			break
		}
		n = t.byID[*n.ParentID]
	}
	for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
		path[i], path[j] = path[j], path[i]
	}
	return path
}

// categoryMeta is the title and description a category page gets: its name and where it sits.
func categoryMeta(path []CategoryRef) (title, description string) {
	names := make([]string, len(path))
	for i, c := range path {
		names[i] = c.Name
	}
	name := names[len(names)-1]
	title = fmt.Sprintf("%s — купить в интернет-магазине %s", name, shopName)
	description = fmt.Sprintf("%s в интернет-магазине %s: %s. Натуральный мех, размеры в наличии, доставка и самовывоз.",
		name, shopName, strings.Join(names, " › "))
	return title, description
}

// Category serves GET /api/categories/{slug}: one category with its breadcrumbs and children.
func (h *Handlers) Category(w http.ResponseWriter, r *http.Request) error {
	slug := r.PathValue("slug")
	notFound := apperr.New(apperr.NotFound, "category_not_found", fmt.Sprintf("no category with slug %q", slug))
	if !slugPattern.MatchString(slug) || len(slug) > maxNameLen {
		return notFound
	}
	return h.cached(w, r, "category "+slug, func() ([]byte, stamp, error) {
		tree, err := h.svc.Tree(r.Context())
		if err != nil {
			return nil, stamp{}, err
		}
		c, ok := tree.BySlug(slug)
		if !ok {
			return nil, stamp{}, notFound
		}
		path := tree.Breadcrumbs(c)
		title, description := categoryMeta(path)
		title, description = c.Meta.or(title, description)
		body, err := web.Marshal(categoryPageJSON{ID: c.ID, Name: c.Name, Slug: c.Slug, ParentID: c.ParentID, Breadcrumbs: path,
			Children: c.Children, MetaTitle: title, MetaDescription: description})
		return body, noStockShown, err
	})
}

// maxMetaDescription is about what a search engine shows of a page's description.
const maxMetaDescription = 160

// productMeta is the title and description a product's page gets: its name and price, and the beginning of
// its description (else its category and characteristics).
func productMeta(c Card) (title, description string) {
	price := "за " + c.Price.String()
	for _, v := range c.Variants {
		if v.Price != c.Price { // sizes at other prices: the card's is the lowest
			price = "от " + c.Price.String()
		}
	}
	title = fmt.Sprintf("%s — купить %s ₽ в интернет-магазине %s", c.Name, price, shopName)
	description = strings.Join(strings.Fields(c.Description), " ")
	if description == "" {
		parts := []string{c.Name}
		if c.Category.Name != "" {
			parts = append(parts, c.Category.Name)
		}
		for _, a := range c.Attributes {
			parts = append(parts, a.Name+": "+a.Value)
		}
		description = strings.Join(parts, ". ") + "."
	}
	if r := []rune(description); len(r) > maxMetaDescription {
		description = strings.TrimRight(string(r[:maxMetaDescription-1]), " ,.;:") + "…"
	}
	return c.Meta.or(title, description)
}

// or is m's title and description where staff set them, else the ones given.
func (m Meta) or(title, description string) (string, string) {
	if m.Title != nil {
		title = *m.Title
	}
	if m.Description != nil {
		description = *m.Description
	}
	return title, description
}
