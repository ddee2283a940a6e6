package catalog_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/catalog/catalogtest"
	"github.com/mekhaishuby/furstore/internal/slug"
	"github.com/mekhaishuby/furstore/internal/store/dbtest"
)

// link is one product's linked pair as a test reads it: the value's text for a choice, else the number or flag.
type link struct {
	Attribute string
	Value     string
	Number    float64
	Flag      *bool
}

// linksOf returns the linked pairs of the active product with the slug, in the pairs' order.
func linksOf(t *testing.T, svc *catalog.Service, productSlug string) []link {
	t.Helper()
	ctx := context.Background()
	attrs, err := svc.Attributes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	names, values := map[int64]string{}, map[int64]string{}
	for _, a := range attrs {
		names[a.ID] = a.Name
		for _, v := range a.Values {
			values[v.ID] = v.Value
		}
	}
	id := ids(t, svc, productSlug)[0]
	all, err := svc.AttributeLinks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := []link{}
	for _, l := range all {
		if l.ProductID != id {
			continue
		}
		k := link{Attribute: names[l.AttributeID], Flag: l.Flag}
		if l.ValueID != nil {
			k.Value = values[*l.ValueID]
		}
		if l.Number != nil {
			k.Number = *l.Number
		}
		out = append(out, k)
	}
	return out
}

func defineAttribute(t *testing.T, svc *catalog.Service, name, kind string) catalog.AttributeDef {
	t.Helper()
	a, err := svc.Admin().CreateAttribute(context.Background(), account.User{}, catalog.AttributeInput{Name: name, Kind: kind, Filterable: true})
	if err != nil {
		t.Fatalf("create attribute %s: %v", name, err)
	}
	return a
}

func yes() *bool { b := true; return &b }
func no() *bool  { b := false; return &b }

