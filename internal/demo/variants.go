package demo

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/money"
)

// variantStream seeds the random generator that sizes the catalog, apart from the one that makes products, so
// that sizes, colours and codes never change the products themselves (names, prices, pictures).
const variantStream = 0x7261_7a6d_6572_7921 // "razmery!"

// Size grids: a model is made in part of its kind's grid (the Размер it was drawn with), on the Russian grid the
// store sells by.
var (
	womenBody = [2]int{42, 56} // even sizes
	menBody   = [2]int{46, 58}
	adultHead = [2]int{54, 60} // every size
	childHead = [2]int{53, 55}
	// childHeights are children's garments' heights (рост) by their Russian children's size, which is not on
	// the grid: they are sold by height instead.
	childHeights = map[int]string{26: "98-104", 28: "104-110", 30: "116-122", 32: "122-128", 34: "134-140", 36: "140-146"}
)

// sizeUp is how much dearer the largest sizes of a marked garment are: more skins go into them.
const sizeUp = 5 // per cent, from size 54 up

// sell gives product p (of look l) its variants: the sizes of its model on the grid, in one colour or, for one
// model in eight, two; its stock spread over them, so that some sizes are out of stock; and, for a natural-fur
// garment, each piece with its КИЗ (a piece in ten without one yet, as received before codes were scanned).
// Stock stays the sum. Kinds sold in one size (stoles, bags, gloves) get none: one variant is made of the
// product itself. codes holds the КИЗ given so far, so that each is given once.
func sell(r *rand.Rand, p *catalog.ImportProduct, l look, codes map[string]bool) {
	kinds := variantKinds(l, sizeRange(p.Attributes))
	var colours []*string
	if r.IntN(8) == 0 {
		if second, ok := secondColour(r, l); ok {
			first := strings.ToLower(l.colour.name)
			colours = []*string{&first, &second}
			// A second Цвет pair, not «Чёрный, белый» in one: each colour is a value the colour filter offers.
			insertAfter(p, attrColour, catalog.Attribute{Name: attrColour, Value: upperFirst(second)})
		}
	}
	if len(kinds) == 0 && colours == nil {
		return
	}
	if len(kinds) == 0 {
		kinds = []catalog.ImportVariant{{}}
	}
	if colours == nil {
		colours = []*string{nil} // the colour is the product's
	}
	var vs []catalog.ImportVariant
	for _, c := range colours {
		for _, k := range kinds {
			k.Color = c
			vs = append(vs, k)
		}
	}
	// Pieces go to the middle of the grid more often than to its ends, as a shop orders them.
	stock := make([]int32, len(vs))
	for range p.Stock {
		size := (r.IntN(len(kinds)) + r.IntN(len(kinds)) + 1) / 2
		stock[r.IntN(len(colours))*len(kinds)+size]++
	}
	for i := range vs {
		vs[i].Stock = new(stock[i])
		if l.kind.marked && vs[i].Size != nil && atoi(*vs[i].Size) >= 54 {
			if dearer := roundUp(p.Price*(100+sizeUp)/100, 1000_00) - 10_00; dearer <= maxPrice {
				vs[i].Price = new(dearer)
				if p.OldPrice != nil && *p.OldPrice > dearer {
					vs[i].OldPrice = p.OldPrice
				}
			}
		}
		if p.MarkedFur {
			vs[i].KIZ = kiz(r, p.Slug, vs[i], int(stock[i]), codes)
		}
	}
	p.Variants = vs
	if lo, hi := gridRange(vs); lo != "" {
		setAttribute(p, attrSize, lo+"–"+hi)
	}
}

// variantKinds are the sizes (or, for children's garments, heights) of a model whose Размер is the range
// drawn (e.g. 44 and 50 for «44–50»), on its kind's grid; none for a kind sold in one size.
func variantKinds(l look, drawn [2]int) []catalog.ImportVariant {
	var grid [2]int
	step := 1
	switch {
	case l.kind.sizing == sizeBody && l.audience == children:
		var out []catalog.ImportVariant
		for s := drawn[0]; s <= drawn[1]; s += 2 {
			if h, ok := childHeights[s]; ok {
				out = append(out, catalog.ImportVariant{Height: new(h)})
			}
		}
		return out
	case l.kind.sizing == sizeBody && l.audience == men:
		grid, step = menBody, 2
	case l.kind.sizing == sizeBody:
		grid, step = womenBody, 2
	case l.kind.sizing == sizeHead && l.audience == children:
		grid = childHead
	case l.kind.sizing == sizeHead:
		grid = adultHead
	default:
		return nil // stoles, bags, gloves: one size
	}
	lo, hi := max(grid[0], drawn[0]), min(grid[1], drawn[1])
	if lo > hi { // a drawn range off the grid: the whole grid
		lo, hi = grid[0], grid[1]
	}
	var out []catalog.ImportVariant
	for s := lo; s <= hi; s++ {
		if (s-grid[0])%step == 0 {
			out = append(out, catalog.ImportVariant{Size: new(strconv.Itoa(s))})
		}
	}
	return out
}

