package catalog

import (
	"context"
	"fmt"

	"github.com/mekhaishuby/furstore/internal/catalog/internal/catalogdb"
	"github.com/mekhaishuby/furstore/internal/media"
	"github.com/mekhaishuby/furstore/internal/store"
)

// PictureSizesResult counts what MakePictureSizes did.
type PictureSizesResult struct {
	Files  int      // stored pictures whose sizes were made
	Rows   int64    // picture rows that got them
	Failed []string // pictures that could not be read or decoded, each with why; their rows show the original
}

// pictureSizesPage is how many stored pictures MakePictureSizes asks for at a time.
const pictureSizesPage = 100

// MakePictureSizes makes the card and thumbnail of every stored picture some row lacks them or the original's
// size for (pictures imported before imports made them, migration 00018), and records them on those rows. A
// picture file that is missing or does not decode is reported in Failed and passed over. Running it again only
// looks at what is still missing.
func (s *Service) MakePictureSizes(ctx context.Context) (PictureSizesResult, error) {
	var res PictureSizesResult
	for after := ""; ; {
		paths, err := s.q.PicturesWithoutSizes(ctx, catalogdb.PicturesWithoutSizesParams{After: after, Max: pictureSizesPage})
		if err != nil {
			return res, fmt.Errorf("pictures without sizes: %w", err)
		}
		if len(paths) == 0 {
			return res, nil
		}
		for _, path := range paths {
			// Decoding and resizing take a while, so they happen before the transaction, as at upload.
			pic, err := s.pictures.MakeVariants(ctx, path)
			if err != nil {
				res.Failed = append(res.Failed, fmt.Sprintf("%s: %v", path, err))
				continue
			}
			rows, err := s.recordPictureSizes(ctx, pic)
			if err != nil {
				return res, err
			}
			if rows == 0 {
				// Every row of the picture went meanwhile: leave no file behind that nothing points at.
				s.Admin().removeUnused(context.WithoutCancel(ctx), pic.Original, pic.Card, pic.Thumb)
				continue
			}
			res.Files++
			res.Rows += rows
		}
		after = paths[len(paths)-1]
	}
}

// recordPictureSizes records pic's variants and size on the rows that show it and lack them, and returns how
// many did. It holds the picture's file lock, as an upload does (Admin.addPicture), so a delete of another row
// with the same file cannot remove the variants between their check and the update.
func (s *Service) recordPictureSizes(ctx context.Context, pic media.Picture) (int64, error) {
	var rows int64
	err := store.InTx(ctx, s.pool, func(tx *store.Tx) error {
		q := s.q.WithTx(tx)
		if err := q.LockPictureFile(ctx, pic.Original); err != nil {
			return fmt.Errorf("lock picture %s: %w", pic.Original, err)
		}
		if ok, err := s.pictures.Has(ctx, pic); err != nil {
			return fmt.Errorf("are the files of %s stored: %w", pic.Original, err)
		} else if !ok {
			// Removed since they were made (a delete of the picture's last row): the rows are likely gone too,
			// and any left show the original until the next run.
			return nil
		}
		var err error
		rows, err = q.SetPictureSizes(ctx, catalogdb.SetPictureSizesParams{Path: pic.Original, CardPath: ref(pic.Card),
			ThumbPath: ref(pic.Thumb), Width: ref(int32(pic.Width)), Height: ref(int32(pic.Height))})
		if err != nil {
			return fmt.Errorf("record sizes of %s: %w", pic.Original, err)
		}
		return nil
	})
	return rows, err
}
