package catalog

import (
	"context"
	"errors"
	"fmt"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/audit"
	"github.com/mekhaishuby/furstore/internal/catalog/internal/catalogdb"
	"github.com/mekhaishuby/furstore/internal/store"
)

// Admin is the catalog as staff manage it through the back office: categories, products, their stock and
// pictures, and the products.csv export. It shares the Service's connections, tree and change announcements;
// it is a type of its own only so that the staff's operations (Product, Products, Categories …) stand apart
// from the public window's and other packages' (Service.Product is the public card). Every change is one
// transaction that also writes its audit entry, so the log never claims a change that rolled back nor misses
// one that committed.
type Admin struct {
	s *Service
}

// Admin returns the back office's side of the catalog.
func (s *Service) Admin() *Admin { return &Admin{s: s} }

// write runs fn in a transaction (store.InTx, which runs it again after a deadlock) with the queries bound to
// it, and once it has committed starts a new catalog generation on this server, so the staff member's next
// read, public or not, shows the change (see changes.go). When fn returns errUnchanged it wrote nothing: the
// transaction rolls back, nothing is announced, and write returns nil.
func (a *Admin) write(ctx context.Context, fn func(tx *store.Tx, q *catalogdb.Queries) error) error {
	err := store.InTx(ctx, a.s.pool, func(tx *store.Tx) error {
		if err := fn(tx, a.s.q.WithTx(tx)); err != nil {
			return err
		}
		tx.AfterCommit(a.s.bumpAfterCommit)
		return nil
	})
	if errors.Is(err, errUnchanged) {
		return nil
	}
	return err
}

// errUnchanged is returned by a write's fn that found nothing to change (a form sent back as it was).
var errUnchanged = errors.New("nothing to change")

// record writes the audit entry of a change through its transaction.
func record(ctx context.Context, tx *store.Tx, actor account.User, e audit.Entry) error {
	if err := audit.Record(ctx, tx, actor, e); err != nil {
		return fmt.Errorf("audit %s %d: %w", e.Action, e.ObjectID, err)
	}
	return nil
}

// actorID is the staff member's id for a foreign key, or nil for a change without one (a test, a script).
func actorID(u account.User) *int64 {
	if u.ID == 0 {
		return nil
	}
	return &u.ID
}
