package catalog

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/audit"
	"github.com/mekhaishuby/furstore/internal/catalog/internal/catalogdb"
	"github.com/mekhaishuby/furstore/internal/store"
)

// StaffCategory is a category as staff manage it, with what keeps it from being deleted; it is also what the
// audit log records. The public tree's node is Category.
type StaffCategory struct {
	ID            int64  `json:"id"`
	Name          string `json:"name"`
	Slug          string `json:"slug"`
	ParentID      *int64 `json:"parent_id"`
	Position      int32  `json:"position"`
	ProductCount  int64  `json:"product_count"`  // products directly in it, inactive ones too
	ChildrenCount int64  `json:"children_count"` // child categories
}

// CategoryInput is a new category, validated. An empty Slug is made from the name; a nil Position puts the
// category after its siblings.
type CategoryInput struct {
	Name     string
	Slug     string
	ParentID *int64
	Position *int32
}

// CategoryChange is a change of a category, validated; nil fields stay as they are. With Move set the category
// goes under ParentID, or becomes a root when ParentID is nil.
type CategoryChange struct {
	Name     *string
	Slug     *string
	Move     bool
	ParentID *int64
	Position *int32
}

var errCategoryNotFound = apperr.New(apperr.NotFound, "category_not_found", "no such category")

// Categories returns every category, flat: roots first, then in display order, each with its counts.
func (a *Admin) Categories(ctx context.Context) ([]StaffCategory, error) {
	rows, err := a.s.q.AdminListCategories(ctx)
	if err != nil {
		return nil, fmt.Errorf("list categories: %w", err)
	}
	out := make([]StaffCategory, len(rows))
	for i, r := range rows {
		out[i] = StaffCategory(r)
	}
	return out, nil
}

// CreateCategory adds a category. A slug made from the name is made unique (norkovye-shuby-2 …); a slug given
// must be free.
func (a *Admin) CreateCategory(ctx context.Context, actor account.User, in CategoryInput) (StaffCategory, error) {
	var c StaffCategory
	err := a.write(ctx, func(tx *store.Tx, q *catalogdb.Queries) (err error) {
		c, err = createCategory(ctx, q, tx, actor, in)
		return err
	})
	return c, err
}

func createCategory(ctx context.Context, q *catalogdb.Queries, tx *store.Tx, actor account.User, in CategoryInput) (StaffCategory, error) {
	if err := q.AdminLockCategoryTree(ctx); err != nil {
		return StaffCategory{}, err
	}
	if in.ParentID != nil {
		if err := categoryMustExist(ctx, q, *in.ParentID, "parent_id"); err != nil {
			return StaffCategory{}, err
		}
	}
	sl, err := pickSlug(in.Slug, in.Name, func(s string) (bool, error) {
		return q.AdminCategorySlugTaken(ctx, catalogdb.AdminCategorySlugTakenParams{Slug: s})
	})
	if err != nil {
		return StaffCategory{}, err
	}
	var position int32
	if in.Position != nil {
		position = *in.Position
	} else if position, err = q.AdminNextCategoryPosition(ctx, in.ParentID); err != nil {
		return StaffCategory{}, err
	}
	id, err := q.AdminInsertCategory(ctx, catalogdb.AdminInsertCategoryParams{Name: in.Name, Slug: sl, ParentID: in.ParentID, Position: position})
	if err != nil {
		return StaffCategory{}, categoryWriteError(err, sl)
	}
	c := StaffCategory{ID: id, Name: in.Name, Slug: sl, ParentID: in.ParentID, Position: position} // no products, no children yet
	return c, record(ctx, tx, actor, audit.Entry{Action: "category.create", ObjectType: "category", ObjectID: id, After: c})
}

// UpdateCategory renames, moves or reorders a category. A move under the category itself or one of its
// descendants is refused (409 category_cycle).
func (a *Admin) UpdateCategory(ctx context.Context, actor account.User, id int64, ch CategoryChange) (StaffCategory, error) {
	var out StaffCategory
	err := a.write(ctx, func(tx *store.Tx, q *catalogdb.Queries) error {
		if err := q.AdminLockCategoryTree(ctx); err != nil {
			return err
		}
		before, err := getCategory(ctx, q, id)
		if err != nil {
			return err
		}
		after := before
		if ch.Name != nil {
			after.Name = *ch.Name
		}
		if ch.Slug != nil && *ch.Slug != before.Slug {
			taken, err := q.AdminCategorySlugTaken(ctx, catalogdb.AdminCategorySlugTakenParams{Slug: *ch.Slug, ExceptID: id})
			if err != nil {
				return err
			}
			if taken {
				return slugTaken(*ch.Slug)
			}
			after.Slug = *ch.Slug
		}
		if ch.Move && !sameID(ch.ParentID, before.ParentID) {
			if err := checkMove(ctx, q, id, ch.ParentID); err != nil {
				return err
			}
			after.ParentID = ch.ParentID
			if ch.Position == nil { // it goes after its new siblings
				if after.Position, err = q.AdminNextCategoryPosition(ctx, ch.ParentID); err != nil {
					return err
				}
			}
		}
		if ch.Position != nil {
			after.Position = *ch.Position
		}
		out = after
		if after == before {
			return errUnchanged // nothing to change, nothing to log
		}
		err = q.AdminUpdateCategory(ctx, catalogdb.AdminUpdateCategoryParams{ID: id, Name: after.Name, Slug: after.Slug,
			ParentID: after.ParentID, Position: after.Position})
		if err != nil {
			return categoryWriteError(err, after.Slug)
		}
		return record(ctx, tx, actor, audit.Entry{Action: "category.update", ObjectType: "category", ObjectID: id, Before: before, After: after})
	})
	return out, err
}

