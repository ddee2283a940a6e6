package catalog_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/catalog/catalogtest"
	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/store/dbtest"
)

func TestReimportUpdatesBySlugAndNeverDuplicates(t *testing.T) {
	svc, store := newService(t)
	before := list(t, svc, catalog.ListParams{PageSize: "100"})

	f := catalogtest.File()
	f.Products[0].Price = 17000000
	f.Products[0].Name = "Норковая шуба «Елена» (новая коллекция)"
	f.Products[0].Images = []string{"b.png"}
	f.Categories = append(f.Categories, catalog.ImportCategory{Slug: "shapki", Name: "Шапки", Parent: "aksessuary"})
	f.Products = append(f.Products, catalog.ImportProduct{Slug: "ushanka", Name: "Ушанка", Category: "shapki", Price: 900000, Stock: 1})
	if _, err := svc.Import(context.Background(), f, catalogtest.Pictures(t), store, nil); err != nil {
		t.Fatal(err)
	}
	after := list(t, svc, catalog.ListParams{PageSize: "100"})
	if after.Count != before.Count+1 {
		t.Fatalf("count %d after re-import, want %d", after.Count, before.Count+1)
	}
	card, err := svc.ProductBySlug(context.Background(), "shuba-elena")
	if err != nil {
		t.Fatal(err)
	}
	if card.Price != money.Amount(17000000) || !strings.Contains(card.Name, "новая коллекция") || len(card.Images) != 1 {
		t.Fatalf("updated card = %+v", card)
	}
	if card.ID != before.Results[len(before.Results)-1].ID { // shuba-elena was first in, so last newest-first
		t.Fatalf("re-import gave shuba-elena a new id %d", card.ID)
	}
	tree, _ := svc.Tree(context.Background())
	if c, ok := tree.BySlug("shapki"); !ok || *c.ParentID != mustSlug(t, tree, "aksessuary") {
		t.Fatalf("new category not under its parent")
	}
}

func mustSlug(t *testing.T, tree *catalog.Tree, slug string) int64 {
	c, ok := tree.BySlug(slug)
	if !ok {
		t.Fatalf("no category %s", slug)
	}
	return c.ID
}

func TestBadImportNamesTheItemAndWritesNothing(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(f *catalog.ImportFile)
		wants string
	}{
		{"unknown category", func(f *catalog.ImportFile) { f.Products[3].Category = "kurtki" }, `products[3] (slug "zhaket-vera"): no category "kurtki"`},
		{"bad slug", func(f *catalog.ImportFile) { f.Products[2].Slug = "Шуба 1" }, `products[2] (slug "Шуба 1"): slug`},
		{"duplicate slug", func(f *catalog.ImportFile) { f.Products[4].Slug = "zhaket-vera" }, `products[4] (slug "zhaket-vera"): slug appears twice`},
		{"negative stock", func(f *catalog.ImportFile) { f.Products[1].Stock = -1 }, `products[1] (slug "shuba-anna"): stock`},
		{"missing parent", func(f *catalog.ImportFile) { f.Categories[3].Parent = "nowhere" }, `categories[3] (slug "sobolya"): no parent category "nowhere"`},
		{"cycle", func(f *catalog.ImportFile) { f.Categories[1].Parent = "norkovye-shuby" }, "makes a cycle"},
		{"a picture that is not one", func(f *catalog.ImportFile) { f.Products[5].Images = []string{"not-a-picture.png"} }, `products[5] (slug "zhaket-hidden"): images[0] "not-a-picture.png": not a JPEG, PNG or WebP`},
		{"a missing picture", func(f *catalog.ImportFile) { f.Products[0].Images = []string{"nope.png"} }, `images[0] "nope.png": cannot read`},
		{"a path outside the folder", func(f *catalog.ImportFile) { f.Products[0].Images = []string{"/etc/passwd"} }, `images[0]: give a file path relative`},
		{"an empty name", func(f *catalog.ImportFile) { f.Categories[0].Name = " " }, `categories[0] (slug "norkovye-shuby"): name`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, store := newService(t)
			f := catalogtest.File()
			f.Products[0].Price = 1 // would show if anything were written
			tt.edit(f)
			_, err := svc.Import(context.Background(), f, catalogtest.Pictures(t), store, nil)
			var ie *catalog.ImportError
			if !errors.As(err, &ie) || !strings.Contains(err.Error(), tt.wants) {
				t.Fatalf("err = %v\nwant an ImportError containing %q", err, tt.wants)
			}
			card, err := svc.ProductBySlug(context.Background(), "shuba-elena")
			if err != nil || card.Price == 1 {
				t.Fatalf("a rejected import changed the store: %+v, %v", card, err)
			}
		})
	}
}

func TestReadImportFileNamesTheBrokenItem(t *testing.T) {
	tests := map[string]string{
		`{"products":[{"slug":"a","name":"A","category":"c","price":"100","stock":1},{"slug":"b","name":"B","category":"c","price":"12.345","stock":1}]}`: `products[1] (slug "b"): price`,
		`{"products":[{"slug":"a","name":"A","category":"c","prise":"100","stock":1}]}`:                                                                   `products[0] (slug "a"): json: unknown field "prise"`,
		`{"products":[{"slug":"a","name":"A","category":"c","stock":1}]}`:                                                                                 `products[0] (slug "a"): price and stock are required`,
		`{"products":[{"slug":"a","name":"A","category":"c","price":"100"}]}`:                                                                             `products[0] (slug "a"): price and stock are required`,
		`{"categories":[{"slug":"a","name":7}]}`:                                                                                                          `categories[0]`,
		`{"products":[`:                                                                                                                                   `catalog file`,
	}
	for in, want := range tests {
		_, err := catalog.ReadImportFile(strings.NewReader(in))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ReadImportFile(%s) = %v, want error containing %q", in, err, want)
		}
	}
}

func TestImportDocumentedExample(t *testing.T) {
	// The example in docs/catalog-import.md must import as it stands.
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "catalog-import.md"))
	if err != nil {
		t.Fatal(err)
	}
	start := strings.Index(string(doc), "```json\n")
	end := strings.Index(string(doc)[start+8:], "```")
	if start < 0 || end < 0 {
		t.Fatal("no ```json example in docs/catalog-import.md")
	}
	f, err := catalog.ReadImportFile(strings.NewReader(string(doc)[start+8 : start+8+end]))
	if err != nil {
		t.Fatal(err)
	}
	svc, store := newService(t)
	res, err := svc.Import(context.Background(), f, os.DirFS("testdata"), store, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Products == 0 || res.Categories == 0 || res.Variants < res.Products {
		t.Fatalf("example imported nothing: %+v", res)
	}
}

// mila is a natural-fur coat sold in sizes, its pieces known by their КИЗ.
func mila() catalog.ImportProduct {
	return catalog.ImportProduct{Slug: "shuba-mila", Name: "Норковая шуба «Мила»", Category: "norkovye-shuby", Price: 15000000,
		MarkedFur: true, Variants: []catalog.ImportVariant{
			{Size: new("44"), KIZ: []string{"RU-430302-MIL0000001"}},
			{Size: new("46"), Stock: new(int32(3)), KIZ: []string{"RU-430302-MIL0000002", "RU-430302-MIL0000003"}},
			{SKU: "MILA-48-BR", Size: new("48"), Color: new("коричневый"), Price: new(money.Amount(16000000)), OldPrice: new(money.Amount(18000000))},
		}}
}

// units counts a product's fur units by variant size, status and whether they have a КИЗ, and checks every
// variant's stock is its available units.
func units(t *testing.T, f fixture, slug string) map[string]int {
	t.Helper()
	rows, err := f.pool.Query(context.Background(), `
		SELECT coalesce(v.size, '·') || ' ' || u.status || CASE WHEN u.kiz IS NULL THEN '' ELSE ' КИЗ' END, count(*)
		FROM fur_units u JOIN product_variants v ON v.id = u.variant_id JOIN products p ON p.id = v.product_id
		WHERE p.slug = $1 GROUP BY 1`, slug)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			t.Fatal(err)
		}
		out[k] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	var wrong int
	if err := f.pool.QueryRow(context.Background(), `
		SELECT count(*) FROM product_variants v JOIN products p ON p.id = v.product_id
		WHERE p.slug = $1 AND p.marked_fur
		  AND v.stock <> (SELECT count(*) FROM fur_units u WHERE u.variant_id = v.id AND u.status = 'available')`, slug).Scan(&wrong); err != nil {
		t.Fatal(err)
	}
	if wrong != 0 {
		t.Errorf("%s: %d variants whose stock is not their available units", slug, wrong)
	}
	return out
}

