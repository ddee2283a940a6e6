package catalog_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/catalog/catalogtest"
	"github.com/mekhaishuby/furstore/internal/money"
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
	if res.Products == 0 || res.Categories == 0 {
		t.Fatalf("example imported nothing: %+v", res)
	}
}
