package catalog

import (
	"context"
	"fmt"

	"github.com/mekhaishuby/furstore/internal/catalog/internal/catalogdb"
	"github.com/mekhaishuby/furstore/internal/store"
)

// removeUnused deletes those of a picture's files (its original and its variants) that no picture row points
// at any more: files are named by their content, so another product, or an import, may share them. It runs
// after the change that dropped a reference has committed, and holds the picture's file lock while it checks
// and removes, so that an upload of the same bytes cannot point a new row at a file as it goes (see
// Admin.addPicture). A failure is logged, not returned: the change is done, and a file left behind only wastes
// disk.
func (a *Admin) removeUnused(ctx context.Context, original string, variants ...string) {
	if err := a.removeUnusedFiles(ctx, append([]string{original}, variants...)); err != nil {
		a.s.log.Warn("remove unused picture files", "path", original, "err", err)
	}
}

// removeUnusedFiles runs in a transaction only to hold the file's lock; it writes nothing. Should PostgreSQL
// run it again, removing a file already gone is no error.
func (a *Admin) removeUnusedFiles(ctx context.Context, files []string) error {
	return store.InTx(ctx, a.s.pool, func(tx *store.Tx) error {
		q := catalogdb.New(tx)
		if err := q.LockPictureFile(ctx, files[0]); err != nil {
			return fmt.Errorf("lock picture: %w", err)
		}
		for _, f := range files {
			if f == "" {
				continue
			}
			inUse, err := q.PictureFileInUse(ctx, f)
			if err != nil {
				return fmt.Errorf("is %s in use: %w", f, err)
			}
			if inUse {
				continue
			}
			// The store keeps every removal inside its folder or prefix, whatever a stored path says.
			if err := a.s.pictures.Remove(ctx, f); err != nil {
				return err
			}
		}
		return nil
	})
}