// A pair links to the attribute its name names, whoever writes the product: choice values are created as
// products name them (one per value, whatever its case or ё), numbers read from «110 см», flags from «да».
func TestAttributePairsLinkOnWrite(t *testing.T) {
	svc, files := newService(t)
	ctx := context.Background()
	defineAttribute(t, svc, "Мех", catalog.KindChoice)
	defineAttribute(t, svc, "Длина", catalog.KindNumber)
	defineAttribute(t, svc, "Капюшон", catalog.KindBool)

	f := catalogtest.File()
	f.Products = f.Products[:1]
	f.Products[0].Attributes = []catalog.Attribute{{Name: "  мех ", Value: "Соболь"}, {Name: "Длина", Value: "до 110,5 см"},
		{Name: "Рукав", Value: "Длинный"}, {Name: "Капюшон", Value: "да"}}
	f.Products = append(f.Products,
		catalog.ImportProduct{Slug: "shuba-2", Name: "Шуба 2", Category: "norkovye-shuby", Price: 100, Stock: 1,
			Attributes: []catalog.Attribute{{Name: "МЕХ", Value: "СОБОЛЬ"}, {Name: "Длина", Value: "длинная"}, {Name: "Капюшон", Value: "Нет"}}},
		catalog.ImportProduct{Slug: "shuba-3", Name: "Шуба 3", Category: "norkovye-shuby", Price: 100, Stock: 1,
			Attributes: []catalog.Attribute{{Name: "Мех", Value: "Норка"}, {Name: "Капюшон", Value: "съёмный"}, {Name: "Длина", Value: "95"}}})
	if _, err := svc.Import(ctx, f, catalogtest.Pictures(t), files, nil); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		slug string
		want []link
	}{
		{"shuba-elena", []link{{Attribute: "Мех", Value: "Соболь"}, {Attribute: "Длина", Number: 110.5}, {Attribute: "Капюшон", Flag: yes()}}},
		{"shuba-2", []link{{Attribute: "Мех", Value: "Соболь"}, {Attribute: "Капюшон", Flag: no()}}},
		{"shuba-3", []link{{Attribute: "Мех", Value: "Норка"}, {Attribute: "Длина", Number: 95}}},
	} {
		if diff := cmp.Diff(linksOf(t, svc, tt.slug), tt.want); diff != "" {
			t.Errorf("%s links (-got +want):\n%s", tt.slug, diff)
		}
	}
	attrs, err := svc.Attributes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// «Норка» came first: the catalog's shuba-elena named it when Мех was defined.
	if diff := cmp.Diff(attrs[0].Values, []catalog.AttributeValue{{ID: attrs[0].Values[0].ID, Slug: "norka", Value: "Норка"},
		{ID: attrs[0].Values[1].ID, Slug: "sobol", Value: "Соболь"}}); attrs[0].Name != "Мех" || diff != "" {
		t.Errorf("values of %s (-got +want):\n%s", attrs[0].Name, diff)
	}

	// A staff edit of the pairs relinks; one of the product's pairs that no longer names an attribute unlinks.
	id := ids(t, svc, "shuba-3")[0]
	p, err := svc.Admin().Product(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	pairs := []catalog.Attribute{{Name: "Длина", Value: "120 см"}, {Name: "Мех", Value: "норка"}}
	if _, err := svc.Admin().UpdateProduct(ctx, account.User{}, id, catalog.ProductInput{Version: &p.Version, Attributes: &pairs}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(linksOf(t, svc, "shuba-3"), []link{{Attribute: "Длина", Number: 120}, {Attribute: "Мех", Value: "Норка"}}); diff != "" {
		t.Errorf("links after the edit (-got +want):\n%s", diff)
	}
}

// An attribute defined after the products exist links them at once; renamed, it unlinks those of its old name
// and links those of its new one; given another kind, it links them as that kind.
func TestAttributeDefinedLaterRelinksProducts(t *testing.T) {
	svc, _ := newService(t) // shuba-elena: Мех: Норка, Цвет: Чёрный
	ctx := context.Background()
	if got := linksOf(t, svc, "shuba-elena"); len(got) != 0 {
		t.Fatalf("links before any attribute: %v", got)
	}
	colour := defineAttribute(t, svc, "Цвет", catalog.KindChoice)
	if len(colour.Values) != 1 || colour.Values[0].Value != "Чёрный" || colour.Values[0].Slug != "chyornyy" {
		t.Errorf("the new attribute's values = %+v, want the one shuba-elena names", colour.Values)
	}
	if diff := cmp.Diff(linksOf(t, svc, "shuba-elena"), []link{{Attribute: "Цвет", Value: "Чёрный"}}); diff != "" {
		t.Errorf("links (-got +want):\n%s", diff)
	}

	name := "Мех"
	if _, err := svc.Admin().UpdateAttribute(ctx, account.User{}, colour.ID, catalog.AttributeChange{Name: &name}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(linksOf(t, svc, "shuba-elena"), []link{{Attribute: "Мех", Value: "Норка"}}); diff != "" {
		t.Errorf("links after the rename (-got +want):\n%s", diff)
	}

	kind := catalog.KindBool
	a, err := svc.Admin().UpdateAttribute(ctx, account.User{}, colour.ID, catalog.AttributeChange{Kind: &kind})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Values) != 0 {
		t.Errorf("a bool attribute keeps values %+v", a.Values)
	}
	if got := linksOf(t, svc, "shuba-elena"); len(got) != 0 {
		t.Errorf("«Норка» linked as a yes/no: %v", got)
	}
}

// The catalog import links what it writes through the same triggers: «Длина: 110 см» is the number 110.
func TestAttributeImportLinksNumbers(t *testing.T) {
	svc, files := newService(t)
	unit := "см"
	if _, err := svc.Admin().CreateAttribute(context.Background(), account.User{},
		catalog.AttributeInput{Name: "Длина", Kind: catalog.KindNumber, Unit: &unit, Filterable: true}); err != nil {
		t.Fatal(err)
	}
	f := catalogtest.File()
	f.Products = []catalog.ImportProduct{{Slug: "shuba-dlinnaya", Name: "Шуба длинная", Category: "norkovye-shuby",
		Price: 100, Stock: 1, Attributes: []catalog.Attribute{{Name: "Мех", Value: "Норка"}, {Name: "Длина", Value: "110 см"}}}}
	if _, err := svc.Import(context.Background(), f, catalogtest.Pictures(t), files, nil); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(linksOf(t, svc, "shuba-dlinnaya"), []link{{Attribute: "Длина", Number: 110}}); diff != "" {
		t.Errorf("links (-got +want):\n%s", diff)
	}
}

// An import file may define attributes too (the demo's do): created or updated by slug, before its products,
// which link to them.
func TestAttributeImportDefinesAttributes(t *testing.T) {
	svc, files := newService(t)
	ctx := context.Background()
	f := catalogtest.File()
	unit := "см"
	f.Attributes = []catalog.ImportAttribute{
		{Slug: "fur", Name: "Мех", Kind: catalog.KindChoice, Position: 1},
		{Slug: "length", Name: "Длина", Kind: catalog.KindNumber, Unit: &unit, Position: 2},
	}
	f.Products[1].Attributes = []catalog.Attribute{{Name: "Длина", Value: "90 см"}}
	for range 2 { // again: nothing changes
		if _, err := svc.Import(ctx, f, catalogtest.Pictures(t), files, nil); err != nil {
			t.Fatal(err)
		}
	}
	attrs, err := svc.Attributes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(attrs) != 2 || attrs[0].Slug != "fur" || attrs[1].Slug != "length" || *attrs[1].Unit != "см" || !attrs[0].Filterable {
		t.Fatalf("attributes = %+v", attrs)
	}
	if diff := cmp.Diff(linksOf(t, svc, "shuba-anna"), []link{{Attribute: "Длина", Number: 90}}); diff != "" {
		t.Errorf("links (-got +want):\n%s", diff)
	}
	if diff := cmp.Diff(linksOf(t, svc, "shuba-elena"), []link{{Attribute: "Мех", Value: "Норка"}}); diff != "" {
		t.Errorf("links (-got +want):\n%s", diff)
	}

	f.Attributes = []catalog.ImportAttribute{{Slug: "fur", Name: "Мех", Kind: "colour"}}
	if _, err := svc.Import(ctx, f, catalogtest.Pictures(t), files, nil); err == nil {
		t.Error("an unknown kind was imported")
	}
}

// The database reads numbers and yes/no from a pair's text, and makes a value's slug as package slug does.
func TestAttributeTextIsReadInTheDatabase(t *testing.T) {
	pool := dbtest.New(t)
	numbers := map[string]*float64{"110 см": ptr(110.0), "70,5": ptr(70.5), "до 110 см": ptr(110.0), "100-110": ptr(100.0),
		"длинная": nil, "": nil, "1.25 м": ptr(1.25), "1234567890123456789": nil}
	for text, want := range numbers {
		var got *float64
		if err := pool.QueryRow(context.Background(), "SELECT attribute_number($1)::float8", text).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(got, want); diff != "" {
			t.Errorf("attribute_number(%q) (-got +want):\n%s", text, diff)
		}
	}
	flags := map[string]*bool{"да": yes(), " Есть ": yes(), "YES": yes(), "true": yes(), "+": yes(),
		"нет": no(), "No": no(), "false": no(), "-": no(), "съёмный": nil, "": nil}
	for text, want := range flags {
		var got *bool
		if err := pool.QueryRow(context.Background(), "SELECT attribute_flag($1)", text).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(got, want); diff != "" {
			t.Errorf("attribute_flag(%q) (-got +want):\n%s", text, diff)
		}
	}
	for _, text := range []string{"Чёрный", "Серо-голубой", "Щука и ёж", "Объём", "Hugo Boss №5", "Жёлто—Зелёный  (хаки)",
		"ЭЮЯ ЪЬ ЫЦЧШХ", "«»", "Fendi", "  тёмно-коричневый  "} {
		var got string
		if err := pool.QueryRow(context.Background(), "SELECT slug_make($1)", text).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if want := slug.Make(text); got != want {
			t.Errorf("slug_make(%q) = %q; slug.Make gives %q", text, got, want)
		}
	}
}

func ptr[T any](v T) *T { return &v }
