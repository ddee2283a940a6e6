package demo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	_ "image/png" // the pictures are PNG files
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"
	"github.com/mekhaishuby/furstore/internal/catalog"
)

var (
	slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	sentenceEnd = regexp.MustCompile(`[.!?](\s|$)`)
)

// sizes are the catalogs the store uses: the demo's and the benchmark's.
var sizes = []int{360, 10000}

func TestCategories(t *testing.T) {
	file, _ := Catalog(360, 1)
	cats := file.Categories
	if len(cats) < 30 {
		t.Errorf("%d categories, want at least 30", len(cats))
	}
	seen := map[string]catalog.ImportCategory{}
	positions := map[string]map[int32]bool{} // parent → positions of its children
	for _, c := range cats {
		if !slugPattern.MatchString(c.Slug) {
			t.Errorf("category %q: slug %q is not lower-case latin words joined by hyphens", c.Name, c.Slug)
		}
		if _, dup := seen[c.Slug]; dup {
			t.Errorf("slug %q is used twice", c.Slug)
		}
		if !cyrillic(c.Name) {
			t.Errorf("category %q has no Russian name", c.Slug)
		}
		if _, ok := seen[c.Parent]; c.Parent != "" && !ok {
			t.Errorf("category %q comes before its parent %q", c.Slug, c.Parent)
		}
		if positions[c.Parent] == nil {
			positions[c.Parent] = map[int32]bool{}
		}
		if c.Position <= 0 || positions[c.Parent][c.Position] {
			t.Errorf("category %q: position %d is not positive or repeats a sibling's", c.Slug, c.Position)
		}
		positions[c.Parent][c.Position] = true
		seen[c.Slug] = c
	}
	if d := maxDepth(cats); d < 3 {
		t.Errorf("the tree is %d levels deep, want at least 3", d)
	}

	wantChildren := map[string][]string{
		"": {"Женщинам", "Мужчинам", "Детям"},
		"shuby": {
			"Норковые шубы", "Собольи шубы", "Шубы из лисы", "Шубы из енота", "Шубы из каракуля", "Шубы из кролика",
		},
		"zhakety": {"Норковые жакеты", "Жакеты из кролика"},
	}
	for parent, want := range wantChildren {
		if diff := cmp.Diff(want, childNames(cats, parent)); diff != "" {
			t.Errorf("children of %q (-want +got):\n%s", parent, diff)
		}
	}
	for slug, want := range map[string]struct{ name, parent string }{
		"zhenshchinam":   {"Женщинам", ""},
		"muzhchinam":     {"Мужчинам", ""},
		"detyam":         {"Детям", ""},
		"shuby":          {"Шубы", "zhenshchinam"},
		"zhakety":        {"Жакеты", "zhenshchinam"},
		"muzhskie-shuby": {"Мужские шубы", "muzhchinam"},
	} {
		if got := seen[slug]; got.Name != want.name || got.Parent != want.parent {
			t.Errorf("category %q = %q under %q, want %q under %q", slug, got.Name, got.Parent, want.name, want.parent)
		}
	}
	for _, slug := range []string{"shuby", "zhakety"} {
		for _, child := range childrenOf(cats, slug) {
			if len(childrenOf(cats, child.Slug)) != 0 {
				t.Errorf("%q under %q is not a leaf", child.Slug, slug)
			}
		}
	}
	if n := len(childrenOf(cats, "detyam")); n < 2 {
		t.Errorf("«Детям» has %d leaves, want at least 2", n)
	}
}

