package catalog

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/mekhaishuby/furstore/internal/money"
)

// facetCounts gathers a listing's facets while index.list walks it (see there for what counts where).
type facetCounts struct {
	filters []filter
	choice  [][]int64    // per attribute, per value: products
	flags   [][2]int64   // per bool attribute: products with no (0) and yes (1)
	numbers [][2]float64 // per number attribute: lowest and highest value (+Inf, -Inf while none)
	sizes   map[string]int64
	price   [2]int64 // lowest and highest price; -1 while none
}

func (ix *index) newFacetCounts(filters []filter) *facetCounts {
	c := &facetCounts{filters: filters, choice: make([][]int64, len(ix.attrs)), flags: make([][2]int64, len(ix.attrs)),
		numbers: make([][2]float64, len(ix.attrs)), sizes: map[string]int64{}, price: [2]int64{-1, -1}}
	for i, a := range ix.attrs {
		c.choice[i] = make([]int64, len(a.values))
		c.numbers[i] = [2]float64{math.Inf(1), math.Inf(-1)}
	}
	return c
}

// countAll counts product p, which every filter lets through, in every facet.
func (c *facetCounts) countAll(ix *index, p *indexed, st *stockState) {
	c.countPrice(p)
	c.countSizes(st)
	for _, l := range p.links {
		c.countLink(ix, l)
	}
}

// countOne counts product p, which only facet failed's filter keeps out, in that facet alone.
func (c *facetCounts) countOne(ix *index, p *indexed, st *stockState, failed int) {
	switch failed {
	case failedPrice:
		c.countPrice(p)
	case failedSize:
		c.countSizes(st)
	default:
		attr := c.filters[failed].attr
		for _, l := range p.links {
			if int(l.attr) == attr {
				c.countLink(ix, l)
			}
		}
	}
}

func (c *facetCounts) countPrice(p *indexed) {
	if c.price[0] < 0 || p.price < c.price[0] {
		c.price[0] = p.price
	}
	c.price[1] = max(c.price[1], p.price)
}

func (c *facetCounts) countSizes(st *stockState) {
	for _, s := range st.sizes {
		c.sizes[s]++
	}
}

// countLink counts one of a product's characteristics. A product with two values of one attribute (two
// colours) counts once for each.
func (c *facetCounts) countLink(ix *index, l link) {
	switch ix.attrs[l.attr].kind {
	case KindChoice:
		c.choice[l.attr][l.value]++
	case KindBool:
		if l.flag {
			c.flags[l.attr][1]++
		} else {
			c.flags[l.attr][0]++
		}
	case KindNumber:
		n := &c.numbers[l.attr]
		n[0], n[1] = min(n[0], l.number), max(n[1], l.number)
	}
}

// FacetValueJSON is one value of a facet with the products a listing would have with it selected.
type FacetValueJSON struct {
	Slug     string `json:"slug"`
	Value    string `json:"value"`
	Count    int64  `json:"count"`
	Selected bool   `json:"selected"`
}

// FacetJSON is a choice or yes/no facet (size included).
type FacetJSON struct {
	Slug   string           `json:"slug"`
	Name   string           `json:"name"`
	Kind   string           `json:"kind"`
	Unit   *string          `json:"unit"`
	Values []FacetValueJSON `json:"values"`
}

// RangeFacetJSON is a number facet: the range its values span (null when no product has one).
type RangeFacetJSON struct {
	Slug string   `json:"slug"`
	Name string   `json:"name"`
	Kind string   `json:"kind"`
	Unit *string  `json:"unit"`
	Min  *float64 `json:"min"`
	Max  *float64 `json:"max"`
}

// PriceRangeJSON is the range of prices the listing has with every filter but price (null when empty).
type PriceRangeJSON struct {
	Min *money.Amount `json:"min"`
	Max *money.Amount `json:"max"`
}

// json renders the facets in the attributes' order, size last. Values with no products appear only when
// selected (a customer must be able to clear what they chose).
func (c *facetCounts) json(ix *index, sizes []string) (facets []any, price PriceRangeJSON) {
	facets = []any{}
	selected := map[int]*filter{}
	for i := range c.filters {
		selected[c.filters[i].attr] = &c.filters[i]
	}
	for i, a := range ix.attrs {
		if !a.filterable {
			continue
		}
		f := selected[i]
		switch a.kind {
		case KindNumber:
			r := RangeFacetJSON{Slug: a.slug, Name: a.name, Kind: a.kind, Unit: a.unit}
			if n := c.numbers[i]; n[0] <= n[1] {
				r.Min, r.Max = &n[0], &n[1]
			}
			facets = append(facets, r)
		case KindBool:
			out := FacetJSON{Slug: a.slug, Name: a.name, Kind: a.kind, Unit: a.unit, Values: []FacetValueJSON{}}
			for _, v := range []struct {
				flag        bool
				slug, label string
			}{{true, "true", "Да"}, {false, "false", "Нет"}} {
				n := c.flags[i][0]
				if v.flag {
					n = c.flags[i][1]
				}
				sel := f != nil && f.flag == v.flag
				if n > 0 || sel {
					out.Values = append(out.Values, FacetValueJSON{Slug: v.slug, Value: v.label, Count: n, Selected: sel})
				}
			}
			facets = append(facets, out)
		default:
			out := FacetJSON{Slug: a.slug, Name: a.name, Kind: a.kind, Unit: a.unit, Values: []FacetValueJSON{}}
			for j, v := range a.values {
				sel := f != nil && slices.Contains(f.values, int32(j))
				if n := c.choice[i][j]; n > 0 || sel {
					out.Values = append(out.Values, FacetValueJSON{Slug: v.slug, Value: v.value, Count: n, Selected: sel})
				}
			}
			facets = append(facets, out)
		}
	}
	size := FacetJSON{Slug: "size", Name: "Размер", Kind: KindChoice, Values: []FacetValueJSON{}}
	all := make([]string, 0, len(c.sizes))
	for s := range c.sizes {
		all = append(all, s)
	}
	for _, s := range sizes {
		if !slices.Contains(all, s) {
			all = append(all, s)
		}
	}
	slices.SortFunc(all, compareSizes)
	for _, s := range all {
		size.Values = append(size.Values, FacetValueJSON{Slug: s, Value: s, Count: c.sizes[s], Selected: slices.Contains(sizes, s)})
	}
	facets = append(facets, size)
	if c.price[0] >= 0 {
		lo, hi := money.Amount(c.price[0]), money.Amount(c.price[1])
		price = PriceRangeJSON{Min: &lo, Max: &hi}
	}
	return facets, price
}

// compareSizes orders sizes as numbers (all of the Russian grid are), so that 100 would follow 64.
func compareSizes(a, b string) int {
	x, errA := strconv.Atoi(a)
	y, errB := strconv.Atoi(b)
	if errA != nil || errB != nil {
		return strings.Compare(a, b)
	}
	return cmp.Compare(x, y)
}
