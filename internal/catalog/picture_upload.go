package catalog

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/catalog/internal/catalogdb"
	"github.com/mekhaishuby/furstore/internal/media"
	"github.com/mekhaishuby/furstore/internal/store"
)

// UploadPicture checks that data is a JPEG, PNG or WebP picture, stores it with its variants, and adds it to
// the product as its last picture (its main one when it has none). The same bytes already on the product are
// duplicate_image (409), naming the picture that has them.
func (a *Admin) UploadPicture(ctx context.Context, actor account.User, productID int64, data []byte) (StaffPicture, error) {
	// An unknown product is refused before the picture is decoded and written.
	if ok, err := a.s.q.AdminProductExists(ctx, productID); err != nil {
		return StaffPicture{}, fmt.Errorf("find product %d: %w", productID, err)
	} else if !ok {
		return StaffPicture{}, ErrProductNotFound
	}
	// Decoding and resizing take a while (a fraction of a second for a large photo), so they happen before the
	// transaction, not while it holds the product's lock.
	stored, err := a.s.pictures.SavePicture(ctx, data)
	if err != nil {
		return StaffPicture{}, pictureError(err)
	}
	pic, err := a.addPicture(ctx, actor, productID, data, stored)
	if err != nil {
		// The product went meanwhile, or already has these bytes: leave no file behind that nothing points at.
		a.removeUnused(context.WithoutCancel(ctx), stored.Original, stored.Card, stored.Thumb)
		return StaffPicture{}, err
	}
	return pic, nil
}

// addPicture records a stored picture as the product's last one. Should PostgreSQL run the transaction again,
// saving the files again is harmless: they are named by their content.
func (a *Admin) addPicture(ctx context.Context, actor account.User, productID int64, data []byte, stored media.Picture) (StaffPicture, error) {
	var pic StaffPicture
	err := a.changePictures(ctx, productID, func(tx *store.Tx, q *catalogdb.Queries, before []StaffPicture) error {
		if err := q.LockPictureFile(ctx, stored.Original); err != nil {
			return fmt.Errorf("lock picture %s: %w", stored.Original, err)
		}
		// The delete of another picture with these bytes may have removed the files since SavePicture stored
		// them. Under the file's lock nothing removes them any more, so saving again, only when one is missing,
		// puts back whatever went.
		if ok, err := a.s.pictures.Has(ctx, stored); err != nil {
			return pictureError(err)
		} else if !ok {
			if _, err := a.s.pictures.SavePicture(ctx, data); err != nil {
				return pictureError(err)
			}
		}
		if i := slices.IndexFunc(before, func(b StaffPicture) bool { return b.Path == stored.Original }); i >= 0 {
			return duplicateError(before[i].ID)
		}
		row, err := q.InsertProductPicture(ctx, catalogdb.InsertProductPictureParams{ProductID: productID,
			Path: stored.Original, CardPath: ref(stored.Card), ThumbPath: ref(stored.Thumb),
			Width: ref(int32(stored.Width)), Height: ref(int32(stored.Height))})
		if err != nil {
			return fmt.Errorf("insert picture of product %d: %w", productID, err)
		}
		pic = StaffPicture{ID: row.ID, Path: stored.Original, CardPath: stored.Card, ThumbPath: stored.Thumb,
			Position: int(row.Position), IsMain: len(before) == 0, Width: stored.Width, Height: stored.Height}
		return recordPictures(ctx, tx, actor, "image.upload", productID, before, append(slices.Clip(before), pic))
	})
	return pic, err
}

// pictureError turns the media store's refusals into errors for the client; anything else (a full disk) stays
// a server error.
func pictureError(err error) error {
	switch {
	case errors.Is(err, media.ErrTooLarge):
		return errFileTooLarge
	case errors.Is(err, media.ErrTooManyPixels):
		return apperr.New(apperr.TooLarge, "too_many_pixels", err.Error())
	case errors.Is(err, media.ErrUnavailable):
		return fmt.Errorf("%w: %w", errMediaUnavailable, err) // the cause goes to the request's log line
	case errors.Is(err, media.ErrNotImage):
		return apperr.New(apperr.Unsupported, "unsupported_image",
			"the file is not a JPEG, PNG or WebP picture (it is checked by decoding it, whatever its name says)")
	}
	return fmt.Errorf("store picture: %w", err)
}

var errMediaUnavailable = &apperr.Error{Kind: apperr.Unavailable, Code: "media_unavailable",
	Message: "pictures cannot be stored right now; try again shortly", RetryAfter: 5 * time.Second}

var errFileTooLarge = apperr.New(apperr.TooLarge, "file_too_large",
	fmt.Sprintf("the picture file may be at most %d MiB (%d bytes)", media.MaxUploadBytes>>20, media.MaxUploadBytes))

func duplicateError(existing int64) error {
	return &apperr.Error{Kind: apperr.Conflict, Code: "duplicate_image",
		Message: fmt.Sprintf("the product already has this picture (image %d)", existing),
		Details: map[string]int64{"image_id": existing}}
}
