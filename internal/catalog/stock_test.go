package catalog_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/mekhaishuby/furstore/internal/apptest"
	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/store"
	"github.com/mekhaishuby/furstore/internal/store/dbtest"
)

// ids returns the ids of the fixture's products by slug.
func ids(t testing.TB, svc *catalog.Service, slugs ...string) []int64 {
	t.Helper()
	out := make([]int64, len(slugs))
	for i, s := range slugs {
		var err error
		if out[i], err = productID(svc, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	return out
}

func productID(svc *catalog.Service, slug string) (int64, error) {
	page, _, err := svc.Admin().Products(context.Background(), catalog.ProductFilter{
		ListQuery: catalog.ListQuery{MaxPrice: money.Max, Sort: catalog.SortPrice, Page: 1, PageSize: 100}, Text: slug})
	if err != nil {
		return 0, err
	}
	for _, p := range page {
		if p.Slug == slug {
			return p.ID, nil
		}
	}
	return 0, errors.New("no such product")
}

func stockOf(t *testing.T, f fixture, ids ...int64) []int32 {
	t.Helper()
	av, err := f.svc.Availability(context.Background(), f.pool, ids)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]int32, len(ids))
	for i, id := range ids {
		out[i] = av[id].Stock
	}
	return out
}

// variants returns the one variant of each product, as a v1 client's product id resolves to it.
func variants(t testing.TB, svc *catalog.Service, products ...int64) []int64 {
	t.Helper()
	out := make([]int64, len(products))
	for i, p := range products {
		o, err := svc.ProductOffer(context.Background(), p)
		if err != nil {
			t.Fatalf("product %d: %v", p, err)
		}
		out[i] = o.Variant.ID
	}
	return out
}

func TestTakeStockTakesEverythingInIDOrderOrNothing(t *testing.T) {
	f := newFixture(t, dbtest.New(t))
	f.load(t)
	svc := f.svc
	p := ids(t, svc, "shuba-elena", "zhaket-vera", "palantin", "zhaket-hidden") // stock 2, 5, 7, 3 (inactive)
	v := variants(t, svc, p...)
	elena, vera, palantin, hidden := v[0], v[1], v[2], v[3]
	ctx := context.Background()
	take := func(lines ...catalog.Line) (taken []catalog.Taken, short []catalog.Shortage) {
		t.Helper()
		err := store.InTx(ctx, f.pool, func(tx *store.Tx) (err error) {
			taken, short, err = svc.TakeStock(ctx, tx, lines)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return taken, short
	}

	// Lines in any order, the same product twice: taken once each, in id order.
	taken, short := take(catalog.Line{VariantID: palantin, Quantity: 1}, catalog.Line{VariantID: elena, Quantity: 1},
		catalog.Line{VariantID: palantin, Quantity: 2})
	want := []catalog.Taken{
		{ProductID: p[0], VariantID: elena, Name: "Норковая шуба «Елена»", Price: 18500000, Quantity: 1},
		{ProductID: p[2], VariantID: palantin, Name: "Палантин из норки", Price: 1999050, Quantity: 3},
	}
	if short != nil {
		t.Fatalf("short %+v", short)
	}
	if diff := cmp.Diff(want, taken, cmpopts.IgnoreFields(catalog.Taken{}, "SKU", "Slug", "Image")); diff != "" {
		t.Errorf("taken (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int32{1, 5, 4}, stockOf(t, f, elena, vera, palantin)); diff != "" {
		t.Errorf("stock after (-want +got):\n%s", diff)
	}

	// One line short: nothing is taken, and every short line is named.
	taken, short = take(catalog.Line{VariantID: vera, Quantity: 5}, catalog.Line{VariantID: 999999, Quantity: 1},
		catalog.Line{VariantID: hidden, Quantity: 1}, catalog.Line{VariantID: elena, Quantity: 2})
	wantShort := []catalog.Shortage{
		{ProductID: p[0], VariantID: elena, Name: "Норковая шуба «Елена»", Requested: 2, Available: 1},
		{ProductID: p[3], VariantID: hidden, Name: "Жакет «Скрытый»", Requested: 1, Available: 0},
		{VariantID: 999999, Name: "?", Requested: 1, Available: 0},
	}
	if taken != nil {
		t.Errorf("taken %+v while short", taken)
	}
	if diff := cmp.Diff(wantShort, short); diff != "" {
		t.Errorf("short (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int32{1, 5, 4}, stockOf(t, f, elena, vera, palantin)); diff != "" {
		t.Errorf("a short order took stock (-want +got):\n%s", diff)
	}

	// Given back, again in any order; a product since deleted is skipped.
	err := store.InTx(ctx, f.pool, func(tx *store.Tx) error {
		return svc.ReturnStock(ctx, tx, []catalog.Line{{VariantID: palantin, Quantity: 3}, {VariantID: 999999, Quantity: 1},
			{VariantID: elena, Quantity: 1}})
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int32{2, 5, 7}, stockOf(t, f, elena, vera, palantin)); diff != "" {
		t.Errorf("stock given back (-want +got):\n%s", diff)
	}

	if _, _, err := svc.TakeStock(ctx, nil, []catalog.Line{{VariantID: elena, Quantity: 0}}); err == nil {
		t.Error("a line of quantity 0 was accepted")
	}
}

// Stock taken by an order reaches this server's reads the moment the order commits, and the other servers'
// through the NOTIFY the catalog sends itself (the trigger stays quiet for stock changed by our connections).
// A transaction that rolls back announces nothing.
func TestStockChangesAreAnnouncedAfterCommitOnly(t *testing.T) {
	url := dbtest.URL(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	hereF, there := openFixture(t, ctx, url), openFixture(t, ctx, url).svc
	hereF.load(t)
	here := hereF.svc
	for _, s := range []*catalog.Service{here, there} {
		go s.WatchChanges(ctx)
		apptest.WaitFor(t, func() bool { _, ok := s.Generation(); return ok })
	}
	vera := variants(t, here, ids(t, here, "zhaket-vera")...)[0]
	offer := func(s *catalog.Service) int32 {
		o, err := s.Summaries(ctx, []int64{vera})
		if err != nil {
			t.Fatal(err)
		}
		return o[vera].Stock
	}
	if offer(here) != 5 || offer(there) != 5 { // both cache it now
		t.Fatal("fixture stock is not 5")
	}

	genBefore, _ := here.Generation()
	failed := errors.New("the order failed after taking stock")
	err := store.InTx(ctx, hereF.pool, func(tx *store.Tx) error {
		if _, _, err := here.TakeStock(ctx, tx, []catalog.Line{{VariantID: vera, Quantity: 2}}); err != nil {
			return err
		}
		return failed
	})
	if !errors.Is(err, failed) {
		t.Fatal(err)
	}
	if gen, _ := here.Generation(); gen != genBefore {
		t.Error("a rolled back order moved the catalog generation")
	}

	err = store.InTx(ctx, hereF.pool, func(tx *store.Tx) error {
		_, _, err := here.TakeStock(ctx, tx, []catalog.Line{{VariantID: vera, Quantity: 2}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := offer(here); got != 3 {
		t.Errorf("this server shows stock %d right after the order, want 3", got)
	}
	apptest.WaitFor(t, func() bool { return offer(there) == 3 })
}

// openFixture returns a catalog over a pool opened as the server opens it (store.Open), on the database url:
// another server, as far as the others can tell.
func openFixture(t testing.TB, ctx context.Context, url string) fixture {
	t.Helper()
	pool, err := store.Open(ctx, url, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return newFixture(t, pool)
}