// sizeRange reads the Размер characteristic, «44–50», as the two sizes; {0, 0} when there is none or it is not
// numbers (gloves' «6,5–7,5»).
func sizeRange(attrs []catalog.Attribute) [2]int {
	for _, a := range attrs {
		if a.Name != attrSize {
			continue
		}
		lo, hi, ok := strings.Cut(a.Value, "–")
		if ok && atoi(lo) > 0 && atoi(hi) >= atoi(lo) {
			return [2]int{atoi(lo), atoi(hi)}
		}
	}
	return [2]int{}
}

// gridRange is the smallest and the largest size of vs; "" when they have none.
func gridRange(vs []catalog.ImportVariant) (lo, hi string) {
	for _, v := range vs {
		if v.Size == nil {
			continue
		}
		if lo == "" || atoi(*v.Size) < atoi(lo) {
			lo = *v.Size
		}
		if atoi(*v.Size) > atoi(hi) {
			hi = *v.Size
		}
	}
	return lo, hi
}

// secondColour is another colour the model comes in: of its fur, or of its fabric for a trimmed garment.
func secondColour(r *rand.Rand, l look) (string, bool) {
	options := l.fur.colours
	if l.kind.trims != nil {
		options = l.kind.fabrics
	}
	var others []colour
	for _, c := range options {
		if c.name != l.colour.name {
			others = append(others, c)
		}
	}
	if len(others) == 0 {
		return "", false
	}
	return strings.ToLower(pick(r, others).name), true
}

// insertAfter puts a after p's characteristic of the name.
func insertAfter(p *catalog.ImportProduct, name string, a catalog.Attribute) {
	for i := range p.Attributes {
		if p.Attributes[i].Name == name {
			p.Attributes = slices.Insert(p.Attributes, i+1, a)
			return
		}
	}
}

// upperFirst returns s with its first letter in upper case («белый» → «Белый»).
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

func setAttribute(p *catalog.ImportProduct, name, value string) {
	for i, a := range p.Attributes {
		if a.Name == name {
			p.Attributes[i].Value = value
			return
		}
	}
}

// Marking codes: the country, the issuer of the codes, a series and a number, as «Честный знак» prints them.
var kizIssuers = []string{"430302", "771401", "500112"}

// kiz returns the codes of the pieces of a variant in stock, each new: one per piece, but in one variant in ten
// the last piece has none yet. A product's pieces come from one issuer and series, a variant's in a row of
// numbers; all follow from the product and the variant, so the same catalog gets the same codes, and a
// number given before is skipped.
func kiz(r *rand.Rand, slug string, v catalog.ImportVariant, pieces int, codes map[string]bool) []string {
	if pieces > 1 && r.IntN(10) == 0 {
		pieces--
	}
	product, variant := fnv.New64a(), fnv.New64a()
	product.Write([]byte(slug))
	fmt.Fprintf(variant, "%s|%s", slug, variantKey(v))
	p := product.Sum64()
	issuer := kizIssuers[p%uint64(len(kizIssuers))]
	series := string([]byte{byte('A' + p>>8%26), byte('A' + p>>16%26), byte('A' + p>>24%26)})
	number := variant.Sum64() % 10_000_000
	var out []string
	for range pieces {
		for ; ; number = (number + 1) % 10_000_000 {
			if code := fmt.Sprintf("RU-%s-%s%07d", issuer, series, number); !codes[code] {
				codes[code] = true
				out = append(out, code)
				break
			}
		}
	}
	return out
}

func variantKey(v catalog.ImportVariant) string {
	var parts []string
	for _, s := range []*string{v.Size, v.Height, v.Color} {
		if s == nil {
			parts = append(parts, "")
		} else {
			parts = append(parts, *s)
		}
	}
	return strings.Join(parts, "/")
}

// OneVariant makes every product of file sold as one variant, one size, with its whole stock, as the catalog
// was before sizes: what the load tests need, whose clients add products to carts by id as v1 clients do. A
// natural-fur product's pieces stay units, their codes not known.
func OneVariant(file *catalog.ImportFile) {
	for i := range file.Products {
		file.Products[i].Variants = nil
	}
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func roundUp(a, to money.Amount) money.Amount {
	return (a + to - 1) / to * to
}
