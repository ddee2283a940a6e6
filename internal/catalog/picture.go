package catalog

import (
	"context"
	"fmt"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/catalog/internal/catalogdb"
)

// Product pictures. A picture is checked by decoding it and stored by the media package under the hash of its
// bytes, with a card and a thumbnail variant beside it. A product's pictures are ordered by position; the first
// is the main one, which the public catalog shows in listings and first on the product card.

// StaffPicture is one of a product's pictures as the back office manages it (the public window shows a Picture).
// Paths are relative to the media folder. CardPath and ThumbPath are "" for a picture imported before variants
// were made at import (until `furstore pictures` makes them). Its JSON is what the audit log records of a
// picture, in a product's entries and in the picture routes' alike.
type StaffPicture struct {
	ID        int64  `json:"id"`
	Path      string `json:"path"`
	CardPath  string `json:"-"`
	ThumbPath string `json:"-"`
	Position  int    `json:"position"`
	IsMain    bool   `json:"-"`
	// Width and Height are the original's size in pixels; 0 for a picture stored before sizes were recorded.
	Width  int `json:"-"`
	Height int `json:"-"`
}

var errPictureNotFound = apperr.New(apperr.NotFound, "image_not_found", "the product has no picture with this id")

// listPictures returns a product's pictures in their order (the first is the main one), read through q: the
// pool's, or a transaction's that holds the product's lock.
func listPictures(ctx context.Context, q *catalogdb.Queries, productID int64) ([]StaffPicture, error) {
	rows, err := q.ListProductPictures(ctx, productID)
	if err != nil {
		return nil, fmt.Errorf("list pictures of product %d: %w", productID, err)
	}
	out := make([]StaffPicture, len(rows))
	for i, r := range rows {
		out[i] = StaffPicture{ID: r.ID, Path: r.Path, CardPath: deref(r.CardPath), ThumbPath: deref(r.ThumbPath),
			Position: int(r.Position), IsMain: i == 0, Width: int(deref(r.Width)), Height: int(deref(r.Height))}
	}
	return out, nil
}

// deref is *p, or the zero value when p is nil.
func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}

// ref is &v, or nil for the zero value ("" or 0: unknown).
func ref[T comparable](v T) *T {
	var zero T
	if v == zero {
		return nil
	}
	return &v
}
