package imageadmin

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/audit"
	"github.com/mekhaishuby/furstore/internal/media"
	"github.com/mekhaishuby/furstore/internal/store/db"
)

// Service changes products' pictures: the rows in product_images and the files in the media folder.
type Service struct {
	pool     *pgxpool.Pool
	pictures *media.Store
	log      *slog.Logger
}

// NewService returns the service; pictures is where picture files are stored.
func NewService(pool *pgxpool.Pool, pictures *media.Store, log *slog.Logger) *Service {
	return &Service{pool: pool, pictures: pictures, log: log}
}

// change runs fn in a transaction that holds the product's lock, giving it the product's pictures as they are
// (in order), and commits what fn did. An unknown product is product_not_found.
func (s *Service) change(ctx context.Context, productID int64, fn func(tx pgx.Tx, before []Image) error) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx) //nolint:errcheck // a no-op after Commit
	q := db.New(tx)
	if _, err := q.LockPictureProduct(ctx, productID); errors.Is(err, pgx.ErrNoRows) {
		return errProductNotFound
	} else if err != nil {
		return fmt.Errorf("lock product %d: %w", productID, err)
	}
	before, err := List(ctx, q, productID)
	if err != nil {
		return err
	}
	if err := fn(tx, before); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit pictures of product %d: %w", productID, err)
	}
	return nil
}

// record writes the audit entry of a change to a product's pictures: the product's pictures, in order, before
// and after it. Neither is nil, so the log shows an empty list as [].
func record(ctx context.Context, tx pgx.Tx, actor account.User, action string, productID int64, before, after []Image) error {
	return audit.Record(ctx, tx, actor, audit.Entry{Action: action, ObjectType: "product", ObjectID: productID,
		Before: map[string][]Image{"images": before}, After: map[string][]Image{"images": after}})
}
