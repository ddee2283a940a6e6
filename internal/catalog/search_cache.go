package catalog

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/sync/singleflight"
)

// maxCachedSearches bounds how many searches' matches a server keeps per generation (a few KB each at most for
// a fur shop's catalog); reaching it starts afresh, and the searches people repeat come back at once.
const maxCachedSearches = 2000

// searchCache keeps what q's words matched, with each product's rank, for the current catalog generation:
// which products words match depends only on the products' names and descriptions, which only a catalog change
// (a new generation) moves, never a sale. Filters, stock and order apply in memory on top (index.list).
type searchCache struct {
	mu      sync.Mutex
	gen     uint64
	max     int
	matches map[string]map[int64]float32
	running singleflight.Group
}

func newSearchCache(max int) *searchCache {
	return &searchCache{max: max, matches: map[string]map[int64]float32{}}
}

// searchMatches returns the active products words match, by id, with their rank, as of generation gen.
func (s *Service) searchMatches(ctx context.Context, gen uint64, words []string) (map[int64]float32, error) {
	key := strings.Join(words, " ")
	c := s.searches
	c.mu.Lock()
	m, ok := c.matches[key]
	ok = ok && c.gen == gen
	c.mu.Unlock()
	if ok {
		return m, nil
	}
	// Those who search for the same words at once share one search.
	v, err, _ := c.running.Do(strconv.FormatUint(gen, 10)+" "+key, func() (any, error) {
		rows, err := s.listQ.SearchProducts(ctx, words)
		if err != nil {
			return nil, fmt.Errorf("search %q: %w", words, err)
		}
		m := make(map[int64]float32, len(rows))
		for _, r := range rows {
			m[r.ID] = r.Rank
		}
		return m, nil
	})
	if err != nil {
		return nil, err
	}
	m = v.(map[int64]float32)
	if _, cacheable := s.changes.Current(); cacheable {
		c.mu.Lock()
		if gen > c.gen || len(c.matches) >= c.max {
			c.gen, c.matches = gen, map[string]map[int64]float32{}
		}
		if gen == c.gen {
			c.matches[key] = m
		}
		c.mu.Unlock()
	}
	return m, nil
}
