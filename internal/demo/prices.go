package demo

import (
	"math"
	"math/rand/v2"

	"github.com/mekhaishuby/furstore/internal/money"
)

// The price bounds of the whole catalog: from a rabbit headband to a sable coat.
const (
	minPrice money.Amount = 5_000_00
	maxPrice money.Amount = 900_000_00
)

// price draws a price from the line's range. Prices spread log-uniformly, so a range of 90–450 thousand
// roubles has as many coats under 200 thousand as above, and are then rounded the way shops round them.
func price(r *rand.Rand, l line) money.Amount {
	lo, hi := float64(l.lo), float64(l.hi)
	roubles := lo * math.Pow(hi/lo, r.Float64())
	var kopecks int64
	switch n := r.IntN(100); {
	case n < 12: // with kopecks, as a price converted from another currency: 18 437,45 ₽
		kopecks = int64(roubles)*100 + 1 + r.Int64N(99)
	case n < 20: // whole roubles: 18 437 ₽
		kopecks = int64(roubles) * 100
	case n < 55: // just under a round thousand: 124 990 ₽
		kopecks = (int64(math.Ceil(roubles/1000))*1000 - 10) * 100
	default: // round hundreds: 124 500 ₽
		kopecks = int64(math.Round(roubles/100)) * 100 * 100
	}
	return min(max(money.Amount(kopecks), minPrice), maxPrice)
}

// oldPrice returns the price before a sale for about one product in five, or nil: the price marked up by a
// round discount and then rounded up to hundreds of roubles, so the struck-through price looks set by hand
// and is always above the price.
func oldPrice(r *rand.Rand, p money.Amount) *money.Amount {
	if r.IntN(5) != 0 {
		return nil
	}
	discount := pick(r, []int64{10, 15, 20, 25, 30, 40, 50}) // per cent
	before := int64(p) * 100 / (100 - discount)
	old := money.Amount((before/100_00 + 1) * 100_00)
	if old > maxPrice {
		return nil
	}
	return &old
}

// stock returns how many pieces the warehouse holds: one product in ten is sold out, most have a few pieces,
// and the dearest come in ones and twos.
func stock(r *rand.Rand, p money.Amount) int32 {
	if r.IntN(10) == 0 {
		return 0
	}
	most := 15
	if p > 300_000_00 {
		most = 3
	}
	return int32(1 + r.IntN(1+r.IntN(most)))
}
