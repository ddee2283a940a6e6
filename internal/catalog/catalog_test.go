package catalog_test

import (
	"context"
	"log/slog"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/catalog/catalogtest"
	"github.com/mekhaishuby/furstore/internal/media"
	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/store/dbtest"
)

// fixture is a catalog service and what it stands on.
type fixture struct {
	svc      *catalog.Service
	pool     *pgxpool.Pool
	media    *media.Store
	accounts *account.Service
}

// newService returns a catalog service on a fresh database holding catalogtest.File.
func newService(t *testing.T) (*catalog.Service, *media.Store) {
	t.Helper()
	f := newFixture(t, dbtest.New(t))
	f.load(t)
	return f.svc, f.media
}

// newFixture returns a catalog service over pool, with a media store and accounts of its own.
func newFixture(t testing.TB, pool *pgxpool.Pool) fixture {
	t.Helper()
	log := slog.New(slog.DiscardHandler)
	files, err := media.NewStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	accounts, err := account.NewService(pool, log, account.Config{})
	if err != nil {
		t.Fatal(err)
	}
	return fixture{svc: catalog.NewService(pool, files, accounts, log), pool: pool, media: files, accounts: accounts}
}

// load imports catalogtest.File.
func (f fixture) load(t testing.TB) {
	t.Helper()
	if _, err := f.svc.Import(context.Background(), catalogtest.File(), catalogtest.Pictures(t), f.media, nil); err != nil {
		t.Fatal(err)
	}
}

func slugs(p catalog.Page) []string {
	var out []string
	for _, s := range p.Results {
		out = append(out, s.Slug)
	}
	return out
}

func list(t *testing.T, svc *catalog.Service, p catalog.ListParams) catalog.Page {
	t.Helper()
	q, err := p.Parse()
	if err != nil {
		t.Fatal(err)
	}
	page, err := svc.List(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	return page
}

func TestListCoversTheSubtreeFiltersAndSorts(t *testing.T) {
	svc, _ := newService(t)
	tests := []struct {
		name   string
		params catalog.ListParams
		want   []string
		count  int64
	}{
		{"a parent lists its descendants' products", catalog.ListParams{Category: "zhenshchinam", SortBy: "price"},
			[]string{"zhaket-vera", "zhaket-olga", "shuba-anna", "shuba-elena", "shuba-sobol"}, 5},
		{"ties in price are broken by id, descending too", catalog.ListParams{Category: "zhakety", SortBy: "-price"},
			[]string{"zhaket-olga", "zhaket-vera"}, 2},
		{"the seed's filter over the whole catalog", catalog.ListParams{MinPrice: "16400", MaxPrice: "25700", SortBy: "-price"},
			[]string{"shuba-anna", "palantin", "zhaket-olga", "zhaket-vera"}, 4},
		{"filters combine with a category", catalog.ListParams{Category: "shuby", MinPrice: "25700.00", MaxPrice: "185000"},
			[]string{"shuba-anna", "shuba-elena"}, 2},
		{"kopecks count at the boundary", catalog.ListParams{MinPrice: "19990.51"}, []string{"shuba-sobol", "shuba-anna", "shuba-elena"}, 3},
		{"by name", catalog.ListParams{Category: "shuby", SortBy: "name"}, []string{"shuba-anna", "shuba-elena", "shuba-sobol"}, 3},
		{"by name descending", catalog.ListParams{Category: "shuby", SortBy: "-name"}, []string{"shuba-sobol", "shuba-elena", "shuba-anna"}, 3},
		{"a leaf", catalog.ListParams{Category: "sobolya"}, []string{"shuba-sobol"}, 1},
		{"nothing in range", catalog.ListParams{MinPrice: "1000000"}, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := list(t, svc, tt.params)
			if diff := cmp.Diff(tt.want, slugs(page)); diff != "" {
				t.Errorf("slugs (-want +got):\n%s", diff)
			}
			if page.Count != tt.count {
				t.Errorf("count = %d, want %d", page.Count, tt.count)
			}
		})
	}
}

