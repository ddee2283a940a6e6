package imageadmin

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/store/db"
)

// Delete removes a picture from the product (image_not_found when the product has no picture imageID), and
// then its files, unless another picture row still points at them. The next picture, if any, becomes the main
// one.
func (s *Service) Delete(ctx context.Context, actor account.User, productID, imageID int64) error {
	var gone db.DeleteProductPictureRow
	err := s.change(ctx, productID, func(tx pgx.Tx, before []Image) error {
		var err error
		gone, err = db.New(tx).DeleteProductPicture(ctx, db.DeleteProductPictureParams{ID: imageID, ProductID: productID})
		if errors.Is(err, pgx.ErrNoRows) {
			return errImageNotFound
		} else if err != nil {
			return fmt.Errorf("delete picture %d: %w", imageID, err)
		}
		after := make([]Image, 0, len(before))
		for _, img := range before {
			if img.ID != imageID {
				after = append(after, img)
			}
		}
		return record(ctx, tx, actor, "image.delete", productID, before, after)
	})
	if err != nil {
		return err
	}
	// Only after the commit: had it failed, the row would still point at the files.
	s.RemoveUnused(context.WithoutCancel(ctx), gone.Path, deref(gone.CardPath), deref(gone.ThumbPath))
	return nil
}
