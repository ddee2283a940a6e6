package catalog_test

import (
	"context"
	"log/slog"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mekhaishuby/furstore/internal/apptest"
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
	apptest.WaitFor(t, func() bool { _, ok := server.Generation(); return ok })

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
	apptest.WaitFor(t, func() bool {
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
