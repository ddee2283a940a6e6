package catalog

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/audit"
	"github.com/mekhaishuby/furstore/internal/catalog/internal/catalogdb"
	"github.com/mekhaishuby/furstore/internal/store"
)

// changePictures runs fn in a staff write (Admin.write) that holds the product's lock, giving it the product's
// pictures as they are, in order. An unknown product is product_not_found.
func (a *Admin) changePictures(ctx context.Context, productID int64, fn func(tx *store.Tx, q *catalogdb.Queries, before []StaffPicture) error) error {
	return a.write(ctx, func(tx *store.Tx, q *catalogdb.Queries) error {
		if _, err := q.LockPictureProduct(ctx, productID); errors.Is(err, pgx.ErrNoRows) {
			return ErrProductNotFound
		} else if err != nil {
			return fmt.Errorf("lock product %d: %w", productID, err)
		}
		before, err := listPictures(ctx, q, productID)
		if err != nil {
			return err
		}
		return fn(tx, q, before)
	})
}

// recordPictures writes the audit entry of a change to a product's pictures: the product's pictures, in order,
// before and after it. Neither is nil, so the log shows an empty list as [].
func recordPictures(ctx context.Context, tx *store.Tx, actor account.User, action string, productID int64, before, after []StaffPicture) error {
	return record(ctx, tx, actor, audit.Entry{Action: action, ObjectType: "product", ObjectID: productID,
		Before: map[string][]StaffPicture{"images": before}, After: map[string][]StaffPicture{"images": after}})
}
