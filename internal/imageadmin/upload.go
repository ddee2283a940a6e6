package imageadmin

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/media"
	"github.com/mekhaishuby/furstore/internal/store/db"
)

// Upload checks that data is a JPEG, PNG or WebP picture, stores it with its variants, and adds it to the
// product as its last picture (its main one when it has none). The same bytes already on the product are
// duplicate_image (409), naming the picture that has them.
func (s *Service) Upload(ctx context.Context, actor account.User, productID int64, data []byte) (Image, error) {
	// An unknown product is refused before the picture is decoded and written.
	if ok, err := db.New(s.pool).AdminProductExists(ctx, productID); err != nil {
		return Image{}, fmt.Errorf("find product %d: %w", productID, err)
	} else if !ok {
		return Image{}, errProductNotFound
	}
	// Decoding and resizing take a while (a fraction of a second for a large photo), so they happen before the
	// transaction, not while it holds the product's lock.
	pic, err := s.pictures.SavePicture(data)
	if err != nil {
		return Image{}, pictureError(err)
	}
	img, err := s.add(ctx, actor, productID, data, pic)
	if err != nil {
		// The product went meanwhile, or already has these bytes: leave no file behind that nothing points at.
		s.RemoveUnused(context.WithoutCancel(ctx), pic.Original, pic.Card, pic.Thumb)
		return Image{}, err
	}
	return img, nil
}

// add records a stored picture as the product's last one.
func (s *Service) add(ctx context.Context, actor account.User, productID int64, data []byte, pic media.Picture) (Image, error) {
	var img Image
	err := s.change(ctx, productID, func(tx pgx.Tx, before []Image) error {
		q := db.New(tx)
		if err := q.LockPictureFile(ctx, pic.Original); err != nil {
			return fmt.Errorf("lock picture %s: %w", pic.Original, err)
		}
		// The delete of another picture with these bytes may have removed the files since SavePicture stored
		// them. Under the file's lock nothing removes them any more, so saving again, only when one is missing,
		// puts back whatever went.
		if !s.pictures.Has(pic) {
			if _, err := s.pictures.SavePicture(data); err != nil {
				return pictureError(err)
			}
		}
		if i := slices.IndexFunc(before, func(b Image) bool { return b.Path == pic.Original }); i >= 0 {
			return duplicateError(before[i].ID)
		}
		row, err := q.InsertProductPicture(ctx, db.InsertProductPictureParams{ProductID: productID,
			Path: pic.Original, CardPath: ref(pic.Card), ThumbPath: ref(pic.Thumb)})
		if err != nil {
			return fmt.Errorf("insert picture of product %d: %w", productID, err)
		}
		img = Image{ID: row.ID, Path: pic.Original, CardPath: pic.Card, ThumbPath: pic.Thumb, Position: int(row.Position),
			IsMain: len(before) == 0, Width: pic.Width, Height: pic.Height}
		return record(ctx, tx, actor, "image.upload", productID, before, append(slices.Clip(before), img))
	})
	return img, err
}

// pictureError turns the media store's refusals into errors for the client; anything else (a full disk) stays
// a server error.
func pictureError(err error) error {
	switch {
	case errors.Is(err, media.ErrTooLarge):
		return errFileTooLarge
	case errors.Is(err, media.ErrTooManyPixels):
		return apperr.New(apperr.TooLarge, "too_many_pixels", err.Error())
	case errors.Is(err, media.ErrNotImage):
		return apperr.New(apperr.Unsupported, "unsupported_image",
			"the file is not a JPEG, PNG or WebP picture (it is checked by decoding it, whatever its name says)")
	}
	return fmt.Errorf("store picture: %w", err)
}

var errFileTooLarge = apperr.New(apperr.TooLarge, "file_too_large",
	fmt.Sprintf("the picture file may be at most %d MiB (%d bytes)", media.MaxUploadBytes>>20, media.MaxUploadBytes))

func duplicateError(existing int64) error {
	return &apperr.Error{Kind: apperr.Conflict, Code: "duplicate_image",
		Message: fmt.Sprintf("the product already has this picture (image %d)", existing),
		Details: map[string]int64{"image_id": existing}}
}
