package catalog

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestOfferCacheKeepsOneGenerationWithinItsBound(t *testing.T) {
	c := newOfferCache(3)
	var stamps stockStamps
	offer := func(id int64) cachedOffer {
		var deps stampSet
		deps.add(id)
		return cachedOffer{Offer: Offer{Summary: Summary{ID: id}, Variant: VariantRef{ID: id}, Stock: int32(id)},
			stamp: stamp{buckets: deps.buckets, sum: stamps.sum(deps.buckets)}}
	}
	get := func(gen uint64, ids ...int64) (hits []int64, missing []int64) {
		out := map[int64]Offer{}
		missing = c.get(gen, ids, out, &stamps)
		for _, id := range ids {
			if o, ok := out[id]; ok && o.ID == id {
				hits = append(hits, id)
			}
		}
		return hits, missing
	}
	check := func(what string, gen uint64, ids []int64, wantHits, wantMissing []int64) {
		t.Helper()
		hits, missing := get(gen, ids...)
		if diff := cmp.Diff(wantHits, hits); diff != "" {
			t.Errorf("%s: hits (-want +got):\n%s", what, diff)
		}
		if diff := cmp.Diff(wantMissing, missing); diff != "" {
			t.Errorf("%s: missing (-want +got):\n%s", what, diff)
		}
	}

	c.put(1, []cachedOffer{offer(1), offer(2)})
	check("same generation", 1, []int64{1, 2, 3}, []int64{1, 2}, []int64{3})
	check("a newer generation", 2, []int64{1}, nil, []int64{1})
	c.put(2, []cachedOffer{offer(3)})
	check("a new generation dropped the old offers", 2, []int64{1, 3}, []int64{3}, []int64{1})
	c.put(1, []cachedOffer{offer(1)}) // read before the change, stored after it
	check("an old generation's read was not kept", 2, []int64{1}, nil, []int64{1})
	c.put(2, []cachedOffer{offer(4), offer(5)})
	c.put(2, []cachedOffer{offer(6), offer(7)}) // past the bound: starts afresh
	if len(c.offers) > 3 {
		t.Fatalf("cache holds %d offers, over its bound of 3", len(c.offers))
	}
	check("the newest offers are kept", 2, []int64{6, 7}, []int64{6, 7}, nil)
	c.put(2, []cachedOffer{offer(8), offer(9), offer(10), offer(11)}) // more than the bound at once: not kept
	check("too many at once", 2, []int64{6, 8}, []int64{6}, []int64{8})
	stamps.bump(7) // its stock changed: its offer is read again, the others stay
	check("a stock change", 2, []int64{6, 7}, []int64{6}, []int64{7})
}
