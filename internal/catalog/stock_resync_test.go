package catalog_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mekhaishuby/furstore/internal/apptest"
	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/store/dbtest"
)

// A server killed between an order's commit and its announcement leaves a sale nobody was told of. The other
// servers find it by themselves: a listing of what is in stock stops showing the sold-out coat.
func TestUnannouncedSaleIsFoundByTheResync(t *testing.T) {
	url := dbtest.URL(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	server := newPoolService(t, ctx, url)
	catalog.SetStockResync(server, 100*time.Millisecond)
	f := &catalog.ImportFile{
		Categories: []catalog.ImportCategory{{Slug: "shuby", Name: "Шубы"}},
		Products: []catalog.ImportProduct{
			{Slug: "norka", Name: "Шуба из норки", Category: "shuby", Price: money.Amount(16400000), Stock: 1},
			{Slug: "sobol", Name: "Шуба из соболя", Category: "shuby", Price: money.Amount(56400000), Stock: 2},
		},
	}
	if _, err := server.Import(ctx, f, nil, nil, nil); err != nil {
		t.Fatal(err)
	}
	go server.WatchChanges(ctx)
	apptest.WaitFor(t, func() bool { _, ok := server.Generation(); return ok })
	inStock := func() int64 {
		yes := true
		page, err := server.List(ctx, catalog.ListQuery{Category: "shuby", MaxPrice: money.Max, InStock: &yes, Page: 1, PageSize: 20})
		if err != nil {
			t.Fatal(err)
		}
		return page.Count
	}
	if n := inStock(); n != 2 {
		t.Fatalf("%d coats in stock before the sale; want 2", n)
	}

	// The killed server's sale: committed on a connection that announces stock itself (so no trigger tells
	// anyone), and never announced.
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `SET furstore.announces_stock = 'on'`); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `UPDATE product_variants SET stock = 0
		WHERE product_id = (SELECT id FROM products WHERE slug = 'norka')`); err != nil {
		t.Fatal(err)
	}
	apptest.WaitFor(t, func() bool { return inStock() == 1 })
}
