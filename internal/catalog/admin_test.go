package catalog_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/apptest"
	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/store/dbtest"
)

// A staff change of stock alone reaches every server (no trigger tells of it), and its history names the staff
// member through the account package, until the account is gone.
func TestStaffStockChangeIsAnnouncedAndNamesItsActor(t *testing.T) {
	url := dbtest.URL(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	here, there := openFixture(t, ctx, url), openFixture(t, ctx, url).svc
	here.load(t)
	go there.WatchChanges(ctx)
	apptest.WaitFor(t, func() bool { _, ok := there.Generation(); return ok })
	vera := ids(t, here.svc, "zhaket-vera")[0]
	veraVariant := variants(t, here.svc, vera)[0]
	stockThere := func() int32 {
		o, err := there.Summaries(ctx, []int64{veraVariant})
		if err != nil {
			t.Fatal(err)
		}
		return o[veraVariant].Stock
	}
	if got := stockThere(); got != 5 {
		t.Fatalf("fixture stock %d, want 5", got)
	}

	staff, _, err := here.accounts.Register(ctx, account.RegisterInput{Email: "sklad@mekha-shuby.ru",
		Password: "Sobol-2024-zima", FirstName: "Ольга", LastName: "Кладовщица"})
	if err != nil {
		t.Fatal(err)
	}
	set := int32(9)
	res, err := here.svc.Admin().ChangeStock(ctx, staff, vera, catalog.StockChange{Set: &set, Reason: "приёмка"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Stock != 9 || res.Movement.Delta != 4 || res.Movement.ActorEmail == nil || *res.Movement.ActorEmail != staff.Email {
		t.Errorf("change = %+v", res)
	}
	apptest.WaitFor(t, func() bool { return stockThere() == 9 })

	type who struct {
		Delta int32
		ID    *int64
		Email *string
	}
	history := func() []who {
		t.Helper()
		moves, count, err := here.svc.Admin().StockHistory(ctx, vera, 1, 20)
		if err != nil || count != int64(len(moves)) {
			t.Fatalf("history: %d of %d, %v", len(moves), count, err)
		}
		var out []who
		for _, m := range moves {
			out = append(out, who{m.Delta, m.ActorID, m.ActorEmail})
		}
		return out
	}
	if diff := cmp.Diff([]who{{4, &staff.ID, &staff.Email}}, history()); diff != "" {
		t.Errorf("history (-want +got):\n%s", diff)
	}
	if _, err := here.pool.Exec(ctx, "DELETE FROM users WHERE id = $1", staff.ID); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]who{{4, nil, nil}}, history()); diff != "" {
		t.Errorf("history once the account is gone (-want +got):\n%s", diff)
	}
	if _, _, err := here.svc.Admin().StockHistory(ctx, 999999, 1, 20); !isNotFound(err) {
		t.Errorf("history of no product: %v, want not found", err)
	}
}

// A staff write starts a new generation on this server as it commits, so the next read shows it at once; a
// form sent back unchanged writes nothing and moves nothing.
func TestStaffWritesMoveTheGenerationOnlyWhenTheyWrite(t *testing.T) {
	svc, _ := newService(t)
	ctx := context.Background()
	admin := svc.Admin()
	vera := ids(t, svc, "zhaket-vera")[0]
	p, err := admin.Product(ctx, vera)
	if err != nil {
		t.Fatal(err)
	}
	gen := func() uint64 { g, _ := svc.Generation(); return g }

	before := gen()
	same := p.Name
	if _, err := admin.UpdateProduct(ctx, account.User{}, vera, catalog.ProductInput{Name: &same, Version: &p.Version}); err != nil {
		t.Fatal(err)
	}
	if gen() != before {
		t.Error("an unchanged product moved the generation")
	}
	renamed := "Жакет «Вера» (новый)"
	after, err := admin.UpdateProduct(ctx, account.User{}, vera, catalog.ProductInput{Name: &renamed})
	if err != nil {
		t.Fatal(err)
	}
	if gen() == before || after.Version != p.Version+1 {
		t.Errorf("a renamed product: generation %d → %d, version %d → %d", before, gen(), p.Version, after.Version)
	}
	before = gen()
	if _, err := admin.CreateCategory(ctx, account.User{}, catalog.CategoryInput{Name: "Шапки"}); err != nil {
		t.Fatal(err)
	}
	if gen() == before {
		t.Error("a new category did not move the generation")
	}
}

func TestSummariesShowProductsSoldOrNot(t *testing.T) {
	svc, _ := newService(t)
	ctx := context.Background()
	p := ids(t, svc, "shuba-elena", "zhaket-hidden")
	got, err := svc.Summaries(ctx, append(p, 999999))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("%d offers, want 2 (no product 999999): %+v", len(got), got)
	}
	elena, hidden := got[p[0]], got[p[1]]
	if elena.Name != "Норковая шуба «Елена»" || elena.Price != 18500000 || elena.Stock != 2 || !elena.Active ||
		!elena.InStock || elena.Image == "" || elena.Category.Slug != "norkovye-shuby" {
		t.Errorf("elena = %+v", elena)
	}
	if hidden.Active || hidden.Stock != 3 {
		t.Errorf("an inactive product = %+v", hidden)
	}
	if err := svc.Admin().DeleteProduct(ctx, account.User{}, p[0]); err != nil {
		t.Fatal(err)
	}
	if got, err := svc.Summaries(ctx, p[:1]); err != nil || len(got) != 0 {
		t.Errorf("a deleted product: %+v, %v", got, err)
	}
}