func TestListDefaultOrderIsNewestFirstAndHidesInactive(t *testing.T) {
	svc, _ := newService(t)
	got := slugs(list(t, svc, catalog.ListParams{}))
	want := []string{"palantin", "zhaket-olga", "zhaket-vera", "shuba-sobol", "shuba-anna", "shuba-elena"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
}

func TestPagesNeverOverlapOrSkip(t *testing.T) {
	svc, _ := newService(t)
	for _, sort := range []string{"price", "-price", "name", "-name", "created", "-created"} {
		all := slugs(list(t, svc, catalog.ListParams{SortBy: sort, PageSize: "100"}))
		var paged []string
		for page := 1; page <= 3; page++ {
			p := list(t, svc, catalog.ListParams{SortBy: sort, PageSize: "2", Page: strconv.Itoa(page)})
			if p.Count != 6 {
				t.Fatalf("%s page %d: count %d, want 6", sort, page, p.Count)
			}
			paged = append(paged, slugs(p)...)
		}
		if diff := cmp.Diff(all, paged); diff != "" {
			t.Errorf("sort %s: pages differ from the whole list (-whole +paged):\n%s", sort, diff)
		}
	}
}

func TestPagePastTheEndIsNotFound(t *testing.T) {
	svc, _ := newService(t)
	q, _ := catalog.ListParams{PageSize: "5", Page: "3"}.Parse()
	_, err := svc.List(context.Background(), q)
	if e, ok := apperr.As(err); !ok || e.Code != "page_not_found" {
		t.Fatalf("err = %v, want page_not_found", err)
	}
}

func TestUnknownCategoryIsNotFound(t *testing.T) {
	svc, _ := newService(t)
	q, _ := catalog.ListParams{Category: "no-such"}.Parse()
	_, err := svc.List(context.Background(), q)
	if e, ok := apperr.As(err); !ok || e.Kind != apperr.NotFound {
		t.Fatalf("err = %v, want not found", err)
	}
}

func TestParseRefusesBadParameters(t *testing.T) {
	tests := []struct {
		params catalog.ListParams
		code   string
		field  string
	}{
		{catalog.ListParams{SortBy: "price; DROP TABLE products"}, "invalid_sort", "sort_by"},
		{catalog.ListParams{MinPrice: "abc"}, "invalid_price", "min_price"},
		{catalog.ListParams{MaxPrice: "-5"}, "invalid_price", "max_price"},
		{catalog.ListParams{MaxPrice: "1e9"}, "invalid_price", "max_price"},
		{catalog.ListParams{MinPrice: "99999999999999999999999"}, "invalid_price", "min_price"},
		{catalog.ListParams{MinPrice: "500", MaxPrice: "100"}, "invalid_price", "min_price"},
		{catalog.ListParams{Page: "0"}, "invalid_page", "page"},
		{catalog.ListParams{Page: "-1"}, "invalid_page", "page"},
		{catalog.ListParams{Page: "two"}, "invalid_page", "page"},
		{catalog.ListParams{PageSize: "101"}, "invalid_page_size", "page_size"},
	}
	for _, tt := range tests {
		_, err := tt.params.Parse()
		e, ok := apperr.As(err)
		if !ok || e.Code != tt.code || e.Fields[tt.field] == "" {
			t.Errorf("Parse(%+v) = %v; want %s naming %s", tt.params, err, tt.code, tt.field)
		}
	}
	_, err := catalog.ListParams{SortBy: "bogus", Page: "0"}.Parse()
	if e, _ := apperr.As(err); e == nil || len(e.Fields) != 2 || e.Code != "invalid_input" {
		t.Errorf("two bad parameters: %v; want both named under invalid_input", err)
	}
}

func TestProductCard(t *testing.T) {
	svc, _ := newService(t)
	byID := list(t, svc, catalog.ListParams{Category: "norkovye-shuby", SortBy: "-price"}).Results[0]
	card, err := svc.ProductBySlug(context.Background(), "shuba-elena")
	if err != nil {
		t.Fatal(err)
	}
	if card.ID != byID.ID || card.Price != money.Amount(18500000) || card.Description != "Длинная шуба." || card.Stock != 2 || !card.InStock {
		t.Fatalf("card = %+v", card)
	}
	if diff := cmp.Diff([]catalog.Attribute{{Name: "Мех", Value: "Норка"}, {Name: "Цвет", Value: "Чёрный"}}, card.Attributes); diff != "" {
		t.Errorf("attributes keep their order (-want +got):\n%s", diff)
	}
	if len(card.Images) != 2 || card.Image != card.Images[0] || card.Images[0] == card.Images[1] {
		t.Errorf("images = %q, main %q", card.Images, card.Image)
	}
	if card.Category != (catalog.CategoryRef{ID: card.Category.ID, Slug: "norkovye-shuby", Name: "Норковые шубы"}) {
		t.Errorf("category = %+v", card.Category)
	}
	for _, slug := range []string{"zhaket-hidden", "no-such"} {
		if _, err := svc.ProductBySlug(context.Background(), slug); !isNotFound(err) {
			t.Errorf("%s: err = %v, want not found", slug, err)
		}
	}
	if _, err := svc.Product(context.Background(), 999999); !isNotFound(err) {
		t.Errorf("unknown id: err = %v, want not found", err)
	}
}

func isNotFound(err error) bool {
	e, ok := apperr.As(err)
	return ok && e.Kind == apperr.NotFound
}

func TestTreeIsOrderedAndNested(t *testing.T) {
	svc, _ := newService(t)
	tree, err := svc.Tree(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var names func(cs []*catalog.Category) []string
	names = func(cs []*catalog.Category) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.Name)
			for _, n := range names(c.Children) {
				out = append(out, "  "+n)
			}
		}
		return out
	}
	want := []string{"Аксессуары", "Женщинам", "  Шубы", "    Норковые шубы", "    Собольи шубы", "  Жакеты"}
	if diff := cmp.Diff(want, names(tree.Roots)); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
}
