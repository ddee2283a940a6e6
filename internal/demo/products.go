package demo

import (
	"math/rand/v2"
	"strconv"

	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/slug"
)

// product builds the product numbered n (from 1) of the leaf category cat, and returns it with its pictures
// and its look (which its variants follow: sell).
func product(r *rand.Rand, n int, cat string, l *leaf) (catalog.ImportProduct, []picture, look) {
	k := l.kind
	ln := pickLine(r, l.lines)
	lk := look{
		kind:     k,
		noun:     pick(r, k.nouns),
		audience: l.audience,
		fur:      ln.fur,
		model:    pick(r, modelNames(l.audience)),
		feature:  pick(r, k.features),
	}
	furTone := ln.fur.colours[0].tone // a trimmed garment's close-up shows the fur in its natural colour
	if k.trims != nil {
		lk.trim = pick(r, k.trims)
		lk.colour = pick(r, k.fabrics)
	} else {
		lk.colour = pick(r, ln.fur.colours)
		furTone = lk.colour.tone
	}
	name := productName(lk, nameStyle(r.IntN(nameStyles)))
	country := ln.fur.country
	if country == "" {
		country = pick(r, k.countries)
	}
	price := price(r, ln)
	p := catalog.ImportProduct{
		// The number keeps slugs unique however often a name repeats.
		Slug:        slug.Make(name) + "-" + strconv.Itoa(n),
		Name:        name,
		Category:    cat,
		Price:       price,
		OldPrice:    oldPrice(r, price),
		Stock:       stock(r, price),
		Description: description(r, k, ln.fur, lk.feature, country),
		MarkedFur:   k.marked,
		Attributes:  attributes(r, lk, country),
	}
	if r.IntN(100) < 3 { // withdrawn from sale: in the database, but not in the public catalog
		p.IsActive = new(false)
	}
	pics := productPictures(k, lk.colour, furTone, r.IntN(10) < 6, r.IntN(10) < 4)
	for _, pic := range pics {
		p.Images = append(p.Images, pic.path())
	}
	return p, pics, lk
}

// pickLine picks one of a leaf's lines by weight.
func pickLine(r *rand.Rand, lines []line) line {
	total := 0
	for _, l := range lines {
		total += l.weight
	}
	n := r.IntN(total)
	for _, l := range lines {
		if n < l.weight {
			return l
		}
		n -= l.weight
	}
	panic("unreachable: n is below the total weight")
}

// pick returns a random element of xs, which must not be empty.
func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }
