package catalog

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/mekhaishuby/furstore/internal/catalog/internal/catalogdb"
	"github.com/mekhaishuby/furstore/internal/media"
	"github.com/mekhaishuby/furstore/internal/store"
)

// ImportResult counts what an import wrote.
type ImportResult struct {
	Categories int
	Products   int
	Variants   int
	Images     int
}

// importChunk is how many products go to PostgreSQL in one batch (one round trip); progress is told per chunk.
const importChunk = 500

// Import writes a catalog file in one transaction: categories (parents first), then products, then their
// pictures. Items are matched by slug, so importing the same file again updates and never duplicates. Any bad
// item aborts the whole import and nothing is written. Picture paths are read from pictures (the catalog file's
// folder) and stored in files; progress, if not nil, hears how many products are done (again from the start,
// should PostgreSQL have the transaction run again).
func (s *Service) Import(ctx context.Context, f *ImportFile, pictures fs.FS, files *media.Store, progress func(done, total int)) (ImportResult, error) {
	if err := f.validate(); err != nil {
		return ImportResult{}, err
	}
	// Pictures first and outside the transaction: they are files named by their content, so a failed import
	// leaves at most unused files behind, never a product pointing at a missing one.
	stored, err := storePictures(ctx, f, pictures, files)
	if err != nil {
		return ImportResult{}, err
	}

	var res ImportResult
	err = store.InTx(ctx, s.pool, func(tx *store.Tx) (err error) {
		if err := s.checkMarkingChanges(ctx, tx, f); err != nil {
			return err
		}
		res, err = importFile(ctx, s.q.WithTx(tx), f, stored, progress)
		if err == nil {
			tx.AfterCommit(s.bumpAfterCommit) // the triggers tell every server; this one knows at once
		}
		return err
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// checkMarkingChanges refuses a file that marks or unmarks a product while orders not yet handed over or
// cancelled hold it (their pieces were counted the other way; see Admin.markFur), naming each. The variants of
// the products it changes stay locked until the import commits, so no order slips in between.
func (s *Service) checkMarkingChanges(ctx context.Context, tx *store.Tx, f *ImportFile) error {
	slugs := make([]string, len(f.Products))
	marked := make([]bool, len(f.Products))
	at := make(map[string]int, len(f.Products))
	for i, p := range f.Products {
		slugs[i], marked[i], at[p.Slug] = p.Slug, p.MarkedFur, i
	}
	rows, err := s.q.WithTx(tx).ImportMarkingChanges(ctx, catalogdb.ImportMarkingChangesParams{Slugs: slugs, Marked: marked})
	if err != nil || len(rows) == 0 {
		return err
	}
	variants := map[string][]int64{}
	for _, r := range rows {
		variants[r.Slug] = append(variants[r.Slug], r.ID)
	}
	var problems []string
	for _, slug := range slices.Sorted(maps.Keys(variants)) {
		open, err := s.variantsInOpenOrders(ctx, tx, variants[slug])
		if err != nil {
			return err
		}
		if open && len(problems) < 20 {
			problems = append(problems, fmt.Sprintf("products[%d] (slug %q): marked_fur changes while orders not yet handed over or cancelled hold it; finish them first",
				at[slug], slug))
		}
	}
	if len(problems) > 0 {
		return &ImportError{Problems: problems}
	}
	return nil
}

// importFile writes f through q, a transaction's queries; stored maps the file's picture paths to what the
// media store holds of them.
func importFile(ctx context.Context, q *catalogdb.Queries, f *ImportFile, stored map[string]media.Picture, progress func(done, total int)) (ImportResult, error) {
	// The tree is read and rewritten below: the back office's category writers must wait, or a move made
	// meanwhile could combine with the file's parents into a cycle.
	if err := q.AdminLockCategoryTree(ctx); err != nil {
		return ImportResult{}, err
	}

	// What only the store can tell is checked before anything is written: SKUs and КИЗ held by others.
	haveCodes, err := checkVariantOwners(ctx, q, f.Products)
	if err != nil {
		return ImportResult{}, err
	}
	givenSKUs := map[string]bool{}
	for _, p := range f.Products {
		for _, v := range p.Variants {
			if v.SKU != "" {
				givenSKUs[v.SKU] = true
			}
		}
	}

	// Attributes before products, so that the products' triggers link their pairs to them.
	if err := importAttributes(ctx, q, f.Attributes); err != nil {
		return ImportResult{}, err
	}
	catIDs, err := importCategories(ctx, q, f.Categories)
	if err != nil {
		return ImportResult{}, err
	}
	var problems []string
	for i, p := range f.Products {
		if _, ok := catIDs[p.Category]; !ok && len(problems) < 20 {
			problems = append(problems, fmt.Sprintf("products[%d] (slug %q): no category %q in the file or the store", i, p.Slug, p.Category))
		}
	}
	if len(problems) > 0 {
		return ImportResult{}, &ImportError{Problems: problems}
	}

	res := ImportResult{Categories: len(f.Categories)}
	for start := 0; start < len(f.Products); start += importChunk {
		chunk := f.Products[start:min(start+importChunk, len(f.Products))]
		variants, images, err := importProducts(ctx, q, chunk, start, catIDs, stored, givenSKUs, haveCodes)
		if err != nil {
			return ImportResult{}, err
		}
		res.Products += len(chunk)
		res.Variants += variants
		res.Images += images
		if progress != nil {
			progress(res.Products, len(f.Products))
		}
	}
	return res, nil
}

// importAttributes creates or updates the file's attributes by slug (an attribute renamed or retyped relinks
// the products of its names: migration 00017). A name another attribute has is refused.
func importAttributes(ctx context.Context, q *catalogdb.Queries, attrs []ImportAttribute) error {
	if len(attrs) == 0 {
		return nil // the attributes' lock is taken only when they change
	}
	if err := q.LockAttributes(ctx); err != nil {
		return err
	}
	for i, a := range attrs {
		var unit *string
		if a.Unit != nil {
			u := strings.TrimSpace(*a.Unit)
			unit = &u
		}
		err := q.ImportAttribute(ctx, catalogdb.ImportAttributeParams{Name: strings.TrimSpace(a.Name), Slug: a.Slug,
			Kind: a.Kind, Unit: unit, Filterable: a.Filterable == nil || *a.Filterable, Position: a.Position})
		if code, constraint := store.SQLState(err); code == store.UniqueViolation && constraint == "attributes_name_key" {
			return &ImportError{Problems: []string{fmt.Sprintf("attributes[%d] (slug %q): another attribute in the store is named %q",
				i, a.Slug, a.Name)}}
		} else if err != nil {
			return fmt.Errorf("import attribute %s: %w", a.Slug, err)
		}
	}
	return nil
}

// importCategories upserts the file's categories parents first and returns the id of every category slug,
// those already in the store included. It refuses a parent that exists nowhere and a cycle, which the file
// could make together with categories already stored.
func importCategories(ctx context.Context, q *catalogdb.Queries, cats []ImportCategory) (map[string]int64, error) {
	existing, err := q.ListCategories(ctx)
	if err != nil {
		return nil, err
	}
	ids := make(map[string]int64, len(existing)+len(cats))
	parentOf := make(map[string]string, len(existing)+len(cats))
	slugOf := make(map[int64]string, len(existing))
	for _, c := range existing {
		ids[c.Slug] = c.ID
		slugOf[c.ID] = c.Slug
	}
	for _, c := range existing {
		if c.ParentID != nil {
			parentOf[c.Slug] = slugOf[*c.ParentID]
		}
	}
	inFile := make(map[string]int, len(cats))
	for i, c := range cats {
		inFile[c.Slug] = i
		parentOf[c.Slug] = c.Parent
		if c.Parent == "" {
			delete(parentOf, c.Slug)
		}
	}
	var problems []string
	for i, c := range cats {
		if c.Parent == "" {
			continue
		}
		_, inStore := ids[c.Parent]
		if _, ok := inFile[c.Parent]; !ok && !inStore {
			problems = append(problems, fmt.Sprintf("categories[%d] (slug %q): no parent category %q in the file or the store", i, c.Slug, c.Parent))
			continue
		}
		// Walk up: reaching the start again means a cycle.
		seen := map[string]bool{c.Slug: true}
		for p := c.Parent; p != ""; p = parentOf[p] {
			if seen[p] {
				problems = append(problems, fmt.Sprintf("categories[%d] (slug %q): parent %q makes a cycle", i, c.Slug, c.Parent))
				break
			}
			seen[p] = true
		}
	}
	if len(problems) > 0 {
		return nil, &ImportError{Problems: problems}
	}

	done := make(map[string]bool, len(cats))
	var upsert func(i int) error
	upsert = func(i int) error {
		c := cats[i]
		if done[c.Slug] {
			return nil
		}
		var parentID *int64
		if c.Parent != "" {
			if j, ok := inFile[c.Parent]; ok {
				if err := upsert(j); err != nil { // depth is bounded: cycles were refused above
					return err
				}
			}
			id := ids[c.Parent]
			parentID = &id
		}
		id, err := q.UpsertCategory(ctx, catalogdb.UpsertCategoryParams{Name: c.Name, Slug: c.Slug, ParentID: parentID, Position: c.Position,
			MetaTitle: trimmed(c.MetaTitle), MetaDescription: trimmed(c.MetaDescription)})
		if err != nil {
			return fmt.Errorf("categories[%d] (slug %q): %w", i, c.Slug, err)
		}
		ids[c.Slug], done[c.Slug] = id, true
		return nil
	}
	for i := range cats {
		if err := upsert(i); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// importProducts upserts one chunk of products in a batch, then their variants (importVariants), then
// replaces the pictures of those that list any. It returns how many variants and pictures it wrote.
func importProducts(ctx context.Context, q *catalogdb.Queries, chunk []ImportProduct, offset int, catIDs map[string]int64,
	stored map[string]media.Picture, givenSKUs, haveCodes map[string]bool) (variants, pictures int, err error) {
	params := make([]catalogdb.UpsertProductParams, len(chunk))
	for i, p := range chunk {
		attrs := p.Attributes
		if attrs == nil {
			attrs = []Attribute{}
		}
		attrJSON, err := json.Marshal(attrs)
		if err != nil {
			return 0, 0, err
		}
		active := p.IsActive == nil || *p.IsActive
		params[i] = catalogdb.UpsertProductParams{
			CategoryID: catIDs[p.Category], Slug: p.Slug, Name: p.Name, Description: p.Description,
			Price: p.Price.Kopecks(), OldPrice: kopecksPtr(p), IsActive: active,
			MarkedFur: p.MarkedFur, Attributes: attrJSON, MetaTitle: trimmed(p.MetaTitle), MetaDescription: trimmed(p.MetaDescription),
		}
	}
	ids := make([]int64, len(chunk))
	var batchErr error
	q.UpsertProduct(ctx, params).QueryRow(func(i int, id int64, err error) {
		if err != nil && batchErr == nil {
			batchErr = fmt.Errorf("products[%d] (slug %q): %w", offset+i, chunk[i].Slug, err)
		}
		ids[i] = id
	})
	if batchErr != nil {
		return 0, 0, batchErr
	}
	if variants, err = importVariants(ctx, q, chunk, ids, offset, givenSKUs, haveCodes); err != nil {
		return 0, 0, err
	}

	// A product that lists pictures gets exactly those; one that lists none keeps what it has.
	var clear []int64
	var images []catalogdb.InsertProductImageParams
	for i, p := range chunk {
		if p.Images == nil {
			continue
		}
		clear = append(clear, ids[i])
		for pos, img := range p.Images {
			pic := stored[img]
			images = append(images, catalogdb.InsertProductImageParams{ProductID: ids[i], Path: pic.Original,
				CardPath: ref(pic.Card), ThumbPath: ref(pic.Thumb), Width: ref(int32(pic.Width)), Height: ref(int32(pic.Height)),
				Position: int32(pos)})
		}
	}
	if err := execBatch(q.DeleteProductImages(ctx, clear).Exec); err != nil {
		return 0, 0, fmt.Errorf("replace pictures: %w", err)
	}
	if err := execBatch(q.InsertProductImage(ctx, images).Exec); err != nil {
		return 0, 0, fmt.Errorf("replace pictures: %w", err)
	}
	return variants, len(images), nil
}

func execBatch(exec func(func(int, error))) error {
	var first error
	exec(func(_ int, err error) {
		if err != nil && first == nil {
			first = err
		}
	})
	return first
}

func kopecksPtr(p ImportProduct) *int64 {
	if p.OldPrice == nil {
		return nil
	}
	k := p.OldPrice.Kopecks()
	return &k
}

// storePictures copies every picture the file names into the media store with its card and thumbnail, as an
// upload stores them, once per distinct path, and returns what was stored of each.
func storePictures(ctx context.Context, f *ImportFile, pictures fs.FS, files *media.Store) (map[string]media.Picture, error) {
	stored := make(map[string]media.Picture)
	var problems []string
	for i, p := range f.Products {
		if len(problems) >= 20 {
			break
		}
		for j, img := range p.Images {
			if _, ok := stored[img]; ok {
				continue
			}
			at := fmt.Sprintf("products[%d] (slug %q): images[%d] %q", i, p.Slug, j, img)
			data, err := fs.ReadFile(pictures, path.Clean(img))
			if err != nil {
				problems = append(problems, at+": cannot read the file")
				continue
			}
			pic, err := files.ImportPicture(ctx, data)
			if err != nil {
				problems = append(problems, at+": "+err.Error())
				continue
			}
			stored[img] = pic
			if len(problems) >= 20 {
				break
			}
		}
	}
	if len(problems) > 0 {
		return nil, &ImportError{Problems: problems}
	}
	return stored, nil
}

// trimmed is a file's optional text without the spaces around it.
func trimmed(s *string) *string {
	if s == nil {
		return nil
	}
	return new(strings.TrimSpace(*s))
}
