package demo

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/media"
	"github.com/mekhaishuby/furstore/internal/store/dbtest"
)

// bfProduct is an active product as the brute force reads it from the tables, apart from the catalog's code.
type bfProduct struct {
	id, category int64
	price        int64
	onSale       bool
	inStock      bool
	sizes        []string
	choice       map[string][]string // attribute slug -> value slugs
	number       map[string][]float64
	flag         map[string][]bool
}

// Over random combinations of filters on the demo catalog, the listing's count and every facet's counts equal
// what a brute-force pass over the tables gives: a facet counts with every other filter applied but not its
// own, so a value's count is what the listing has with that value alone selected, which is checked too.
func TestFacetCountsEqualABruteForce(t *testing.T) {
	ctx := context.Background()
	files, err := media.NewStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	pool := dbtest.New(t)
	svc := catalog.NewService(pool, files, nil, slog.New(slog.DiscardHandler))
	file, pictures := Catalog(300, 7)
	if _, err := svc.Import(ctx, file, pictures, files, nil); err != nil {
		t.Fatal(err)
	}
	watch, stop := context.WithCancel(ctx)
	watching := make(chan struct{})
	go func() { defer close(watching); svc.WatchChanges(watch) }()
	defer func() { stop(); <-watching }()
	for _, ok := svc.Generation(); !ok; _, ok = svc.Generation() {
		time.Sleep(5 * time.Millisecond)
	}
	products := readBruteForce(t, pool)
	checked := 0
	attrs, err := svc.Attributes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var slugs []string
	if err := pool.QueryRow(ctx, "SELECT array_agg(slug ORDER BY id) FROM categories").Scan(&slugs); err != nil {
		t.Fatal(err)
	}

	rng := rand.New(rand.NewPCG(12, 2026))
	for round := range 150 {
		p := catalog.ListParams{Facets: "true", PageSize: "1", Filters: map[string]string{}}
		if rng.IntN(3) > 0 {
			p.Category = slugs[rng.IntN(len(slugs))]
		}
		if rng.IntN(3) == 0 {
			p.MinPrice = strconv.Itoa(5000 + rng.IntN(100000))
		}
		if rng.IntN(3) == 0 {
			p.MaxPrice = strconv.Itoa(100000 + rng.IntN(400000))
		}
		if rng.IntN(3) == 0 {
			p.InStock = []string{"true", "false"}[rng.IntN(2)]
		}
		if rng.IntN(4) == 0 {
			p.OnSale = []string{"true", "false"}[rng.IntN(2)]
		}
		if rng.IntN(3) == 0 {
			p.Size = strings.Join(pickN(rng, []string{"40", "42", "44", "46", "48", "50", "52", "54", "56"}, 1+rng.IntN(2)), ",")
		}
		for _, a := range pickN(rng, attrs, rng.IntN(4)) {
			switch a.Kind {
			case catalog.KindChoice:
				if len(a.Values) > 0 {
					var vs []string
					for _, v := range pickN(rng, a.Values, 1+rng.IntN(2)) {
						vs = append(vs, v.Slug)
					}
					p.Filters[a.Slug] = strings.Join(vs, ",")
				}
			case catalog.KindNumber:
				lo, hi := 40+rng.IntN(60), 80+rng.IntN(60)
				p.Filters[a.Slug] = []string{fmt.Sprintf("%d..%d", min(lo, hi), max(lo, hi)), fmt.Sprintf("%d..", lo), fmt.Sprintf("..%d", hi)}[rng.IntN(3)]
			case catalog.KindBool:
				p.Filters[a.Slug] = []string{"true", "false"}[rng.IntN(2)]
			}
		}
		what := fmt.Sprintf("round %d %+v", round, p)
		q, err := p.Parse()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		page, err := svc.List(ctx, q)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		sub := subtreeIDs(t, pool, p.Category)
		want := bruteCount(products, q, sub, attrs)
		if page.Count != int64(want) {
			t.Fatalf("%s: count %d, brute force %d", what, page.Count, want)
		}
		for _, f := range page.Facets {
			fj, ok := f.(catalog.FacetJSON)
			if !ok {
				continue // a number facet: a range, no counts
			}
			for _, v := range fj.Values {
				alone := q
				if fj.Slug == "size" {
					alone.Sizes = []string{v.Slug}
				} else {
					alone.Filters = cloneWith(q.Filters, fj.Slug, v.Slug)
				}
				if got := bruteCount(products, alone, sub, attrs); int64(got) != v.Count {
					t.Fatalf("%s: facet %s value %s counts %d, brute force %d", what, fj.Slug, v.Slug, v.Count, got)
				}
				alone.Facets, alone.PageSize = false, 1
				listed, err := svc.List(ctx, alone)
				if err != nil {
					t.Fatal(err)
				}
				checked++
				if listed.Count != v.Count {
					t.Fatalf("%s: facet %s value %s counts %d, the listing with it selected has %d", what, fj.Slug, v.Slug, v.Count, listed.Count)
				}
			}
		}
	}
	if checked < 500 {
		t.Fatalf("only %d facet values checked", checked)
	}
	t.Logf("%d facet values checked against the brute force and the listing", checked)
}

