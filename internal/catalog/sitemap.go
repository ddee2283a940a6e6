package catalog

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/mekhaishuby/furstore/internal/web"
)

// The storefront's pages a sitemap names, under PUBLIC_URL: a category's at /catalog/{slug}, a product's at
// /product/{slug}.
const (
	categoryPagePath = "/catalog/"
	productPagePath  = "/product/"
)

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod"`
}

type sitemapURLSet struct {
	XMLName xml.Name     `xml:"urlset"`
	XMLNS   string       `xml:"xmlns,attr"`
	URLs    []sitemapURL `xml:"url"`
}

// Sitemap serves GET /sitemap.xml: every category and active product page of the storefront under PUBLIC_URL,
// with when it last changed, as search engines read it (sitemaps.org). Rendered once per catalog change.
func (h *Handlers) Sitemap(w http.ResponseWriter, r *http.Request) error {
	gen, cacheable := h.svc.Generation()
	if cacheable {
		if a, ok := h.cache.get(gen, "sitemap"); ok {
			writeSitemap(w, r, a)
			return nil
		}
	}
	body, err := h.renderSitemap(r)
	if err != nil {
		return err
	}
	a := answer{body: body, etag: web.ETagOf(body)}
	if cacheable {
		h.cache.put(gen, "sitemap", a)
	}
	writeSitemap(w, r, a)
	return nil
}

func (h *Handlers) renderSitemap(r *http.Request) ([]byte, error) {
	cats, err := h.svc.q.SitemapCategories(r.Context())
	if err != nil {
		return nil, fmt.Errorf("sitemap categories: %w", err)
	}
	products, err := h.svc.q.SitemapProducts(r.Context())
	if err != nil {
		return nil, fmt.Errorf("sitemap products: %w", err)
	}
	set := sitemapURLSet{XMLNS: "http://www.sitemaps.org/schemas/sitemap/0.9", URLs: make([]sitemapURL, 0, len(cats)+len(products))}
	for _, c := range cats {
		set.URLs = append(set.URLs, sitemapURL{Loc: h.publicURL + categoryPagePath + url.PathEscape(c.Slug), LastMod: lastMod(c.UpdatedAt)})
	}
	for _, p := range products {
		set.URLs = append(set.URLs, sitemapURL{Loc: h.publicURL + productPagePath + url.PathEscape(p.Slug), LastMod: lastMod(p.UpdatedAt)})
	}
	body, err := xml.Marshal(set)
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), body...), nil
}

func lastMod(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func writeSitemap(w http.ResponseWriter, r *http.Request, a answer) {
	w.Header().Set("ETag", a.etag)
	w.Header().Set("Cache-Control", "public, max-age=3600")
	if web.NoneMatch(r, a.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	_, _ = w.Write(a.body)
}
