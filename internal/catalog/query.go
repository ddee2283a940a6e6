package catalog

import (
	"slices"
	"strconv"
	"strings"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/money"
)

// Listing limits: DRF PageNumberPagination's defaults, as the contract pins them.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
	// maxPage keeps OFFSET bounded: nobody pages a fur catalog to the ten-thousandth page.
	maxPage = 10_000
)

// Sort keys a listing accepts. The value is never put into SQL: each key picks its own prepared query.
const (
	SortPrice       = "price"
	SortPriceDesc   = "-price"
	SortName        = "name"
	SortNameDesc    = "-name"
	SortCreated     = "created"
	SortCreatedDesc = "-created"
	SortRelevance   = "relevance" // the best matches of q first; the default with q
)

// ListQuery is a validated listing request.
type ListQuery struct {
	Category string // slug; empty means the whole catalog
	MinPrice money.Amount
	MaxPrice money.Amount
	Sizes    []string // products with a variant in stock of one of these sizes; nil: any
	InStock  *bool    // products with something in stock (true) or nothing (false); nil: either
	OnSale   *bool    // products on sale, with an old price (true), or not (false); nil: either
	// Words are what q searches for (SearchWords); nil: no search. An empty list (q of punctuation only)
	// matches nothing.
	Words []string
	// Filters are filter[<slug>] as given (slug -> value); List checks them against the attributes.
	Filters  map[string]string
	Facets   bool // the answer carries the facets and the price range
	Sort     string
	Page     int
	PageSize int
}

// ListParams are the raw listing parameters, as they come from a query string or a JSON body.
type ListParams struct {
	Category, MinPrice, MaxPrice, Size, InStock, OnSale, Q, SortBy, Page, PageSize, Facets string
	Filters                                                                                map[string]string // filter[<slug>]
}

// Parse validates raw listing parameters, reporting every bad one at once. Empty values take their defaults:
// the whole price range, newest first, page 1 of 20.
func (p ListParams) Parse() (ListQuery, error) {
	q := ListQuery{Category: p.Category, MaxPrice: money.Max, Sort: SortCreatedDesc, Page: 1, PageSize: DefaultPageSize}
	var v apperr.Validation
	if p.MinPrice != "" {
		if a, err := money.Parse(p.MinPrice); err != nil {
			v.Add("invalid_price", "min_price", err.Error())
		} else {
			q.MinPrice = a
		}
	}
	if p.MaxPrice != "" {
		if a, err := money.Parse(p.MaxPrice); err != nil {
			v.Add("invalid_price", "max_price", err.Error())
		} else {
			q.MaxPrice = a
		}
	}
	if q.MinPrice > q.MaxPrice {
		v.Add("invalid_price", "min_price", "must not be greater than max_price")
	}
	if p.Size != "" {
		for _, size := range strings.Split(p.Size, ",") {
			size = strings.TrimSpace(size)
			if !ValidSize(size) {
				v.Add("invalid_size", "size", "must be sizes of the Russian grid separated by commas, e.g. 46,48")
				break
			}
			if !slices.Contains(q.Sizes, size) {
				q.Sizes = append(q.Sizes, size)
			}
		}
	}
	switch p.InStock {
	case "":
	case "true", "false":
		q.InStock = new(p.InStock == "true")
	default:
		v.Add("invalid_in_stock", "in_stock", "must be true or false")
	}
	switch p.OnSale {
	case "":
	case "true", "false":
		q.OnSale = new(p.OnSale == "true")
	default:
		v.Add("invalid_on_sale", "on_sale", "must be true or false")
	}
	if strings.TrimSpace(p.Q) != "" { // a search box sent empty lists everything, as no q does
		words, err := SearchWords(p.Q)
		if err != nil {
			v.Add("invalid_query", "q", err.Error())
		}
		q.Words, q.Sort = words, SortRelevance
	}
	switch p.Facets {
	case "", "false":
	case "true":
		q.Facets = true
	default:
		v.Add("invalid_facets", "facets", "must be true or false")
	}
	if len(p.Filters) > 0 {
		q.Filters = p.Filters
	}
	switch p.SortBy {
	case "":
	case SortPrice, SortPriceDesc, SortName, SortNameDesc, SortCreated, SortCreatedDesc, SortRelevance:
		q.Sort = p.SortBy
	default:
		v.Add("invalid_sort", "sort_by", "must be one of relevance, price, -price, name, -name, created, -created")
	}
	if q.Sort == SortRelevance && q.Words == nil {
		q.Sort = SortCreatedDesc // nothing searched: nothing to rank by
	}
	if p.Page != "" {
		n, err := strconv.Atoi(p.Page)
		if err != nil || n < 1 || n > maxPage {
			v.Add("invalid_page", "page", "must be a whole number from 1 to "+strconv.Itoa(maxPage))
		} else {
			q.Page = n
		}
	}
	if p.PageSize != "" {
		n, err := strconv.Atoi(p.PageSize)
		if err != nil || n < 1 || n > MaxPageSize {
			v.Add("invalid_page_size", "page_size", "must be a whole number from 1 to "+strconv.Itoa(MaxPageSize))
		} else {
			q.PageSize = n
		}
	}
	return q, v.Err()
}