func TestProducts(t *testing.T) {
	for _, n := range sizes {
		file, pictures := Catalog(n, 1)
		cats := file.Categories
		if len(file.Products) != n {
			t.Fatalf("Catalog(%d) has %d products", n, len(file.Products))
		}
		leaves := map[string]bool{}
		for _, c := range cats {
			leaves[c.Slug] = len(childrenOf(cats, c.Slug)) == 0
		}
		marked := subtree(cats, "shuby", "polushubki", "zhakety", "zhilety", "muzhskie-shuby", "detskie-shubki")
		unmarked := subtree(cats, "golovnye-ubory", "aksessuary", "dublyonki", "muzhskie-golovnye-ubory")
		hats := subtree(cats, "golovnye-ubory", "muzhskie-golovnye-ubory", "detskie-shapki")
		coats := subtree(cats, "shuby", "muzhskie-shuby")

		slugs := map[string]bool{}
		var withKopecks, onSale, soldOut, inactive int
		for _, p := range file.Products {
			if !slugPattern.MatchString(p.Slug) || slugs[p.Slug] {
				t.Errorf("product %q: slug %q is malformed or repeated", p.Name, p.Slug)
			}
			slugs[p.Slug] = true
			if !cyrillic(p.Name) || len([]rune(p.Name)) > 300 {
				t.Errorf("product %q: name is not Russian or too long", p.Slug)
			}
			if isLeaf, ok := leaves[p.Category]; !ok || !isLeaf {
				t.Errorf("product %q is in %q, which is not a leaf category", p.Slug, p.Category)
			}
			if p.Price < 5_000_00 || p.Price > 900_000_00 {
				t.Errorf("product %q costs %s, outside 5 000–900 000 ₽", p.Slug, p.Price)
			}
			if p.Price%100 != 0 {
				withKopecks++
			}
			if p.OldPrice != nil {
				onSale++
				if *p.OldPrice <= p.Price || *p.OldPrice > 900_000_00 {
					t.Errorf("product %q: old price %s is not between its price %s and 900 000 ₽",
						p.Slug, p.OldPrice, p.Price)
				}
			}
			if p.Stock < 0 || p.Stock > 15 {
				t.Errorf("product %q: stock %d outside 0–15", p.Slug, p.Stock)
			}
			if p.Stock == 0 {
				soldOut++
			}
			if p.IsActive != nil && !*p.IsActive {
				inactive++
			}
			if marked[p.Category] && !p.MarkedFur || unmarked[p.Category] && p.MarkedFur {
				t.Errorf("product %q in %q: MarkedFur = %v breaks the rule", p.Slug, p.Category, p.MarkedFur)
			}
			if s := sentences(p.Description); s < 2 || s > 4 || !cyrillic(p.Description) {
				t.Errorf("product %q: description has %d sentences, want 2–4 in Russian: %q", p.Slug, s, p.Description)
			}
			checkAttributes(t, p, hats[p.Category], coats[p.Category])
			if len(p.Images) < 1 || len(p.Images) > 3 {
				t.Errorf("product %q has %d pictures, want 1–3", p.Slug, len(p.Images))
			}
			for _, path := range p.Images {
				if _, err := fs.Stat(pictures, path); err != nil {
					t.Errorf("product %q: picture %q: %v", p.Slug, path, err)
				}
			}
		}
		// The shares asked for are 12 %, 20 %, 10 % and 3 %; the bounds leave room for chance.
		within(t, n, "with kopecks", withKopecks, 0.06, 0.2)
		within(t, n, "on sale", onSale, 0.12, 0.3)
		within(t, n, "sold out", soldOut, 0.05, 0.16)
		within(t, n, "inactive", inactive, 0.005, 0.06)
	}
}

