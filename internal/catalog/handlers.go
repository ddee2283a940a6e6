package catalog

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/web"
)

// Handlers serve the catalog over HTTP.
type Handlers struct {
	svc       *Service
	mediaURL  string // absolute base URL of pictures; empty = this server's /media/
	publicURL string // PUBLIC_URL, the storefront's address, for the sitemap's links
	cache     *answerCache
	rendering singleflight.Group // renders under way, by cache key
	// hits and misses count the answer cache's lookups, for the operator's metrics.
	hits, misses atomic.Uint64
}

// CacheCounts returns how many catalog answers came from the answer cache and how many were rendered.
func (h *Handlers) CacheCounts() (hits, misses uint64) { return h.hits.Load(), h.misses.Load() }

// NewHandlers returns the catalog's HTTP handlers. mediaURL is MEDIA_URL (may be empty); cacheBytes is how much
// memory rendered answers may take between catalog changes (0: no caching).
func NewHandlers(svc *Service, mediaURL, publicURL string, cacheBytes int) *Handlers {
	return &Handlers{svc: svc, mediaURL: mediaURL, publicURL: strings.TrimSuffix(publicURL, "/"), cache: newAnswerCache(cacheBytes)}
}

// cached answers from the cache when it can, else renders with render and keeps the result. Only successful
// answers are kept, and only while the service is sure to hear of catalog changes; an answer that shows stock
// is served from the cache only while the stock of its products has not moved (render's stamp).
func (h *Handlers) cached(w http.ResponseWriter, r *http.Request, key string, render func() ([]byte, stamp, error)) error {
	gen, cacheable := h.svc.Generation()
	if cacheable {
		if a, ok := h.cache.get(gen, key); ok && h.svc.ix.current(a.stamp) {
			h.hits.Add(1)
			web.WriteCached(w, r, a.Cached)
			return nil
		}
	}
	h.misses.Add(1)
	// Requests that miss together share one render: after a sale every connection showing the product misses
	// at once, and one render serves them all. A request takes a shared render only if it reflects everything
	// the client did before (a customer who just bought the last coat): it began after the request arrived, or
	// the stock it shows had not moved by then (its stamp, summed as the request found the counters). Else the
	// request waits for the next render, which it may lead. A render of another generation is not shared.
	arrived, seen := time.Now(), h.svc.ix.stampBefore()
	fresh := func(a answer) bool {
		return !a.started.Before(arrived) || stampSum(seen, a.stamp.buckets) == a.stamp.sum
	}
	var v any
	for attempt := 0; ; attempt++ {
		leader := false
		var err error
		v, err, _ = h.rendering.Do(strconv.FormatUint(gen, 10)+" "+key, func() (any, error) {
			leader = true
			started := time.Now()
			body, st, err := render()
			if err != nil {
				return nil, err
			}
			a := answer{Cached: web.NewCached(body), stamp: st, started: started}
			if cacheable {
				h.cache.put(gen, key, a)
			}
			return a, nil
		})
		retry := !leader && attempt < maxRenderWaits && r.Context().Err() == nil &&
			(isCanceled(err) || err == nil && !fresh(v.(answer)))
		if retry {
			continue
		}
		if err != nil {
			return err
		}
		if !leader && !fresh(v.(answer)) { // waited long enough: render for itself
			body, _, err := render()
			if err != nil {
				return err
			}
			v = answer{Cached: web.NewCached(body)}
		}
		break
	}
	a := v.(answer)
	web.WriteCached(w, r, a.Cached)
	return nil
}

// Categories serves GET /api/categories: the whole tree, rendered once per catalog change.
func (h *Handlers) Categories(w http.ResponseWriter, r *http.Request) error {
	tree, err := h.svc.Tree(r.Context())
	if err != nil {
		return err
	}
	web.WriteCachedJSON(w, r, tree.JSON, tree.ETag)
	return nil
}

