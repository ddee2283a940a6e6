package catalog

import (
	"context"
	"fmt"

	"github.com/mekhaishuby/furstore/internal/catalog/internal/catalogdb"
	"github.com/mekhaishuby/furstore/internal/store"
	"github.com/mekhaishuby/furstore/internal/text"
)

// The variants of an imported catalog: checked with the rest of the file (validateVariants), checked against
// the store before anything is written (checkVariantOwners), then written with their products
// (importVariants), all in the import's one transaction.

// variantsSeen is what the file's variants hold so far: where each SKU and КИЗ was first given.
type variantsSeen struct {
	skus, codes map[string]string
}

// validateVariants checks the variants of p, named at in the file, through add.
func (p ImportProduct) validateVariants(at string, seen *variantsSeen, add func(string, ...any)) {
	switch {
	case len(p.Variants) == 0:
		add("%s: variants must list at least one variant, or be left out for one from price and stock", at)
		return
	case len(p.Variants) > maxVariants:
		add("%s: at most %d variants", at, maxVariants)
		return
	}
	kinds := make(map[string]int, len(p.Variants))
	var sum int64
	for j, v := range p.Variants {
		vat := fmt.Sprintf("%s: variants[%d]", at, j)
		if v.SKU != "" {
			if !skuPattern.MatchString(v.SKU) {
				add("%s: sku must be 1 to %d latin letters, digits and . _ / -, starting with a letter or a digit", vat, maxSKULen)
			} else if first, dup := seen.skus[v.SKU]; dup {
				add("%s: sku %q is given to %s too", vat, v.SKU, first)
			} else {
				seen.skus[v.SKU] = vat
			}
		}
		if v.Size != nil && !ValidSize(*v.Size) {
			add(`%s: size %q is not of the Russian grid ("40" to "64", even, for clothes; "53" to "62" for hats); leave it out for one size`, vat, *v.Size)
		}
		if v.Height != nil && badText(*v.Height, maxHeightLen, text.Line) {
			add("%s: height must be 1 to %d characters on one line", vat, maxHeightLen)
		}
		if v.Color != nil && badText(*v.Color, maxColorLen, text.Name) {
			add("%s: color must be 1 to %d characters on one line, without control or invisible characters", vat, maxColorLen)
		}
		switch {
		case v.OldPrice != nil && v.Price == nil:
			add("%s: old_price needs the variant's own price (without one the product's price and old price apply)", vat)
		case v.OldPrice != nil && *v.OldPrice <= *v.Price:
			add("%s: old_price must be above the price, %s", vat, *v.Price)
		}
		if v.Stock != nil && (*v.Stock < 0 || *v.Stock > MaxStock) {
			add("%s: stock must be from 0 to %d", vat, MaxStock)
		}
		if len(v.KIZ) > 0 && !p.MarkedFur {
			add("%s: kiz lists the codes of natural-fur pieces; the product is not marked_fur", vat)
		}
		for k, code := range v.KIZ {
			if !unitCode.MatchString(code) {
				add("%s: kiz[%d] %q is not a КИЗ like %s", vat, k, code, unitCodeExample)
			} else if first, dup := seen.codes[code]; dup {
				add("%s: kiz[%d] %s is given to %s too: each piece has its own КИЗ", vat, k, code, first)
			} else {
				seen.codes[code] = fmt.Sprintf("%s kiz[%d]", vat, k)
			}
		}
		if v.Stock != nil && int(*v.Stock) < len(v.KIZ) {
			add("%s: stock %d is below the number of codes, %d", vat, *v.Stock, len(v.KIZ))
		}
		if first, dup := kinds[v.kind()]; dup {
			add("%s: variants[%d] is %s too: one variant per size, height and colour", vat, first, v.kind())
		} else {
			kinds[v.kind()] = j
		}
		sum += int64(v.stock())
	}
	if p.Stock != 0 && int64(p.Stock) != sum {
		add("%s: stock %d is not the sum of the variants' stock, %d: give it right or leave it out", at, p.Stock, sum)
	}
}

// variantName is how a catalog file names a variant: its product's slug and its size, height and colour.
type variantName struct {
	slug, kind string
}

func nameOf(slug string, size, height, color *string) variantName {
	return variantName{slug: slug, kind: variantKind(size, height, color)}
}

func (n variantName) String() string { return fmt.Sprintf("product %q (%s)", n.slug, n.kind) }

