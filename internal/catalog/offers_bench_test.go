package catalog_test

import (
	"context"
	"testing"

	"github.com/mekhaishuby/furstore/internal/apptest"
	"github.com/mekhaishuby/furstore/internal/store/dbtest"
)

// BenchmarkSummaries is what GET /api/cart asks of the catalog for a cart of three products: read each time
// (no listener, so nothing may be cached), or answered from the generation's cache.
func BenchmarkSummaries(b *testing.B) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f := openFixture(b, ctx, dbtest.URL(b))
	f.load(b)
	cart := variants(b, f.svc, ids(b, f.svc, "shuba-elena", "zhaket-vera", "palantin")...)
	run := func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if got, err := f.svc.Summaries(ctx, cart); err != nil || len(got) != 3 {
				b.Fatal(len(got), err)
			}
		}
	}
	b.Run("read", run)
	go f.svc.WatchChanges(ctx)
	apptest.WaitFor(b, func() bool { _, ok := f.svc.Generation(); return ok })
	b.Run("cached", run)
}
