package catalog

import (
	"context"
	"fmt"
	"sync"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/catalog/internal/catalogdb"
	"github.com/mekhaishuby/furstore/internal/money"
)

// Offer is a variant as a cart line shows it: its product's summary with the variant's price (its own, else the
// product's), the variant, how many are in stock and whether it is sold at all.
type Offer struct {
	Summary
	Variant VariantRef
	Stock   int32
	Active  bool // the variant and its product are sold
}

// VariantRef names a variant inside a cart or order line.
type VariantRef struct {
	ID     int64   `json:"id"`
	SKU    string  `json:"sku"`
	Size   *string `json:"size"`
	Height *string `json:"height"`
	Color  *string `json:"color"`
}

// Summaries returns the variants ids as other packages show them (a cart's lines), by variant id, sold or not; a
// variant deleted since is missing from the map. It answers from memory what it read before in the current
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
		missing = s.offers.get(gen, ids, out, &s.ix.stamps)
		if len(missing) == 0 {
			return out, nil
		}
	}
	return out, s.readOffers(ctx, gen, cacheable, missing, out)
}

// Offer reads variant id as Summaries shows it, fresh from the database whatever is cached, for a decision
// that must see the stock as it is now (how many a cart line may hold). What it reads is cached for Summaries.
// A variant that does not exist is ErrVariantNotFound.
func (s *Service) Offer(ctx context.Context, id int64) (Offer, error) {
	gen, cacheable := s.changes.Current()
	out := make(map[int64]Offer, 1)
	if err := s.readOffers(ctx, gen, cacheable, []int64{id}, out); err != nil {
		return Offer{}, err
	}
	o, ok := out[id]
	if !ok {
		return Offer{}, ErrVariantNotFound
	}
	return o, nil
}

// readOffers reads the products ids into out, and keeps them for generation gen when cacheable.
// An offer shows its stock, so it is kept with its product's stock stamp (indexKeeper) and served only while
// that has not moved.
func (s *Service) readOffers(ctx context.Context, gen uint64, cacheable bool, ids []int64, out map[int64]Offer) error {
	before := s.ix.stampBefore()
	rows, err := s.q.VariantOffers(ctx, catalogdb.VariantOffersParams{Ids: ids})
	if err != nil {
		return fmt.Errorf("variants %v: %w", ids, err)
	}
	read := make([]cachedOffer, len(rows))
	for i, r := range rows {
		o := offerOf(r)
		out[r.VariantID] = o
		var deps stampSet
		deps.add(o.ID)
		read[i] = cachedOffer{Offer: o, stamp: s.ix.stampAfter(before, &deps)}
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
	offers map[int64]cachedOffer
}

// cachedOffer is an offer with the stamp of the stock it shows.
type cachedOffer struct {
	Offer
	stamp stamp
}

func newOfferCache(max int) *offerCache {
	return &offerCache{max: max, offers: make(map[int64]cachedOffer)}
}

// get puts into out the offers of ids it holds for generation gen whose stock has not moved since (stamps),
// and returns the ids it lacks.
func (c *offerCache) get(gen uint64, ids []int64, out map[int64]Offer, stamps *stockStamps) (missing []int64) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.gen != gen {
		return ids
	}
	for _, id := range ids {
		if o, ok := c.offers[id]; ok && stamps.sum(o.stamp.buckets) == o.stamp.sum {
			out[id] = o.Offer
		} else {
			missing = append(missing, id)
		}
	}
	return missing
}

// put keeps offers read under generation gen. Offers of an older generation are dropped: the catalog changed
// while they were being read.
func (c *offerCache) put(gen uint64, offers []cachedOffer) {
	if len(offers) > c.max {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case gen < c.gen:
		return
	case gen > c.gen || len(c.offers)+len(offers) > c.max:
		c.gen, c.offers = gen, make(map[int64]cachedOffer, len(c.offers))
	}
	for _, o := range offers {
		c.offers[o.Variant.ID] = o
	}
}

// offerOf makes an offer of the row the database answered.
func offerOf(r catalogdb.VariantOffersRow) Offer {
	var pic *Picture
	if r.Image != "" {
		pic = &Picture{Path: r.Image, CardPath: r.CardPath, ThumbPath: r.ThumbPath, Width: r.PictureWidth,
			Height: r.PictureHeight, Alt: pictureAlt(r.PictureAlt, r.Name, 1)}
	}
	return Offer{
		Summary: Summary{ID: r.ProductID, Slug: r.Slug, Name: r.Name, Price: money.Amount(r.Price),
			OldPrice: oldPrice(r.OldPrice), Image: r.Image, Picture: pic, InStock: r.Stock > 0,
			Category: CategoryRef{ID: r.CategoryID, Slug: r.CategorySlug, Name: r.CategoryName}, Sizes: sizesOf(r.Size, r.Stock)},
		Variant: VariantRef{ID: r.VariantID, SKU: r.Sku, Size: r.Size, Height: r.Height, Color: r.Color},
		Stock:   r.Stock, Active: r.Active,
	}
}

// sizesOf is the sizes a one-variant summary has in stock.
func sizesOf(size *string, stock int32) []string {
	if size == nil || stock == 0 {
		return []string{}
	}
	return []string{*size}
}

// ErrVariantNotFound answers a variant id that names no variant.
var ErrVariantNotFound = apperr.New(apperr.NotFound, "variant_not_found", "no such variant")

// ProductOffer reads the offer of product productID's variant, fresh like Offer, for a client that names only
// the product (a v1 client): the product must have exactly one variant. A product with several is 400
// variant_required, its variants on sale listed in the details; one that does not exist, or is not sold and has
// several, is not found. One query answers all three, as an add to the cart by product id asks on every click.
func (s *Service) ProductOffer(ctx context.Context, productID int64) (Offer, error) {
	gen, cacheable := s.changes.Current()
	before := s.ix.stampBefore()
	rows, err := s.q.VariantOffers(ctx, catalogdb.VariantOffersParams{ProductID: productID})
	if err != nil {
		return Offer{}, fmt.Errorf("variants of product %d: %w", productID, err)
	}
	if len(rows) == 1 {
		o := offerOf(rows[0])
		var deps stampSet
		deps.add(o.ID)
		if cacheable {
			s.offers.put(gen, []cachedOffer{{Offer: o, stamp: s.ix.stampAfter(before, &deps)}})
		}
		return o, nil
	}
	details := []VariantJSON{}
	for _, r := range rows {
		if r.Active {
			o := offerOf(r)
			details = append(details, VariantJSON{ID: r.VariantID, SKU: r.Sku, Size: r.Size, Height: r.Height, Color: r.Color,
				Price: o.Price, OldPrice: o.OldPrice, Stock: r.Stock, InStock: r.Stock > 0})
		}
	}
	if len(details) == 0 {
		return Offer{}, ErrProductNotFound
	}
	return Offer{}, &apperr.Error{Kind: apperr.Invalid, Code: "variant_required",
		Message: fmt.Sprintf("product %d comes in %d variants: name one by variant_id", productID, len(rows)),
		Fields:  map[string]string{"variant_id": "is required for this product"}, Details: details}
}

// oldPrice reads an old price the query wrote as -1 for none.
func oldPrice(kopecks int64) *money.Amount {
	if kopecks < 0 {
		return nil
	}
	return new(money.Amount(kopecks))
}
