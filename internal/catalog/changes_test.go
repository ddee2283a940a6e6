package catalog_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/store/dbtest"
)

// A server caches the tree between changes; a change committed by another process (an import, a replica)
// reaches it through NOTIFY, and the next request sees the new tree.
func TestCachedTreeFollowsChangesFromAnotherProcess(t *testing.T) {
	url := dbtest.URL(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	server := newPoolService(t, ctx, url)
	go server.WatchChanges(ctx)
	waitFor(t, func() bool { _, ok := server.Generation(); return ok })

	first, err := server.Tree(ctx)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := server.Tree(ctx)
	if again != first {
		t.Fatal("the tree was rebuilt without a change")
	}

	other := newPoolService(t, ctx, url) // another process, as far as the server can tell
	f := &catalog.ImportFile{Categories: []catalog.ImportCategory{{Slug: "shuby", Name: "Шубы"}}}
	if _, err := other.Import(ctx, f, nil, nil, nil); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool {
		tree, err := server.Tree(ctx)
		_, found := tree.BySlug("shuby")
		return err == nil && found
	})
}

func newPoolService(t *testing.T, ctx context.Context, url string) *catalog.Service {
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return catalog.NewService(pool, nil, nil, slog.New(slog.DiscardHandler))
}

func waitFor(t testing.TB, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 10s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
