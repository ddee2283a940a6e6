package catalog

import (
	"context"
	"fmt"
	"sync"

	"github.com/mekhaishuby/furstore/internal/money"
)

// Offer is a product as a cart line shows it: its summary, how many are in stock and whether it is sold at all.
type Offer struct {
	Summary
	Stock  int32
	Active bool
}

// Summaries returns the products ids as other packages show them (a cart's lines), by id, active or not; a
// product deleted since is missing from the map. It answers from memory what it read before in the current
// catalog generation (GET /api/cart asks for the same few products over and over), and reads the rest. The
// offers are shared with later callers: read them, never change what OldPrice points at.
func (s *Service) Summaries(ctx context.Context, ids []int64) (map[int64]Offer, error) {
	out := make(map[int64]Offer, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	gen, cacheable := s.changes.Current() // before the read: see pgnotify.Watch.Current
	missing := ids
	if cacheable {
		missing = s.offers.get(gen, ids, out)
		if len(missing) == 0 {
			return out, nil
		}
	}
	return out, s.readOffers(ctx, gen, cacheable, missing, out)
}

// Offer reads product id as Summaries shows it, fresh from the database whatever is cached, for a decision
// that must see the stock as it is now (how many a cart line may hold). What it reads is cached for Summaries.
// A product that does not exist is ErrProductNotFound.
func (s *Service) Offer(ctx context.Context, id int64) (Offer, error) {
	gen, cacheable := s.changes.Current()
	out := make(map[int64]Offer, 1)
	if err := s.readOffers(ctx, gen, cacheable, []int64{id}, out); err != nil {
		return Offer{}, err
	}
	o, ok := out[id]
	if !ok {
		return Offer{}, ErrProductNotFound
	}
	return o, nil
}

// readOffers reads the products ids into out, and keeps them for generation gen when cacheable.
func (s *Service) readOffers(ctx context.Context, gen uint64, cacheable bool, ids []int64, out map[int64]Offer) error {
	rows, err := s.q.ProductSummaries(ctx, ids)
	if err != nil {
		return fmt.Errorf("products %v: %w", ids, err)
	}
	read := make([]Offer, len(rows))
	for i, r := range rows {
		read[i] = Offer{
			Summary: Summary{ID: r.ID, Slug: r.Slug, Name: r.Name, Price: money.Amount(r.Price),
				OldPrice: money.FromPtr(r.OldPrice), Image: r.Image, InStock: r.Stock > 0,
				Category: CategoryRef{ID: r.CategoryID, Slug: r.CategorySlug, Name: r.CategoryName}},
			Stock: r.Stock, Active: r.IsActive,
		}
		out[r.ID] = read[i]
	}
	if cacheable {
		s.offers.put(gen, read)
	}
	return nil
}

// maxCachedOffers bounds the products Summaries keeps (a few hundred bytes each): reaching it starts the cache
// afresh, and the products carts hold come back at once.
const maxCachedOffers = 20_000

// offerCache holds the offers read in one catalog generation. A new generation empties it, like answerCache;
// only products that exist are kept, so a deleted one (which moves the generation anyway) is asked for again.
type offerCache struct {
	mu     sync.RWMutex
	gen    uint64
	max    int
	offers map[int64]Offer
}

func newOfferCache(max int) *offerCache {
	return &offerCache{max: max, offers: make(map[int64]Offer)}
}

// get puts into out the offers of ids it holds for generation gen, and returns the ids it lacks.
func (c *offerCache) get(gen uint64, ids []int64, out map[int64]Offer) (missing []int64) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.gen != gen {
		return ids
	}
	for _, id := range ids {
		if o, ok := c.offers[id]; ok {
			out[id] = o
		} else {
			missing = append(missing, id)
		}
	}
	return missing
}

// put keeps offers read under generation gen. Offers of an older generation are dropped: the catalog changed
// while they were being read.
func (c *offerCache) put(gen uint64, offers []Offer) {
	if len(offers) > c.max {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case gen < c.gen:
		return
	case gen > c.gen || len(c.offers)+len(offers) > c.max:
		c.gen, c.offers = gen, make(map[int64]Offer, len(c.offers))
	}
	for _, o := range offers {
		c.offers[o.ID] = o
	}
}