// ListGet serves GET /api/products and GET /api/products/get_products (the seed's URL): filters in the query.
func (h *Handlers) ListGet(w http.ResponseWriter, r *http.Request) error {
	v, err := web.Query(r)
	if err != nil {
		return err
	}
	p := ListParams{
		Category: v.Get("category"), MinPrice: v.Get("min_price"), MaxPrice: v.Get("max_price"),
		Size: v.Get("size"), InStock: v.Get("in_stock"), OnSale: v.Get("on_sale"), Q: v.Get("q"),
		SortBy: v.Get("sort_by"), Page: v.Get("page"), PageSize: v.Get("page_size"), Facets: v.Get("facets"),
	}
	for key, values := range v {
		if slug, ok := strings.CutPrefix(key, "filter["); ok && strings.HasSuffix(slug, "]") {
			if p.Filters == nil {
				p.Filters = map[string]string{}
			}
			p.Filters[strings.TrimSuffix(slug, "]")] = strings.Join(values, ",") // filter[x]=a&filter[x]=b is a,b
		}
	}
	return h.list(w, r, p, web.BaseURL(r)+r.URL.Path)
}

// listBody is the JSON body of POST /api/products. Numbers may come as JSON numbers or strings.
type listBody struct {
	Category flexString `json:"category"`
	MinPrice flexString `json:"min_price"`
	MaxPrice flexString `json:"max_price"`
	Size     flexString `json:"size"`
	InStock  flexString `json:"in_stock"`
	OnSale   flexString `json:"on_sale"`
	Q        flexString `json:"q"`
	SortBy   flexString `json:"sort_by"`
	Page     flexString `json:"page"`
	PageSize flexString `json:"page_size"`
	Facets   flexString `json:"facets"`
	// Filter is {"<slug>":"a,b"}, the body's form of filter[<slug>]=a,b.
	Filter map[string]flexString `json:"filter"`
}

// ListPost serves POST /api/products, the seed's {"category":"zhakety"}. Its next/previous links point at the
// equivalent GET /api/products, which a browser can follow.
func (h *Handlers) ListPost(w http.ResponseWriter, r *http.Request) error {
	var b listBody
	if err := web.DecodeJSON(w, r, &b); err != nil {
		return err
	}
	p := ListParams{
		Category: string(b.Category), MinPrice: string(b.MinPrice), MaxPrice: string(b.MaxPrice),
		Size: string(b.Size), InStock: string(b.InStock), OnSale: string(b.OnSale), Q: string(b.Q),
		SortBy: string(b.SortBy), Page: string(b.Page), PageSize: string(b.PageSize), Facets: string(b.Facets),
	}
	if len(b.Filter) > 0 {
		p.Filters = make(map[string]string, len(b.Filter))
		for slug, value := range b.Filter {
			p.Filters[slug] = string(value)
		}
	}
	return h.list(w, r, p, web.BaseURL(r)+"/api/products")
}

func (h *Handlers) list(w http.ResponseWriter, r *http.Request, p ListParams, pageURL string) error {
	q, err := p.Parse()
	if err != nil {
		return err
	}
	// The key holds everything the answer depends on: the links and picture URLs name this host and path.
	// The page's own link names every parameter as given (pointers in q would print as addresses).
	key := fmt.Sprintf("list %s %s", h.mediaBase(r), *pageLink(pageURL, p, q.Page))
	return h.cached(w, r, key, func() ([]byte, stamp, error) {
		page, err := h.svc.List(r.Context(), q)
		if err != nil {
			return nil, stamp{}, err
		}
		media := h.mediaBase(r)
		env := envelope{Count: page.Count, Results: make([]SummaryJSON, len(page.Results)), Facets: page.Facets, PriceRange: page.PriceRange}
		for i, s := range page.Results {
			env.Results[i] = NewSummaryJSON(s, media)
		}
		if int64(q.Page*q.PageSize) < page.Count {
			env.Next = pageLink(pageURL, p, q.Page+1)
		}
		if q.Page > 1 {
			env.Previous = pageLink(pageURL, p, q.Page-1)
		}
		body, err := web.Marshal(env)
		return body, page.stamp, err
	})
}