// checkAttributes checks that a product's characteristics come in display order, that the fur and colour
// always come first, that garments have their length and hats have no sleeves.
func checkAttributes(t *testing.T, p catalog.ImportProduct, hat, coat bool) {
	t.Helper()
	order := []string{"Мех", "Цвет", "Длина", "Силуэт", "Капюшон", "Рукав", "Страна", "Бренд", "Размер"}
	var names []string
	last := -1
	for _, a := range p.Attributes {
		i := slices.Index(order, a.Name)
		if a.Name == "Цвет" && i == last { // a model in two colours has a pair for each
			continue
		}
		if i <= last || a.Value == "" {
			t.Errorf("product %q: characteristics %v are out of order, repeated, unknown or empty",
				p.Slug, p.Attributes)
			return
		}
		last = i
		names = append(names, a.Name)
	}
	if len(names) < 4 || names[0] != "Мех" || names[1] != "Цвет" || !slices.Contains(names, "Страна") || !slices.Contains(names, "Бренд") {
		t.Errorf("product %q: characteristics %v lack Мех, Цвет, Страна or Бренд", p.Slug, names)
	}
	if hat && (slices.Contains(names, "Рукав") || slices.Contains(names, "Длина") || slices.Contains(names, "Силуэт")) {
		t.Errorf("hat %q has a sleeve or a length: %v", p.Slug, names)
	}
	if coat && !slices.Equal(names, order) {
		t.Errorf("coat %q: characteristics %v, want all of %v", p.Slug, names, order)
	}
}

func TestShubySubtree(t *testing.T) {
	file, _ := Catalog(10000, 1)
	shuby := subtree(file.Categories, "shuby")
	active := 0
	for _, p := range file.Products {
		if shuby[p.Category] && (p.IsActive == nil || *p.IsActive) {
			active++
		}
	}
	if active < 1020 || active > 1380 {
		t.Errorf("«Шубы» holds %d active products of 10 000, want 1 200 ± 15 %%", active)
	}
}

// TestExampleFilter checks that the filter in the seed's example, min_price=16400&max_price=25700, finds
// active products in the whole catalog and in «Жакеты».
func TestExampleFilter(t *testing.T) {
	for _, n := range sizes {
		file, _ := Catalog(n, 1)
		zhakety := subtree(file.Categories, "zhakety")
		var all, inZhakety int
		for _, p := range file.Products {
			if p.Price >= 16_400_00 && p.Price <= 25_700_00 && (p.IsActive == nil || *p.IsActive) {
				all++
				if zhakety[p.Category] {
					inZhakety++
				}
			}
		}
		if all < 3 || inZhakety < 1 {
			t.Errorf("Catalog(%d): 16 400–25 700 ₽ finds %d active products, %d in «Жакеты»; want 3 and 1 at least",
				n, all, inZhakety)
		}
	}
}

func TestPictures(t *testing.T) {
	file, pictures := Catalog(10000, 1)
	used := map[string]bool{}
	for _, p := range file.Products {
		for _, path := range p.Images {
			used[path] = true
		}
	}
	count := 0
	err := fs.WalkDir(pictures, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		count++
		data, err := fs.ReadFile(pictures, path)
		if err != nil {
			return err
		}
		config, format, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			t.Errorf("%s does not decode: %v", path, err)
			return nil
		}
		if format != "png" || config.Width != pictureWidth || config.Height != pictureHeight {
			t.Errorf("%s is a %d×%d %s, want a %d×%d png",
				path, config.Width, config.Height, format, pictureWidth, pictureHeight)
		}
		if len(data) > 64<<10 {
			t.Errorf("%s takes %d bytes, want at most 64 KiB", path, len(data))
		}
		if !used[path] {
			t.Errorf("%s is not any product's picture", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if count < 20 || count > 45 {
		t.Errorf("%d pictures, want a few dozen", count)
	}
}

func TestDeterministic(t *testing.T) {
	file1, pictures1 := Catalog(360, 1)
	file2, pictures2 := Catalog(360, 1)
	if diff := cmp.Diff(file1, file2); diff != "" {
		t.Errorf("two catalogs of the same seed differ (-first +second):\n%s", diff)
	}
	if diff := cmp.Diff(readAll(t, pictures1), readAll(t, pictures2)); diff != "" {
		t.Errorf("two catalogs of the same seed have different pictures:\n%s", diff)
	}
	other, _ := Catalog(360, 2)
	if cmp.Equal(file1.Products, other.Products) {
		t.Error("seeds 1 and 2 give the same products")
	}
}

// TestReadsBack checks that the catalog survives the trip through JSON and the importer's strict reader.
func TestReadsBack(t *testing.T) {
	file, _ := Catalog(360, 1)
	data, err := json.Marshal(file)
	if err != nil {
		t.Fatal(err)
	}
	back, err := catalog.ReadImportFile(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(file, back); diff != "" {
		t.Errorf("the catalog changed on its way through JSON (-before +after):\n%s", diff)
	}
}

func BenchmarkCatalog(b *testing.B) {
	for _, n := range sizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				Catalog(n, 1)
			}
		})
	}
}