func cloneWith(m map[string]string, k, v string) map[string]string {
	out := map[string]string{k: v}
	for key, val := range m {
		if key != k {
			out[key] = val
		}
	}
	return out
}

func pickN[T any](rng *rand.Rand, from []T, n int) []T {
	idx := rng.Perm(len(from))
	var out []T
	for _, i := range idx[:min(n, len(from))] {
		out = append(out, from[i])
	}
	return out
}

// bruteCount counts the products q lists, by plain loops over what the tables hold.
func bruteCount(products []bfProduct, q catalog.ListQuery, sub map[int64]bool, attrs []catalog.AttributeDef) int {
	kinds := map[string]string{}
	for _, a := range attrs {
		kinds[a.Slug] = a.Kind
	}
	n := 0
	for _, p := range products {
		if sub != nil && !sub[p.category] || p.price < q.MinPrice.Kopecks() || p.price > q.MaxPrice.Kopecks() ||
			q.OnSale != nil && *q.OnSale != p.onSale || q.InStock != nil && *q.InStock != p.inStock {
			continue
		}
		if len(q.Sizes) > 0 && !slices.ContainsFunc(p.sizes, func(s string) bool { return slices.Contains(q.Sizes, s) }) {
			continue
		}
		ok := true
		for slug, val := range q.Filters {
			switch kinds[slug] {
			case catalog.KindChoice:
				ok = ok && slices.ContainsFunc(p.choice[slug], func(v string) bool { return slices.Contains(strings.Split(val, ","), v) })
			case catalog.KindBool:
				ok = ok && slices.Contains(p.flag[slug], val == "true")
			case catalog.KindNumber:
				from, to, _ := strings.Cut(val, "..")
				lo, errLo := strconv.ParseFloat(from, 64)
				hi, errHi := strconv.ParseFloat(to, 64)
				ok = ok && slices.ContainsFunc(p.number[slug], func(x float64) bool { return (errLo != nil || x >= lo) && (errHi != nil || x <= hi) })
			}
		}
		if ok {
			n++
		}
	}
	return n
}

func subtreeIDs(t *testing.T, pool *pgxpool.Pool, slug string) map[int64]bool {
	if slug == "" {
		return nil
	}
	rows, err := pool.Query(context.Background(), `WITH RECURSIVE s AS (SELECT id FROM categories WHERE slug = $1
		UNION ALL SELECT c.id FROM categories c JOIN s ON c.parent_id = s.id) SELECT id FROM s`, slug)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		out[id] = true
	}
	return out
}

func readBruteForce(t *testing.T, pool *pgxpool.Pool) []bfProduct {
	ctx := context.Background()
	rows, err := pool.Query(ctx, `SELECT p.id, p.category_id, p.list_price, p.list_old_price IS NOT NULL,
		coalesce(array(SELECT DISTINCT v.size FROM product_variants v WHERE v.product_id = p.id AND v.is_active AND v.stock > 0 AND v.size IS NOT NULL), '{}'),
		EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.is_active AND v.stock > 0)
		FROM products p WHERE p.is_active`)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[int64]*bfProduct{}
	var out []*bfProduct
	for rows.Next() {
		p := &bfProduct{choice: map[string][]string{}, number: map[string][]float64{}, flag: map[string][]bool{}}
		if err := rows.Scan(&p.id, &p.category, &p.price, &p.onSale, &p.sizes, &p.inStock); err != nil {
			t.Fatal(err)
		}
		byID[p.id] = p
		out = append(out, p)
	}
	links, err := pool.Query(ctx, `SELECT l.product_id, a.slug, coalesce(av.slug, ''), l.number::float8, l.flag
		FROM product_attribute_values l JOIN attributes a ON a.id = l.attribute_id
		LEFT JOIN attribute_values av ON av.id = l.value_id`)
	if err != nil {
		t.Fatal(err)
	}
	for links.Next() {
		var id int64
		var slug, value string
		var number *float64
		var flag *bool
		if err := links.Scan(&id, &slug, &value, &number, &flag); err != nil {
			t.Fatal(err)
		}
		p, ok := byID[id]
		switch {
		case !ok: // an inactive product
		case number != nil:
			p.number[slug] = append(p.number[slug], *number)
		case flag != nil:
			p.flag[slug] = append(p.flag[slug], *flag)
		default:
			p.choice[slug] = append(p.choice[slug], value)
		}
	}
	res := make([]bfProduct, len(out))
	for i, p := range out {
		res[i] = *p
	}
	return res
}
