package account

import (
	"sync"
	"time"
)

// sessionCache keeps sessions that were recently authenticated, so that most authenticated requests cost no
// database round trip. It is tagged with the generation of NOTIFY auth_changed (migration 00007): ending any
// session or changing any user, in any process, empties it. Its size is bounded by emptying it when full.
type sessionCache struct {
	mu       sync.RWMutex
	gen      uint64
	max      int
	sessions map[string]cachedSession // by token hash
}

type cachedSession struct {
	session   Session
	expiresAt time.Time
	lastUsed  time.Time
}

func newSessionCache(max int) *sessionCache {
	return &sessionCache{max: max, sessions: make(map[string]cachedSession)}
}

func (c *sessionCache) get(gen uint64, hash []byte) (cachedSession, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.gen != gen {
		return cachedSession{}, false
	}
	s, ok := c.sessions[string(hash)]
	return s, ok
}

// put stores a session read under generation gen; one read under an older generation is dropped.
func (c *sessionCache) put(gen uint64, hash []byte, s cachedSession) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case gen < c.gen:
		return
	case gen > c.gen || len(c.sessions) >= c.max:
		c.gen, c.sessions = gen, make(map[string]cachedSession, len(c.sessions))
	}
	c.sessions[string(hash)] = s
}
