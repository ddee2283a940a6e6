package catalog

import (
	"sync"
	"time"

	"github.com/mekhaishuby/furstore/internal/web"
)

// answerCache keeps rendered catalog answers (listing pages, product cards) for the current catalog generation.
// Browsing repeats itself — the first page of «Шубы», the cards everyone opens — and between two changes of the
// catalog the answer to the same request is the same bytes. A new generation empties the cache; so does
// reaching the byte budget, which keeps memory bounded without LRU bookkeeping (hot entries come back at once).
type answerCache struct {
	mu      sync.RWMutex
	gen     uint64
	budget  int // bytes of bodies and keys
	used    int
	answers map[string]answer
}

type answer struct {
	web.Cached           // the body, gzipped too, and their entity tags
	stamp      stamp     // the stock it shows (indexKeeper): valid while current
	started    time.Time // when its render began
}

// newAnswerCache returns a cache holding at most budget bytes of answers; 0 turns caching off.
func newAnswerCache(budget int) *answerCache {
	return &answerCache{budget: budget, answers: make(map[string]answer)}
}

func (c *answerCache) get(gen uint64, key string) (answer, bool) {
	if c.budget == 0 {
		return answer{}, false
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.gen != gen {
		return answer{}, false
	}
	a, ok := c.answers[key]
	return a, ok
}

// put stores an answer read under generation gen. An answer from an older generation is dropped: the catalog
// changed while it was being read.
func (c *answerCache) put(gen uint64, key string, a answer) {
	size := len(key) + a.Size()
	if size > c.budget {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case gen < c.gen:
		return
	case gen > c.gen || c.used+size > c.budget:
		c.gen, c.used, c.answers = gen, 0, make(map[string]answer, len(c.answers))
	}
	if old, ok := c.answers[key]; ok {
		c.used -= len(key) + old.Size()
	}
	c.used += size
	c.answers[key] = a
}