// cardSizes is the public card's variants as "size colour price×stock".
func cardSizes(t *testing.T, svc *catalog.Service, slug string) []string {
	t.Helper()
	card, err := svc.ProductBySlug(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, v := range card.Variants {
		size, colour := "·", ""
		if v.Size != nil {
			size = *v.Size
		}
		if v.Color != nil {
			colour = " " + *v.Color
		}
		out = append(out, fmt.Sprintf("%s%s %s×%d %s", size, colour, v.Price, v.Stock, v.SKU))
	}
	return out
}

func TestImportVariantsWithKIZ(t *testing.T) {
	f := newFixture(t, dbtest.New(t))
	f.load(t)
	file := catalogtest.File()
	file.Products = append(file.Products, mila())
	// A product of the v1 file now sold in sizes: its one-size variant goes off sale.
	file.Products[3].Stock = 0
	file.Products[3].Variants = []catalog.ImportVariant{{Size: new("44"), Stock: new(int32(2))}, {Size: new("46"), Stock: new(int32(1))}}
	importFile := func() {
		t.Helper()
		if _, err := f.svc.Import(context.Background(), file, catalogtest.Pictures(t), f.media, nil); err != nil {
			t.Fatal(err)
		}
	}
	importFile()
	id, err := productID(f.svc, "shuba-mila")
	if err != nil {
		t.Fatal(err)
	}
	sku := fmt.Sprintf("MS-%06d", id)
	want := []string{"44 150000.00×1 " + sku + "-44", "46 150000.00×3 " + sku + "-46", "48 коричневый 160000.00×0 MILA-48-BR"}
	if diff := cmp.Diff(want, cardSizes(t, f.svc, "shuba-mila")); diff != "" {
		t.Errorf("imported variants (-want +got):\n%s", diff)
	}
	wantUnits := map[string]int{"44 available КИЗ": 1, "46 available КИЗ": 2, "46 available": 1}
	if diff := cmp.Diff(wantUnits, units(t, f, "shuba-mila")); diff != "" {
		t.Errorf("units (-want +got):\n%s", diff)
	}
	vera, err := productID(f.svc, "zhaket-vera")
	if err != nil {
		t.Fatal(err)
	}
	veraSKU := fmt.Sprintf("MS-%06d", vera)
	if diff := cmp.Diff([]string{"44 16400.00×2 " + veraSKU + "-44", "46 16400.00×1 " + veraSKU + "-46"}, cardSizes(t, f.svc, "zhaket-vera")); diff != "" {
		t.Errorf("a one-size product re-imported in sizes (-want +got):\n%s", diff)
	}

	// Again: nothing new, nothing duplicated.
	importFile()
	if diff := cmp.Diff(want, cardSizes(t, f.svc, "shuba-mila")); diff != "" {
		t.Errorf("re-imported variants (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantUnits, units(t, f, "shuba-mila")); diff != "" {
		t.Errorf("units after a re-import (-want +got):\n%s", diff)
	}

	// Staff received one more coded piece of size 44; the file, which does not know it, never writes it off.
	// Size 46 down to its two codes: the piece without one goes. Size 48 no longer listed: off sale.
	f.exec(t, `WITH v AS (SELECT id FROM product_variants WHERE sku = $1)
		INSERT INTO fur_units (variant_id, kiz) SELECT id, 'RU-430302-MIL0000009' FROM v`, sku+"-44")
	f.exec(t, "UPDATE product_variants SET stock = stock + 1 WHERE sku = $1", sku+"-44")
	file.Products[len(file.Products)-1].Variants = file.Products[len(file.Products)-1].Variants[:2]
	file.Products[len(file.Products)-1].Variants[1].Stock = nil
	importFile()
	if diff := cmp.Diff([]string{"44 150000.00×2 " + sku + "-44", "46 150000.00×2 " + sku + "-46"}, cardSizes(t, f.svc, "shuba-mila")); diff != "" {
		t.Errorf("after the third import (-want +got):\n%s", diff)
	}
	wantUnits = map[string]int{"44 available КИЗ": 2, "46 available КИЗ": 2, "46 written_off": 1}
	if diff := cmp.Diff(wantUnits, units(t, f, "shuba-mila")); diff != "" {
		t.Errorf("units after the third import (-want +got):\n%s", diff)
	}

	// The file stops marking the coat: it sells by number, and the units on its shelf are written off.
	mila := &file.Products[len(file.Products)-1]
	mila.MarkedFur = false
	for i := range mila.Variants {
		mila.Variants[i].KIZ, mila.Variants[i].Stock = nil, new(int32(2))
	}
	importFile()
	wantUnits = map[string]int{"44 written_off КИЗ": 2, "46 written_off КИЗ": 2, "46 written_off": 1}
	if diff := cmp.Diff(wantUnits, units(t, f, "shuba-mila")); diff != "" {
		t.Errorf("units once the file no longer marks the coat (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"44 150000.00×2 " + sku + "-44", "46 150000.00×2 " + sku + "-46"}, cardSizes(t, f.svc, "shuba-mila")); diff != "" {
		t.Errorf("stock once no longer marked (-want +got):\n%s", diff)
	}
}

func (f fixture) exec(t *testing.T, sql string, args ...any) {
	t.Helper()
	if _, err := f.pool.Exec(context.Background(), sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func TestBadImportVariantsNameTheItemAndWriteNothing(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(f *catalog.ImportFile, ids map[string]int64)
		wants string
	}{
		{"a КИЗ of a product that is not marked", func(f *catalog.ImportFile, _ map[string]int64) {
			f.Products[3].Variants = []catalog.ImportVariant{{Size: new("46"), KIZ: []string{"RU-430302-AAA0000001"}}}
		}, `products[3] (slug "zhaket-vera"): variants[0]: kiz lists the codes of natural-fur pieces`},
		{"a malformed КИЗ", func(f *catalog.ImportFile, _ map[string]int64) {
			f.Products[7].Variants[1].KIZ[1] = "RU-430302-MIL000002"
		},
			`products[7] (slug "shuba-mila"): variants[1]: kiz[1] "RU-430302-MIL000002" is not a КИЗ`},
		{"a КИЗ twice in the file", func(f *catalog.ImportFile, _ map[string]int64) {
			f.Products[2].MarkedFur = true
			f.Products[2].Variants = []catalog.ImportVariant{{KIZ: []string{"RU-430302-MIL0000001"}}}
		}, `products[7] (slug "shuba-mila"): variants[0]: kiz[0] RU-430302-MIL0000001 is given to products[2] (slug "shuba-sobol"): variants[0] kiz[0] too`},
		{"a size off the grid", func(f *catalog.ImportFile, _ map[string]int64) { f.Products[7].Variants[0].Size = new("45") },
			`variants[0]: size "45" is not of the Russian grid`},
		{"the same size twice", func(f *catalog.ImportFile, _ map[string]int64) { f.Products[7].Variants[1].Size = new("44") },
			`variants[1]: variants[0] is size 44 too`},
		{"fewer pieces than codes", func(f *catalog.ImportFile, _ map[string]int64) { f.Products[7].Variants[1].Stock = new(int32(1)) },
			`variants[1]: stock 1 is below the number of codes, 2`},
		{"a SKU twice", func(f *catalog.ImportFile, _ map[string]int64) { f.Products[7].Variants[0].SKU = "MILA-48-BR" },
			`variants[2]: sku "MILA-48-BR" is given to products[7] (slug "shuba-mila"): variants[0] too`},
		{"a stock that is not the variants' sum", func(f *catalog.ImportFile, _ map[string]int64) { f.Products[7].Stock = 5 },
			`products[7] (slug "shuba-mila"): stock 5 is not the sum of the variants' stock, 4`},
		{"no variants", func(f *catalog.ImportFile, _ map[string]int64) { f.Products[7].Variants = []catalog.ImportVariant{} },
			`products[7] (slug "shuba-mila"): variants must list at least one variant`},
		{"an old price without a price", func(f *catalog.ImportFile, _ map[string]int64) { f.Products[7].Variants[2].Price = nil },
			`variants[2]: old_price needs the variant's own price`},
		{"the SKU of another product", func(f *catalog.ImportFile, ids map[string]int64) {
			f.Products[7].Variants[0].SKU = fmt.Sprintf("MS-%06d", ids["zhaket-olga"])
		}, `is the SKU of product "zhaket-olga" (one size)`},
		{"a КИЗ already in the store", func(f *catalog.ImportFile, _ map[string]int64) {
			f.Products[7].Variants[1].KIZ[0] = "RU-430302-OLD0000001"
		}, `products[7] (slug "shuba-mila"): variants[1]: КИЗ RU-430302-OLD0000001 is already unit`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fx := newFixture(t, dbtest.New(t))
			fx.load(t)
			// A coat already in the store, marked, with a piece whose code is known.
			fx.exec(t, "UPDATE products SET marked_fur = true WHERE slug = 'shuba-elena'")
			fx.exec(t, `INSERT INTO fur_units (variant_id, kiz) SELECT v.id, 'RU-430302-OLD0000001'
				FROM product_variants v JOIN products p ON p.id = v.product_id WHERE p.slug = 'shuba-elena'`)
			olga, err := productID(fx.svc, "zhaket-olga")
			if err != nil {
				t.Fatal(err)
			}
			ids := map[string]int64{"zhaket-olga": olga}
			f := catalogtest.File()
			f.Products = append(f.Products, mila())
			f.Products[0].Price = 1 // would show if anything were written
			tt.edit(f, ids)
			_, err = fx.svc.Import(context.Background(), f, catalogtest.Pictures(t), fx.media, nil)
			var ie *catalog.ImportError
			if !errors.As(err, &ie) || !strings.Contains(err.Error(), tt.wants) {
				t.Fatalf("err = %v\nwant an ImportError containing %q", err, tt.wants)
			}
			card, err := fx.svc.ProductBySlug(context.Background(), "shuba-elena")
			if err != nil || card.Price == 1 {
				t.Fatalf("a rejected import changed the store: %+v, %v", card, err)
			}
			if _, err := fx.svc.ProductBySlug(context.Background(), "shuba-mila"); !isNotFound(err) {
				t.Fatalf("a rejected import added shuba-mila: %v", err)
			}
		})
	}
}

func TestReadImportFileVariants(t *testing.T) {
	ok := `{"products":[{"slug":"a","name":"A","category":"c","price":"100","variants":[{"size":"46","stock":1,"kiz":["RU-430302-AAA7582720"]}]}]}`
	f, err := catalog.ReadImportFile(strings.NewReader(ok))
	if err != nil {
		t.Fatalf("a product with variants and no stock: %v", err)
	}
	if v := f.Products[0].Variants; len(v) != 1 || *v[0].Size != "46" || *v[0].Stock != 1 || v[0].KIZ[0] != "RU-430302-AAA7582720" {
		t.Errorf("read %+v", f.Products[0])
	}
	bad := `{"products":[{"slug":"a","name":"A","category":"c","price":"100","variants":[{"sise":"46"}]}]}`
	if _, err := catalog.ReadImportFile(strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), `products[0] (slug "a"): json: unknown field "sise"`) {
		t.Errorf("a misspelt variant field: %v", err)
	}
}

// A catalog file may say what search engines are shown of a product's or a category's page; a later file that
// says nothing keeps it, and a bad one is refused before anything is written.
func TestImportMeta(t *testing.T) {
	svc, store := newService(t)
	ctx := context.Background()
	f := catalogtest.File()
	f.Products[0].MetaTitle = new("  Норковая шуба «Елена» — купить в Москве ")
	f.Products[0].MetaDescription = new("Шуба из норки в пол.")
	f.Categories[2].MetaTitle = new("Шубы из натурального меха")
	if _, err := svc.Import(ctx, f, catalogtest.Pictures(t), store, nil); err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		t.Helper()
		card, err := svc.ProductBySlug(ctx, "shuba-elena")
		if err != nil {
			t.Fatal(err)
		}
		if card.Meta.Title == nil || *card.Meta.Title != "Норковая шуба «Елена» — купить в Москве" ||
			card.Meta.Description == nil || *card.Meta.Description != "Шуба из норки в пол." {
			t.Errorf("%s: product meta %+v", when, card.Meta)
		}
		tree, err := svc.Tree(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if c, _ := tree.BySlug("shuby"); c.Meta.Title == nil || *c.Meta.Title != "Шубы из натурального меха" || c.Meta.Description != nil {
			t.Errorf("%s: category meta %+v", when, c.Meta)
		}
	}
	check("imported")
	if _, err := svc.Import(ctx, catalogtest.File(), catalogtest.Pictures(t), store, nil); err != nil {
		t.Fatal(err)
	}
	check("imported again without meta")

	bad := catalogtest.File()
	bad.Products[1].MetaTitle = new(strings.Repeat("шуба ", 50))
	bad.Categories[0].MetaDescription = new("   ")
	_, err := svc.Import(ctx, bad, catalogtest.Pictures(t), store, nil)
	var ie *catalog.ImportError
	if !errors.As(err, &ie) || len(ie.Problems) != 2 || !strings.Contains(ie.Problems[0]+ie.Problems[1], "meta_title") {
		t.Fatalf("bad meta: %v", err)
	}
}
