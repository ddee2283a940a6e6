package catalog

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/catalog/internal/catalogdb"
	"github.com/mekhaishuby/furstore/internal/store"
)

// DeletePicture removes a picture from the product (image_not_found when the product has no picture
// pictureID), and then its files, unless another picture row still points at them. The next picture, if any,
// becomes the main one.
func (a *Admin) DeletePicture(ctx context.Context, actor account.User, productID, pictureID int64) error {
	var gone catalogdb.DeleteProductPictureRow
	err := a.changePictures(ctx, productID, func(tx *store.Tx, q *catalogdb.Queries, before []StaffPicture) error {
		var err error
		gone, err = q.DeleteProductPicture(ctx, catalogdb.DeleteProductPictureParams{ID: pictureID, ProductID: productID})
		if errors.Is(err, pgx.ErrNoRows) {
			return errPictureNotFound
		} else if err != nil {
			return fmt.Errorf("delete picture %d: %w", pictureID, err)
		}
		after := make([]StaffPicture, 0, len(before))
		for _, pic := range before {
			if pic.ID != pictureID {
				after = append(after, pic)
			}
		}
		return recordPictures(ctx, tx, actor, "image.delete", productID, before, after)
	})
	if err != nil {
		return err
	}
	// Only after the commit: had it failed, the row would still point at the files.
	a.removeUnused(context.WithoutCancel(ctx), gone.Path, deref(gone.CardPath), deref(gone.ThumbPath))
	return nil
}
