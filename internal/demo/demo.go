// Package demo builds a believable catalog for the fur store «Меха и Шубы»: a tree of Russian categories,
// products with Russian names, descriptions, prices and characteristics, and pictures drawn on the spot with
// the standard library. The demo site imports a small one and the benchmarks a large one. Everything follows
// from the seed, so the same arguments give the same catalog, byte for byte.
package demo

import (
	"cmp"
	"io/fs"
	"math/rand/v2"
	"slices"

	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/slug"
)

// pcgStream is the second half of the random generator's seed; any constant does, as long as it never
// changes, for changing it would change every catalog.
const pcgStream = 0x6d65_6b68_615f_7368 // "mekha_sh"

// Catalog returns a catalog of the given number of products (the demo uses 360, the benchmarks 10 000),
// and the file system holding the pictures its products' Images name. The same products and seed give the
// same catalog and the same picture files. Garments and hats come in the sizes of their grid, some models in
// two colours, and natural-fur pieces with their КИЗ (OneVariant sells each product as one variant instead).
func Catalog(products int, seed int64) (*catalog.ImportFile, fs.FS) {
	r := rand.New(rand.NewPCG(uint64(seed), pcgStream))
	sizes := rand.New(rand.NewPCG(uint64(seed), variantStream))
	traits := rand.New(rand.NewPCG(uint64(seed), attributeStream))
	codes := make(map[string]bool)
	file := &catalog.ImportFile{Attributes: definitions()}
	var leaves []placedLeaf
	file.Categories, leaves = flatten(categoryTree(), "", nil, nil)
	pictures := make(map[picture]bool)
	for i, li := range deal(r, leaves, max(products, 0)) {
		p, pics, lk := product(r, i+1, leaves[li].slug, leaves[li].leaf)
		characterise(traits, &p, lk)
		sell(sizes, &p, lk, codes)
		file.Products = append(file.Products, p)
		for _, pic := range pics {
			pictures[pic] = true
		}
	}
	return file, drawPictures(pictures)
}

// placedLeaf is a leaf category with its slug.
type placedLeaf struct {
	slug string
	*leaf
}

// flatten appends the categories of the tree under parent to cats, parents before children, and its leaves
// to leaves.
func flatten(
	nodes []node, parent string, cats []catalog.ImportCategory, leaves []placedLeaf,
) ([]catalog.ImportCategory, []placedLeaf) {
	for i, n := range nodes {
		s := slug.Make(n.name)
		cats = append(cats, catalog.ImportCategory{Slug: s, Name: n.name, Parent: parent, Position: int32(i + 1)})
		if n.leaf != nil {
			leaves = append(leaves, placedLeaf{s, n.leaf})
		}
		cats, leaves = flatten(n.children, s, cats, leaves)
	}
	return cats, leaves
}

// deal decides which leaf each of n products goes to. Each leaf gets its share of n, rounded by largest
// remainders so that the counts add up to n exactly and do not wobble with the seed; then the order is
// shuffled, so that product numbers, and the import order that "new arrivals" sorts by, mix the categories.
func deal(r *rand.Rand, leaves []placedLeaf, n int) []int {
	total := 0
	for _, l := range leaves {
		total += l.share
	}
	type remainder struct{ leaf, rest int }
	order := make([]int, 0, n)
	rests := make([]remainder, len(leaves))
	for i, l := range leaves {
		for range n * l.share / total {
			order = append(order, i)
		}
		rests[i] = remainder{i, n * l.share % total}
	}
	slices.SortStableFunc(rests, func(a, b remainder) int { return cmp.Compare(b.rest, a.rest) })
	for _, rest := range rests[:n-len(order)] {
		order = append(order, rest.leaf)
	}
	r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	return order
}