// within reports a count whose share of n is outside [lo, hi].
func within(t *testing.T, n int, what string, count int, lo, hi float64) {
	t.Helper()
	if share := float64(count) / float64(n); share < lo || share > hi {
		t.Errorf("Catalog(%d): %d products %s (%.1f %%), want %.0f–%.0f %%", n, count, what, share*100, lo*100, hi*100)
	}
}

func cyrillic(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }) >= 0
}

// sentences counts the sentences of a text by their final stops.
func sentences(s string) int {
	return len(sentenceEnd.FindAllString(s, -1))
}

func childrenOf(cats []catalog.ImportCategory, parent string) []catalog.ImportCategory {
	var kids []catalog.ImportCategory
	for _, c := range cats {
		if c.Parent == parent {
			kids = append(kids, c)
		}
	}
	return kids
}

// childNames returns the names of a category's children in their display order.
func childNames(cats []catalog.ImportCategory, parent string) []string {
	kids := childrenOf(cats, parent)
	slices.SortStableFunc(kids, func(a, b catalog.ImportCategory) int { return int(a.Position - b.Position) })
	var names []string
	for _, c := range kids {
		names = append(names, c.Name)
	}
	return names
}

// subtree returns the slugs of the given categories and of all categories under them.
func subtree(cats []catalog.ImportCategory, roots ...string) map[string]bool {
	in := map[string]bool{}
	for _, r := range roots {
		in[r] = true
	}
	for _, c := range cats { // parents come first, so one pass finds every descendant
		if in[c.Parent] {
			in[c.Slug] = true
		}
	}
	return in
}

func maxDepth(cats []catalog.ImportCategory) int {
	depth := map[string]int{"": 0}
	deepest := 0
	for _, c := range cats {
		depth[c.Slug] = depth[c.Parent] + 1
		deepest = max(deepest, depth[c.Slug])
	}
	return deepest
}

// readAll returns the files of fsys by path, as strings, which cmp compares much faster than byte slices.
func readAll(t *testing.T, fsys fs.FS) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, path)
		files[path] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

var kizPattern = regexp.MustCompile(`^[A-Z]{2}-[0-9]{6}-[A-Z]{3}[0-9]{7}$`)