// Product serves GET /api/product?id=N or ?slug=S.
func (h *Handlers) Product(w http.ResponseWriter, r *http.Request) error {
	v, err := web.Query(r)
	if err != nil {
		return err
	}
	switch {
	case v.Get("id") != "":
		id, err := parseID(v.Get("id"))
		if err != nil {
			return err
		}
		return h.card(w, r, "id "+strconv.FormatInt(id, 10), func() (Card, error) { return h.svc.Product(r.Context(), id) })
	case v.Get("slug") != "":
		slug := v.Get("slug")
		return h.card(w, r, "slug "+slug, func() (Card, error) { return h.svc.ProductBySlug(r.Context(), slug) })
	}
	return apperr.Field("invalid_query", "id", "give the product's id or slug: /api/product?id=41 or ?slug=…")
}

// ProductByID serves GET /api/products/{id}.
func (h *Handlers) ProductByID(w http.ResponseWriter, r *http.Request) error {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return ErrProductNotFound // /api/products/abc names no product
	}
	return h.card(w, r, "id "+strconv.FormatInt(id, 10), func() (Card, error) { return h.svc.Product(r.Context(), id) })
}

// card writes a product card that load fetches, through the cache.
func (h *Handlers) card(w http.ResponseWriter, r *http.Request, key string, load func() (Card, error)) error {
	media := h.mediaBase(r)
	return h.cached(w, r, "card "+media+" "+key, func() ([]byte, stamp, error) {
		before := h.svc.ix.stampBefore() // a card shows its stock: see indexKeeper
		c, err := load()
		if err != nil {
			return nil, stamp{}, err
		}
		out := cardJSON{
			SummaryJSON: NewSummaryJSON(c.Summary, media),
			Description: c.Description, Images: make([]string, len(c.Images)), Attributes: c.Attributes, Stock: c.Stock,
			Variants: make([]VariantJSON, len(c.Variants)), Pictures: make([]PictureJSON, len(c.Pictures)),
		}
		for i, p := range c.Pictures {
			out.Pictures[i] = NewPictureJSON(p, media)
		}
		for i, v := range c.Variants {
			out.Variants[i] = NewVariantJSON(v)
		}
		for i, p := range c.Images {
			out.Images[i] = media + p
		}
		if out.Attributes == nil {
			out.Attributes = []Attribute{}
		}
		out.MetaTitle, out.MetaDescription = productMeta(c)
		var deps stampSet
		deps.add(c.ID)
		body, err := web.Marshal(out)
		return body, h.svc.ix.stampAfter(before, &deps), err
	})
}

func (h *Handlers) mediaBase(r *http.Request) string { return MediaBase(r, h.mediaURL) }

// MediaBase is the base URL of pictures for a request: MEDIA_URL when set, else this server's /media/.
func MediaBase(r *http.Request, mediaURL string) string {
	if mediaURL != "" {
		return mediaURL
	}
	return web.BaseURL(r) + "/media/"
}

func parseID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id < 1 {
		return 0, apperr.Field("invalid_query", "id", "must be a positive whole number")
	}
	return id, nil
}

