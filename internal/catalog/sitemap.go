package catalog

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/mekhaishuby/furstore/internal/apperr"
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

type sitemapRef struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod"`
}

type sitemapIndex struct {
	XMLName  xml.Name     `xml:"sitemapindex"`
	XMLNS    string       `xml:"xmlns,attr"`
	Sitemaps []sitemapRef `xml:"sitemap"`
}

// sitemapMaxURLs is what one sitemap file may hold (sitemaps.org); a bigger catalog's /sitemap.xml is an index
// of files of that many, /sitemaps/1.xml, /sitemaps/2.xml …
const sitemapMaxURLs = 50_000

const sitemapXMLNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

// Sitemap serves GET /sitemap.xml: every category and active product page of the storefront under PUBLIC_URL,
// with when it last changed, as search engines read it (sitemaps.org), or, past sitemapMaxURLs, the index of
// the files that hold them. Rendered once per catalog change.
func (h *Handlers) Sitemap(w http.ResponseWriter, r *http.Request) error {
	return h.sitemapFile(w, r, 0)
}

// SitemapPart serves GET /sitemaps/{n}.xml, the n-th file of a sitemap split by /sitemap.xml's index.
func (h *Handlers) SitemapPart(w http.ResponseWriter, r *http.Request) error {
	n, err := strconv.Atoi(strings.TrimSuffix(r.PathValue("file"), ".xml"))
	if err != nil || n < 1 || !strings.HasSuffix(r.PathValue("file"), ".xml") {
		return errNoSitemap
	}
	return h.sitemapFile(w, r, n)
}

var errNoSitemap = apperr.New(apperr.NotFound, "not_found", "no such sitemap file")

// sitemapFile serves file n of the sitemap, 0 being /sitemap.xml.
func (h *Handlers) sitemapFile(w http.ResponseWriter, r *http.Request, n int) error {
	key := "sitemap " + strconv.Itoa(n)
	gen, cacheable := h.svc.Generation()
	if cacheable {
		if a, ok := h.cache.get(gen, key); ok {
			writeSitemap(w, r, a)
			return nil
		}
	}
	urls, err := h.sitemapURLs(r)
	if err != nil {
		return err
	}
	body, ok, err := renderSitemap(urls, h.publicURL, sitemapMaxURLs, n)
	if err != nil {
		return err
	}
	if !ok {
		return errNoSitemap
	}
	a := answer{Cached: web.Cached{Body: body, ETag: web.ETagOf(body)}, stamp: noStockShown}
	if cacheable {
		h.cache.put(gen, key, a)
	}
	writeSitemap(w, r, a)
	return nil
}

func (h *Handlers) sitemapURLs(r *http.Request) ([]sitemapURL, error) {
	cats, err := h.svc.q.SitemapCategories(r.Context())
	if err != nil {
		return nil, fmt.Errorf("sitemap categories: %w", err)
	}
	products, err := h.svc.q.SitemapProducts(r.Context())
	if err != nil {
		return nil, fmt.Errorf("sitemap products: %w", err)
	}
	urls := make([]sitemapURL, 0, len(cats)+len(products))
	for _, c := range cats {
		urls = append(urls, sitemapURL{Loc: h.publicURL + categoryPagePath + url.PathEscape(c.Slug), LastMod: lastMod(c.UpdatedAt)})
	}
	for _, p := range products {
		urls = append(urls, sitemapURL{Loc: h.publicURL + productPagePath + url.PathEscape(p.Slug), LastMod: lastMod(p.UpdatedAt)})
	}
	return urls, nil
}

// renderSitemap renders file n (0: /sitemap.xml) of the sitemap of urls split into files of at most per
// URLs. Up to per URLs, /sitemap.xml holds them all and there is no other file; past it, /sitemap.xml is the
// index of the files, each with the latest change among its URLs. ok is false for a file that does not exist.
func renderSitemap(urls []sitemapURL, publicURL string, per, n int) (body []byte, ok bool, err error) {
	files := (len(urls) + per - 1) / per
	var doc any
	switch {
	case n == 0 && files <= 1:
		doc = sitemapURLSet{XMLNS: sitemapXMLNS, URLs: urls}
	case n == 0:
		index := sitemapIndex{XMLNS: sitemapXMLNS}
		for i := range files {
			part := urls[i*per : min(len(urls), (i+1)*per)]
			latest := ""
			for _, u := range part {
				latest = max(latest, u.LastMod) // RFC 3339 in UTC sorts as text
			}
			index.Sitemaps = append(index.Sitemaps, sitemapRef{Loc: fmt.Sprintf("%s/sitemaps/%d.xml", publicURL, i+1), LastMod: latest})
		}
		doc = index
	case files > 1 && n <= files:
		doc = sitemapURLSet{XMLNS: sitemapXMLNS, URLs: urls[(n-1)*per : min(len(urls), n*per)]}
	default:
		return nil, false, nil
	}
	b, err := xml.Marshal(doc)
	if err != nil {
		return nil, false, err
	}
	return append([]byte(xml.Header), b...), true, nil
}

func lastMod(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func writeSitemap(w http.ResponseWriter, r *http.Request, a answer) {
	w.Header().Set("ETag", a.ETag)
	w.Header().Set("Cache-Control", "public, max-age=3600")
	if web.NoneMatch(r, a.ETag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	_, _ = w.Write(a.Body)
}