// TestVariants checks the sizes, colours and fur units: coats on the even grid 42–56 (men's 46–58), hats
// 53–62, one size for stoles, bags and gloves; some sizes out of stock, a few models in two colours; every
// natural-fur piece a unit, most with a КИЗ of the right form, each given once.
func TestVariants(t *testing.T) {
	for _, n := range sizes {
		file, _ := Catalog(n, 1)
		cats := file.Categories
		womenCoats := subtree(cats, "shuby", "polushubki", "zhakety", "zhilety", "dublyonki")
		menCoats := subtree(cats, "muzhskie-shuby", "muzhskie-dublyonki")
		hats := subtree(cats, "golovnye-ubory", "muzhskie-golovnye-ubory", "detskie-shapki")
		oneSize := subtree(cats, "palantiny", "gorzhetki", "sumki", "varezhki-i-perchatki", "detskie-varezhki")
		codes := map[string]bool{}
		var sized, soldOutSizes, twoColours, pieces, coded int
		for _, p := range file.Products {
			if p.Variants == nil {
				if womenCoats[p.Category] || menCoats[p.Category] || hats[p.Category] {
					t.Errorf("product %q in %q has no sizes", p.Slug, p.Category)
				}
				continue
			}
			var sum int32
			kinds, colours := map[string]bool{}, map[string]bool{}
			for _, v := range p.Variants {
				key := fmt.Sprint(deref(v.Size), "/", deref(v.Height), "/", deref(v.Color))
				if kinds[key] {
					t.Errorf("product %q: variant %s twice", p.Slug, key)
				}
				kinds[key] = true
				if v.Color != nil {
					colours[*v.Color] = true
				}
				if v.Stock == nil || *v.Stock < 0 {
					t.Fatalf("product %q: variant %s without a stock", p.Slug, key)
				}
				sum += *v.Stock
				if v.Size != nil {
					size, _ := strconv.Atoi(*v.Size)
					switch {
					case !catalog.ValidSize(*v.Size):
						t.Errorf("product %q: size %s is not of the grid", p.Slug, *v.Size)
					case womenCoats[p.Category] && (size < 42 || size > 56 || size%2 != 0),
						menCoats[p.Category] && (size < 46 || size > 58 || size%2 != 0),
						hats[p.Category] && (size < 53 || size > 60),
						oneSize[p.Category]:
						t.Errorf("product %q in %q: size %s", p.Slug, p.Category, *v.Size)
					}
				}
				if v.Price != nil && (v.OldPrice != nil && *v.OldPrice <= *v.Price || *v.Price <= p.Price) {
					t.Errorf("product %q: variant %s costs %s (old %v), the product %s", p.Slug, key, v.Price, v.OldPrice, p.Price)
				}
				if !p.MarkedFur && v.KIZ != nil || len(v.KIZ) > int(*v.Stock) {
					t.Errorf("product %q (marked %v): variant %s has %d codes for %d pieces", p.Slug, p.MarkedFur, key, len(v.KIZ), *v.Stock)
				}
				for _, code := range v.KIZ {
					if !kizPattern.MatchString(code) || codes[code] {
						t.Errorf("product %q: КИЗ %q is malformed or given twice", p.Slug, code)
					}
					codes[code] = true
				}
				if p.MarkedFur {
					pieces += int(*v.Stock)
					coded += len(v.KIZ)
				}
				if p.Stock > 0 && *v.Stock == 0 {
					soldOutSizes++
				}
			}
			if sum != p.Stock {
				t.Errorf("product %q: stock %d, its variants %d", p.Slug, p.Stock, sum)
			}
			if len(colours) == 2 {
				twoColours++
			}
			if len(p.Variants) > 1 {
				sized++
			}
		}
		within(t, n, "in several variants", sized, 0.5, 0.9)
		within(t, n, "in two colours", twoColours, 0.06, 0.2)
		if soldOutSizes == 0 {
			t.Errorf("Catalog(%d): no product in stock has a size out of stock", n)
		}
		if pieces == 0 || float64(coded) < 0.85*float64(pieces) || coded == pieces {
			t.Errorf("Catalog(%d): %d of %d natural-fur pieces have a КИЗ; want most, not all", n, coded, pieces)
		}
	}
}

func TestOneVariant(t *testing.T) {
	file, _ := Catalog(360, 1)
	stock := map[string]int32{}
	for _, p := range file.Products {
		stock[p.Slug] = p.Stock
	}
	OneVariant(file)
	for _, p := range file.Products {
		if p.Variants != nil || p.Stock != stock[p.Slug] {
			t.Errorf("product %q: %d variants, stock %d; want none and %d", p.Slug, len(p.Variants), p.Stock, stock[p.Slug])
		}
	}
}

func deref(s *string) string {
	if s == nil {
		return "·"
	}
	return *s
}
