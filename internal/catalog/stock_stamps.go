package catalog

import "sync/atomic"

// stampBuckets is how many counters stockStamps spreads products over: enough that a sale rarely touches a
// bucket another cached answer depends on, few enough that checking a whole-catalog answer stays a few µs.
const stampBuckets = 4096

// stockStamps tell cached answers whether the stock of the products they show changed since they were made,
// so that a sale invalidates only what shows the product sold (docs/moving-parts.md, «The listing index»).
// Each product maps to a counter that only grows; a change bumps its product's counter after the new stock is
// in place, and an answer keeps the sum of its products' counters as they were before it read anything
// (indexKeeper.stampBefore): if the sum moved, one of them changed. Two products sharing a counter only ever
// cost a needless re-render.
type stockStamps [stampBuckets]atomic.Uint64

func stampBucket(productID int64) uint16 { return uint16(uint64(productID) % stampBuckets) }

// bump tells that the stock of the product changed; call it after the new stock is readable.
func (s *stockStamps) bump(productID int64) { s[stampBucket(productID)].Add(1) }

// sum is the sum of the counters of buckets: the stamp an answer depending on them keeps.
func (s *stockStamps) sum(buckets []uint16) uint64 {
	var n uint64
	for _, b := range buckets {
		n += s[b].Load()
	}
	return n
}

// stampSet collects the buckets of the products an answer depends on, each once.
type stampSet struct {
	seen    [stampBuckets / 64]uint64
	buckets []uint16
}

func (t *stampSet) add(productID int64) {
	b := stampBucket(productID)
	if t.seen[b/64]&(1<<(b%64)) == 0 {
		t.seen[b/64] |= 1 << (b % 64)
		t.buckets = append(t.buckets, b)
	}
}
