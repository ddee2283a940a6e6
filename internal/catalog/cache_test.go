package catalog

import (
	"testing"

	"github.com/mekhaishuby/furstore/internal/web"
)

func TestAnswerCacheKeepsOneGenerationWithinItsBudget(t *testing.T) {
	c := newAnswerCache(100)
	a := answer{Cached: web.Cached{Body: []byte("0123456789"), ETag: `"e"`}}
	c.put(1, "a", a)
	if _, ok := c.get(1, "a"); !ok {
		t.Fatal("miss right after put")
	}
	if _, ok := c.get(2, "a"); ok {
		t.Fatal("an answer of generation 1 served as generation 2")
	}
	c.put(2, "b", a)
	if _, ok := c.get(2, "a"); ok {
		t.Fatal("a new generation kept an old answer")
	}
	c.put(1, "late", a) // read before the change, stored after it
	if _, ok := c.get(1, "late"); ok {
		t.Fatal("an answer read under an old generation was stored")
	}
	for i := range 20 {
		c.put(2, string(rune('c'+i)), a)
	}
	if c.used > 100 {
		t.Fatalf("cache holds %d bytes, over its budget of 100", c.used)
	}
	if _, ok := c.get(2, string(rune('c'+19))); !ok {
		t.Fatal("the newest answer was not kept")
	}
	off := newAnswerCache(0)
	off.put(1, "a", a)
	if _, ok := off.get(1, "a"); ok {
		t.Fatal("a cache of size 0 cached")
	}
}