// checkVariantOwners refuses, before anything is written, a SKU the file gives that another variant of the
// store holds, and a КИЗ the file lists that a unit of another variant carries (a code is unique forever). It
// returns the codes the file's variants already have, which are not added again.
func checkVariantOwners(ctx context.Context, q *catalogdb.Queries, products []ImportProduct) (map[string]bool, error) {
	type given struct {
		at   string
		name variantName
	}
	skus := map[string]given{}
	codes := map[string]given{}
	for i, p := range products {
		for j, v := range p.Variants {
			g := given{at: fmt.Sprintf("products[%d] (slug %q): variants[%d]", i, p.Slug, j), name: nameOf(p.Slug, v.Size, v.Height, v.Color)}
			if v.SKU != "" {
				skus[v.SKU] = g
			}
			for _, code := range v.KIZ {
				codes[code] = g
			}
		}
	}
	var problems []string
	add := func(format string, args ...any) {
		if len(problems) < 20 {
			problems = append(problems, fmt.Sprintf(format, args...))
		}
	}
	if len(skus) > 0 {
		owners, err := q.SKUOwners(ctx, keys(skus))
		if err != nil {
			return nil, err
		}
		for _, o := range owners {
			if g := skus[o.Sku]; nameOf(o.Slug, o.Size, o.Height, o.Color) != g.name {
				add("%s: sku %q is the SKU of %s", g.at, o.Sku, nameOf(o.Slug, o.Size, o.Height, o.Color))
			}
		}
	}
	have := map[string]bool{}
	if len(codes) > 0 {
		owners, err := q.KIZOwners(ctx, keys(codes))
		if err != nil {
			return nil, err
		}
		for _, o := range owners {
			if g := codes[o.Kiz]; nameOf(o.Slug, o.Size, o.Height, o.Color) != g.name {
				add("%s: КИЗ %s is already unit %d of %s (a КИЗ is unique forever)", g.at, o.Kiz, o.ID, nameOf(o.Slug, o.Size, o.Height, o.Color))
			}
			have[o.Kiz] = true
		}
	}
	if len(problems) > 0 {
		return nil, &ImportError{Problems: problems}
	}
	return have, nil
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// importVariants writes the variants of a chunk of products, whose ids are ids: upserted by size, height and
// colour, those the file no longer lists taken off sale, and the units of marked ones. givenSKUs are the SKUs
// the whole file gives (a SKU made here must not take one of them), haveCodes the КИЗ already in the store.
// offset is the chunk's first product's index in the file. It returns how many variants it wrote.
func importVariants(ctx context.Context, q *catalogdb.Queries, chunk []ImportProduct, ids []int64, offset int, givenSKUs, haveCodes map[string]bool) (int, error) {
	type row struct {
		product int // index in chunk
		v       ImportVariant
	}
	var rows []row
	for i, p := range chunk {
		for _, v := range p.variants() {
			rows = append(rows, row{i, v})
		}
	}
	params := make([]catalogdb.UpsertVariantParams, len(rows))
	made := make([]string, len(rows))
	for k, r := range rows {
		made[k] = variantSKU(ids[r.product], r.v.Size, r.v.Height, r.v.Color)
		params[k] = catalogdb.UpsertVariantParams{ProductID: ids[r.product], Size: r.v.Size, Height: r.v.Height,
			Color: r.v.Color, Price: kopecks(r.v.Price), OldPrice: kopecks(r.v.OldPrice), Stock: r.v.stock()}
		if r.v.SKU != "" {
			params[k].Sku = &r.v.SKU
		}
	}
	if err := freeSKUs(ctx, q, made, func(k int) variantName {
		r := rows[k]
		return nameOf(chunk[r.product].Slug, r.v.Size, r.v.Height, r.v.Color)
	}, givenSKUs); err != nil {
		return 0, err
	}
	for k := range params {
		params[k].GeneratedSku = made[k]
	}
	variantIDs := make([]int64, len(rows))
	var batchErr error
	q.UpsertVariant(ctx, params).QueryRow(func(k int, id int64, err error) {
		if err != nil && batchErr == nil {
			r := rows[k]
			at := fmt.Sprintf("products[%d] (slug %q): variant %s", offset+r.product, chunk[r.product].Slug, r.v.kind())
			if code, constraint := store.SQLState(err); code == store.UniqueViolation && constraint == "product_variants_sku_key" {
				batchErr = &ImportError{Problems: []string{at + ": its SKU is another variant's of the same product; give each variant its own"}}
			} else {
				batchErr = fmt.Errorf("%s: %w", at, err)
			}
		}
		variantIDs[k] = id
	})
	if batchErr != nil {
		return 0, batchErr
	}
	if err := q.ImportRetireVariants(ctx, catalogdb.ImportRetireVariantsParams{ProductIds: ids, KeepIds: variantIDs}); err != nil {
		return 0, fmt.Errorf("variants no longer listed: %w", err)
	}

	// A marked garment's stock is its available units. Codes the file lists become units (those it already has
	// stay as they are); the stock it gives is then made up with units whose code is not known yet, or brought
	// down by writing off such units. Units with a КИЗ are real pieces and never written off here: should they
	// be more than the file's stock, the stock is theirs.
	var marked, plain []int64
	var markedRows []int
	for k, r := range rows {
		if chunk[r.product].MarkedFur {
			marked = append(marked, variantIDs[k])
			markedRows = append(markedRows, k)
		} else {
			plain = append(plain, variantIDs[k])
		}
	}
	// A garment the file no longer marks sells by number: its units on the shelf are written off, as staff
	// unmarking it would (Admin.markFur); those sold or in orders keep their history.
	if err := writeOffShelf(ctx, q, plain); err != nil {
		return 0, err
	}
	if len(marked) == 0 {
		return len(rows), nil
	}
	for n, k := range markedRows {
		var fresh []string
		for _, code := range rows[k].v.KIZ {
			if !haveCodes[code] {
				fresh = append(fresh, code)
			}
		}
		if len(fresh) == 0 {
			continue
		}
		if _, err := q.AddUnits(ctx, catalogdb.AddUnitsParams{VariantID: marked[n], Kizs: fresh, Note: "import"}); err != nil {
			return 0, fmt.Errorf("products[%d] (slug %q): fur units: %w", offset+rows[k].product, chunk[rows[k].product].Slug, err)
		}
	}
	counts, err := q.VariantUnitCounts(ctx, marked)
	if err != nil {
		return 0, err
	}
	units := make(map[int64]catalogdb.VariantUnitCountsRow, len(counts))
	for _, c := range counts {
		units[c.ID] = c
	}
	for n, k := range markedRows {
		id, want := marked[n], rows[k].v.stock()
		c := units[id]
		delta := max(want-c.Available, -c.Counted)
		if err := countedUnits(ctx, q, id, delta, nil, "import"); err != nil {
			return 0, fmt.Errorf("products[%d] (slug %q): fur units: %w", offset+rows[k].product, chunk[rows[k].product].Slug, err)
		}
		if got := c.Available + delta; got != want {
			if err := q.AdminSetVariantStock(ctx, catalogdb.AdminSetVariantStockParams{ID: id, Stock: got}); err != nil {
				return 0, err
			}
		}
	}
	return len(rows), nil
}

// freeSKUs makes each SKU of made (the ones made for variants the file gives none) one no other variant holds:
// free in the store, or already the variant's own (named by nameOf), and not one the file gives nor made for an
// earlier variant. A SKU taken becomes the next of SKU-2, SKU-3 … (A variant that has a SKU keeps it; its made
// one only has to be harmless.)
func freeSKUs(ctx context.Context, q *catalogdb.Queries, made []string, nameOf func(int) variantName, givenSKUs map[string]bool) error {
	bases := append([]string(nil), made...)
	tried := make([]int, len(made)) // the suffix tried last; 0: none yet
	for {
		owners, err := q.SKUOwners(ctx, made)
		if err != nil {
			return err
		}
		ownerOf := make(map[string]variantName, len(owners))
		for _, o := range owners {
			ownerOf[o.Sku] = variantName{slug: o.Slug, kind: variantKind(o.Size, o.Height, o.Color)}
		}
		var again []int
		used := make(map[string]bool, len(made))
		for k, s := range made {
			if o, owned := ownerOf[s]; used[s] || givenSKUs[s] || owned && o != nameOf(k) {
				again = append(again, k)
				continue
			}
			used[s] = true
		}
		if len(again) == 0 {
			return nil
		}
		for _, k := range again {
			tried[k] = max(tried[k], 1) + 1
			made[k] = fitSKU(bases[k], fmt.Sprintf("-%d", tried[k]))
		}
	}
}

// writeOffShelf writes off the available units of variants that are not marked fur any more.
func writeOffShelf(ctx context.Context, q *catalogdb.Queries, variants []int64) error {
	if len(variants) == 0 {
		return nil
	}
	counts, err := q.VariantUnitCounts(ctx, variants)
	if err != nil {
		return err
	}
	for _, c := range counts {
		if c.Available > 0 {
			if _, err := q.WriteOffAvailableUnits(ctx, catalogdb.WriteOffAvailableUnitsParams{VariantID: c.ID, Count: c.Available,
				Note: "import: no longer marked as natural fur"}); err != nil {
				return err
			}
		}
	}
	return nil
}
