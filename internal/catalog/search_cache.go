package catalog

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// maxCachedSearches bounds how many searches' matches a server keeps per generation (a few KB each at most for
// a fur shop's catalog); reaching it starts afresh, and the searches people repeat come back at once.
const maxCachedSearches = 2000

// searchTimeout bounds one search in PostgreSQL, which every request for the same words waits for.
const searchTimeout = 10 * time.Second

// searchCache keeps what q's words matched, with each product's rank, for the current catalog generation:
// which products words match depends only on the products' names and descriptions, which only a catalog change
// (a new generation) moves, never a sale. Filters, stock and order apply in memory on top (index.list).
type searchCache struct {
	mu      sync.Mutex
	gen     uint64
	max     int
	matches map[string]*searchHits
	running singleflight.Group
}

// searchHits are the products a search's words match in the index of one generation: by their place in the
// index, and in relevance order (the best match first, then the newest), sorted once for every request that
// asks for the same words.
type searchHits struct {
	member    []bool  // by place in the index
	relevance []int32 // places in the index
}

func newSearchCache(max int) *searchCache {
	return &searchCache{max: max, matches: map[string]*searchHits{}}
}

// searchMatches returns the active products of index ix that words match.
func (s *Service) searchMatches(ctx context.Context, ix *index, words []string) (*searchHits, error) {
	key := strings.Join(words, " ")
	c := s.searches
	c.mu.Lock()
	h, ok := c.matches[key]
	ok = ok && c.gen == ix.gen
	c.mu.Unlock()
	if ok {
		return h, nil
	}
	// Those who search for the same words at once share one search.
	v, err, _ := c.running.Do(strconv.FormatUint(ix.gen, 10)+" "+key, func() (any, error) {
		// Shared: it must not end with the request that happened to start it (a search box aborts often).
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), searchTimeout)
		defer cancel()
		rows, err := s.listQ.SearchProducts(ctx, words)
		if err != nil {
			return nil, fmt.Errorf("search %q: %w", words, err)
		}
		ranks := make(map[int32]float32, len(rows))
		for _, r := range rows {
			if i, ok := ix.byID[r.ID]; ok { // else deactivated since the index was read: the next one knows
				ranks[i] = r.Rank
			}
		}
		return ix.hits(ranks), nil
	})
	if err != nil {
		return nil, err
	}
	h = v.(*searchHits)
	if _, cacheable := s.changes.Current(); cacheable {
		c.mu.Lock()
		if ix.gen > c.gen || len(c.matches) >= c.max {
			c.gen, c.matches = ix.gen, map[string]*searchHits{}
		}
		if ix.gen == c.gen {
			c.matches[key] = h
		}
		c.mu.Unlock()
	}
	return h, nil
}

// hits makes the searchHits of the products ranked (by place in the index), ordering them by relevance.
func (ix *index) hits(ranked map[int32]float32) *searchHits {
	h := &searchHits{member: make([]bool, len(ix.products)), relevance: make([]int32, 0, len(ranked))}
	for i := range ranked {
		h.member[i] = true
		h.relevance = append(h.relevance, i)
	}
	slices.SortFunc(h.relevance, func(a, b int32) int {
		pa, pb := &ix.products[a], &ix.products[b]
		return cmp.Or(cmp.Compare(ranked[b], ranked[a]), cmp.Compare(pb.created, pa.created), cmp.Compare(pb.id, pa.id))
	})
	return h
}
