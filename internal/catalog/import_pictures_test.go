package catalog_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/mekhaishuby/furstore/internal/demo"
	"github.com/mekhaishuby/furstore/internal/store/dbtest"
)

// storedPicture is a product_images row as stored.
type storedPicture struct {
	path, card, thumb string
	width, height     int32
}

// storedPictures reads every picture row, in product and position order.
func storedPictures(t *testing.T, f fixture) []storedPicture {
	t.Helper()
	rows, err := f.pool.Query(context.Background(), `SELECT path, coalesce(card_path, ''), coalesce(thumb_path, ''),
		coalesce(width, 0), coalesce(height, 0) FROM product_images ORDER BY product_id, position, id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []storedPicture
	for rows.Next() {
		var p storedPicture
		if err := rows.Scan(&p.path, &p.card, &p.thumb, &p.width, &p.height); err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// checkSizesMade fails unless every picture row has its card and thumbnail, stored under the media folder,
// and the original's size. It returns how many rows it checked.
func checkSizesMade(t *testing.T, f fixture) int {
	t.Helper()
	pics := storedPictures(t, f)
	for _, p := range pics {
		if p.card == "" || p.thumb == "" || p.width <= 0 || p.height <= 0 {
			t.Errorf("picture %s: card %q, thumbnail %q, %d×%d; want both variants and the size", p.path, p.card, p.thumb, p.width, p.height)
			continue
		}
		for _, rel := range []string{p.path, p.card, p.thumb} {
			if _, err := os.Stat(filepath.Join(f.media.Dir(), filepath.FromSlash(rel))); err != nil {
				t.Errorf("picture %s: %v", p.path, err)
			}
		}
	}
	return len(pics)
}

func TestImportMakesPictureSizes(t *testing.T) {
	t.Parallel()
	f := newFixture(t, dbtest.New(t))
	f.load(t)
	if n := checkSizesMade(t, f); n != 3 {
		t.Errorf("%d pictures imported, want 3", n)
	}
	if got := storedPictures(t, f)[0]; got.width != 4 || got.height != 4 {
		t.Errorf("imported picture is %d×%d, want 4×4", got.width, got.height)
	}
}

func TestDemoCatalogPicturesHaveSizes(t *testing.T) {
	t.Parallel()
	f := newFixture(t, dbtest.New(t))
	file, pictures := demo.Catalog(40, 1)
	if _, err := f.svc.Import(context.Background(), file, pictures, f.media, nil); err != nil {
		t.Fatal(err)
	}
	if n := checkSizesMade(t, f); n < 40 {
		t.Errorf("%d pictures in the demo catalog, want one a product at least", n)
	}
	// The demo's pictures are 480×640: the card keeps that size, the thumbnail is made smaller.
	p := storedPictures(t, f)[0]
	if p.width != 480 || p.height != 640 {
		t.Errorf("demo picture is %d×%d, want 480×640", p.width, p.height)
	}
	thumb, err := os.ReadFile(filepath.Join(f.media.Dir(), filepath.FromSlash(p.thumb)))
	if err != nil {
		t.Fatal(err)
	}
	if w, h := imgSize(t, thumb); w != 180 || h != 240 {
		t.Errorf("demo thumbnail is %d×%d, want 180×240", w, h)
	}
}

// Pictures stored before imports made their sizes get them from MakePictureSizes; files that are missing or
// not pictures are reported and left as they are.
func TestMakePictureSizesFillsInOldImports(t *testing.T) {
	t.Parallel()
	f := newFixture(t, dbtest.New(t))
	f.load(t)
	ctx := context.Background()
	// As an import before migration 00018 left them: no variants on disk or in the rows, no size.
	for _, p := range storedPictures(t, f) {
		for _, rel := range []string{p.card, p.thumb} {
			if err := os.Remove(filepath.Join(f.media.Dir(), filepath.FromSlash(rel))); err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
		}
	}
	f.exec(t, `UPDATE product_images SET card_path = NULL, thumb_path = NULL, width = NULL, height = NULL`)
	junk := "products/00/00000000000000000000000000000000.png"
	if err := os.MkdirAll(filepath.Join(f.media.Dir(), "products", "00"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(f.media.Dir(), filepath.FromSlash(junk)), []byte("MZ not a picture"), 0o644); err != nil {
		t.Fatal(err)
	}
	anna := "(SELECT id FROM products WHERE slug = 'shuba-anna')"
	f.exec(t, `INSERT INTO product_images (product_id, path) VALUES (`+anna+`, $1), (`+anna+`, 'products/ff/gone.png')`, junk)

	res, err := f.svc.MakePictureSizes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.Files != 2 || res.Rows != 3 || len(res.Failed) != 2 {
		t.Errorf("result %+v; want 2 files, 3 rows, the junk and the missing file failed", res)
	}
	f.exec(t, `DELETE FROM product_images WHERE path IN ($1, 'products/ff/gone.png')`, junk)
	if n := checkSizesMade(t, f); n != 3 {
		t.Errorf("%d pictures, want 3", n)
	}

	again, err := f.svc.MakePictureSizes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if again.Files != 0 || again.Rows != 0 || len(again.Failed) != 0 {
		t.Errorf("second run: %+v; want nothing left to do", again)
	}
}