// checkMove refuses a parent that does not exist or that would make a cycle. The caller holds the tree lock,
// so no other move can make the answer wrong before commit.
func checkMove(ctx context.Context, q *catalogdb.Queries, id int64, parent *int64) error {
	if parent == nil {
		return nil // a root is never in a cycle
	}
	if err := categoryMustExist(ctx, q, *parent, "parent_id"); err != nil {
		return err
	}
	cycle, err := q.AdminIsInSubtree(ctx, catalogdb.AdminIsInSubtreeParams{Root: id, Candidate: *parent})
	if err != nil {
		return err
	}
	if cycle {
		msg := "a category cannot go under one of its own subcategories"
		if *parent == id {
			msg = "a category cannot go under itself"
		}
		return &apperr.Error{Kind: apperr.Conflict, Code: "category_cycle", Message: msg,
			Fields: map[string]string{"parent_id": msg}}
	}
	return nil
}

// DeleteCategory deletes a category that holds no products and no subcategories.
func (a *Admin) DeleteCategory(ctx context.Context, actor account.User, id int64) error {
	return a.write(ctx, func(tx *store.Tx, q *catalogdb.Queries) error {
		if err := q.AdminLockCategoryTree(ctx); err != nil {
			return err
		}
		// The row lock waits for products being added to the category right now (their foreign key check
		// share-locks it) and keeps new ones out until commit, so the counts below stay true.
		if _, err := q.AdminLockCategory(ctx, id); errors.Is(err, pgx.ErrNoRows) {
			return errCategoryNotFound
		} else if err != nil {
			return err
		}
		c, err := getCategory(ctx, q, id)
		if err != nil {
			return err
		}
		if c.ProductCount > 0 || c.ChildrenCount > 0 {
			return notEmpty(c)
		}
		if err := q.AdminDeleteCategory(ctx, id); err != nil {
			if code, _ := store.SQLState(err); code == store.ForeignKeyViolation {
				return notEmpty(c)
			}
			return err
		}
		return record(ctx, tx, actor, audit.Entry{Action: "category.delete", ObjectType: "category", ObjectID: id, Before: c})
	})
}

func notEmpty(c StaffCategory) error {
	return &apperr.Error{Kind: apperr.Conflict, Code: "category_not_empty",
		Message: fmt.Sprintf("«%s» still holds %d products and %d subcategories; move or delete them first",
			c.Name, c.ProductCount, c.ChildrenCount),
		Details: map[string]int64{"products": c.ProductCount, "children": c.ChildrenCount}}
}

func getCategory(ctx context.Context, q *catalogdb.Queries, id int64) (StaffCategory, error) {
	r, err := q.AdminGetCategory(ctx, id)
	if errors.Is(err, pgx.ErrNoRows) {
		return StaffCategory{}, errCategoryNotFound
	}
	if err != nil {
		return StaffCategory{}, fmt.Errorf("get category %d: %w", id, err)
	}
	return StaffCategory(r), nil
}

// categoryMustExist answers 400 naming field when no category has the id: the id is part of the request.
func categoryMustExist(ctx context.Context, q *catalogdb.Queries, id int64, field string) error {
	_, err := q.AdminCategoryRef(ctx, id)
	if errors.Is(err, pgx.ErrNoRows) {
		return apperr.Field("unknown_category", field, fmt.Sprintf("no category has the id %d", id))
	}
	return err
}

// categoryWriteError turns the constraint a category write broke into the client's error. A slug taken here is
// never worth a retry: every category writer takes the tree lock first, so a slug found free stays free until
// commit.
func categoryWriteError(err error, sl string) error {
	switch code, constraint := store.SQLState(err); {
	case code == store.UniqueViolation && constraint == "categories_slug_key":
		return slugTaken(sl)
	case code == store.ForeignKeyViolation:
		return apperr.Field("unknown_category", "parent_id", "the parent category no longer exists")
	case code == store.CheckViolation:
		return apperr.New(apperr.Invalid, "invalid_input", "a value is out of range ("+constraint+")")
	}
	return err
}

func sameID(a, b *int64) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}