// pageLink is the URL of another page of the same listing, with the same filters.
func pageLink(base string, p ListParams, page int) *string {
	v := url.Values{}
	for _, kv := range [][2]string{{"category", p.Category}, {"min_price", p.MinPrice}, {"max_price", p.MaxPrice},
		{"size", p.Size}, {"in_stock", p.InStock}, {"on_sale", p.OnSale}, {"q", p.Q}, {"sort_by", p.SortBy},
		{"page_size", p.PageSize}, {"facets", p.Facets}} {
		if kv[1] != "" {
			v.Set(kv[0], kv[1])
		}
	}
	for slug, value := range p.Filters {
		v.Set("filter["+slug+"]", value)
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	s := base
	if len(v) > 0 {
		s += "?" + v.Encode()
	}
	return &s
}

// envelope is DRF's PageNumberPagination answer.
type envelope struct {
	Count    int64         `json:"count"`
	Next     *string       `json:"next"`
	Previous *string       `json:"previous"`
	Results  []SummaryJSON `json:"results"`
	// With facets=true: every filterable attribute's values with counts, the size facet, the price range.
	Facets     []any           `json:"facets,omitempty"`
	PriceRange *PriceRangeJSON `json:"price_range,omitempty"`
}

// SummaryJSON is a product summary as the API writes it; carts and orders show products this way too.
type SummaryJSON struct {
	ID       int64         `json:"id"`
	Slug     string        `json:"slug"`
	Name     string        `json:"name"`
	Price    money.Amount  `json:"price"`
	OldPrice *money.Amount `json:"old_price"`
	Image    *string       `json:"image"`
	Picture  *PictureJSON  `json:"picture"` // the main picture as Image, with its variants, size and text
	Category CategoryRef   `json:"category"`
	InStock  bool          `json:"in_stock"`
	Sizes    []string      `json:"sizes"`
}

type cardJSON struct {
	SummaryJSON
	Description string        `json:"description"`
	Images      []string      `json:"images"`
	Pictures    []PictureJSON `json:"pictures"` // Images with their variants, sizes and texts
	Attributes  []Attribute   `json:"attributes"`
	Stock       int32         `json:"stock"`
	Variants    []VariantJSON `json:"variants"`
	// What a search engine is shown of the card's page.
	MetaTitle       string `json:"meta_title"`
	MetaDescription string `json:"meta_description"`
}

// VariantJSON is a variant as the card shows it.
type VariantJSON struct {
	ID       int64         `json:"id"`
	SKU      string        `json:"sku"`
	Size     *string       `json:"size"`
	Height   *string       `json:"height"`
	Color    *string       `json:"color"`
	Price    money.Amount  `json:"price"`
	OldPrice *money.Amount `json:"old_price"`
	Stock    int32         `json:"stock"`
	InStock  bool          `json:"in_stock"`
}

// NewVariantJSON renders a variant.
func NewVariantJSON(v Variant) VariantJSON {
	return VariantJSON{ID: v.ID, SKU: v.SKU, Size: v.Size, Height: v.Height, Color: v.Color, Price: v.Price,
		OldPrice: v.OldPrice, Stock: v.Stock, InStock: v.Stock > 0}
}

// NewSummaryJSON renders a summary; media is the base URL of pictures (see MediaBase).
func NewSummaryJSON(s Summary, media string) SummaryJSON {
	out := SummaryJSON{
		ID: s.ID, Slug: s.Slug, Name: s.Name, Price: s.Price, OldPrice: s.OldPrice, Category: s.Category, InStock: s.InStock,
		Sizes: s.Sizes,
	}
	if out.Sizes == nil {
		out.Sizes = []string{}
	}
	if s.Image != "" {
		u := media + s.Image
		out.Image = &u
	}
	if s.Picture != nil {
		p := NewPictureJSON(*s.Picture, media)
		out.Picture = &p
	}
	return out
}

// flexString takes a JSON string or number as its literal text ("16400", 16400 and 16400.5 all work), so that
// amounts and page numbers in a body are parsed exactly like the same values in a query string.
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	switch string(b) {
	case "null":
		return nil
	case "true", "false": // {"in_stock": true}
		*f = flexString(b)
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*f = flexString(n)
	return nil
}

// maxRenderWaits bounds how many shared renders a request waits for before it renders for itself.
const maxRenderWaits = 3

// isCanceled reports whether err is a request's end rather than a failure of its own.
func isCanceled(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
