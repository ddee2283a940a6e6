package catalog

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/audit"
	"github.com/mekhaishuby/furstore/internal/catalog/internal/catalogdb"
	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/store"
)

// ProductInput is a new product or a change of one, each field already checked on its own (productBody.input).
// A nil field is absent: a change leaves it as it is. ClearOldPrice ends a sale ({"old_price": null}).
type ProductInput struct {
	Name          *string
	Slug          *string
	CategoryID    *int64
	Price         *money.Amount
	OldPrice      *money.Amount
	ClearOldPrice bool
	Stock         *int32
	Description   *string
	Attributes    *[]Attribute
	IsActive      *bool
	MarkedFur     *bool
	Version       *int32 // the version the change was made from; nil: whatever the product is now
	// Variants are a new product's sizes, heights and colours; nil: one variant, one size, with the price and
	// Stock.
	Variants []VariantInput
}

// Reasons of the stock movements that product writes record on their own.
const (
	reasonCreated = "товар создан"
)

func (in ProductInput) applyTo(p Product) Product {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&p.Name, in.Name)
	set(&p.Slug, in.Slug)
	set(&p.Description, in.Description)
	if in.CategoryID != nil {
		p.CategoryID = *in.CategoryID
	}
	if in.Price != nil {
		p.Price = *in.Price
	}
	if in.OldPrice != nil {
		p.OldPrice = in.OldPrice
	}
	if in.ClearOldPrice {
		p.OldPrice = nil
	}
	if in.Stock != nil {
		p.Stock = *in.Stock
	}
	if in.Attributes != nil {
		p.Attributes = *in.Attributes
	}
	if in.IsActive != nil {
		p.IsActive = *in.IsActive
	}
	if in.MarkedFur != nil {
		p.MarkedFur = *in.MarkedFur
	}
	return p
}

// check refuses what needs the database or the product's other fields to judge: a category that does not
// exist, and an old price that is not above the price (it is shown struck through as the price before a sale).
// A new category is filled in as after.Category.
func (in ProductInput) check(ctx context.Context, q *catalogdb.Queries, before Product, after *Product) error {
	var v apperr.Validation
	if after.CategoryID != before.CategoryID {
		ref, err := q.AdminCategoryRef(ctx, after.CategoryID)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			v.Add("unknown_category", "category_id", fmt.Sprintf("no category has the id %d", after.CategoryID))
		case err != nil:
			return err
		default:
			after.Category = CategoryRef(ref)
		}
	}
	if (in.Price != nil || in.OldPrice != nil) && after.OldPrice != nil && *after.OldPrice <= after.Price {
		v.Add("invalid_price", "old_price", fmt.Sprintf("must be above the price, %s, or null when there is no sale", after.Price))
	}
	return v.Err()
}

// CreateProduct adds a product with its variants. A slug made from the name is made unique; a slug given must
// be free; so are SKUs (see CreateVariant).
func (a *Admin) CreateProduct(ctx context.Context, actor account.User, in ProductInput) (Product, error) {
	var p Product
	err := retrySlugRace(in.Slug == nil, func() error {
		return retrySKURace(func() error {
			return a.write(ctx, func(tx *store.Tx, q *catalogdb.Queries) (err error) {
				if p, err = createProduct(ctx, q, tx, actor, in); err == nil && p.Stock > 0 {
					tx.AfterCommit(a.s.stockChangedOf(p.ID)) // the insert's trigger tells too; stock is announced as stock
				}
				return err
			})
		})
	})
	return p, err
}

func createProduct(ctx context.Context, q *catalogdb.Queries, tx *store.Tx, actor account.User, in ProductInput) (Product, error) {
	p := in.applyTo(Product{IsActive: true, Attributes: []Attribute{}, Images: []StaffPicture{}})
	if err := in.check(ctx, q, Product{}, &p); err != nil {
		return Product{}, err
	}
	given := ""
	if in.Slug != nil {
		given = *in.Slug
	}
	sl, err := pickSlug(given, p.Name, func(s string) (bool, error) {
		return q.AdminProductSlugTaken(ctx, catalogdb.AdminProductSlugTakenParams{Slug: s})
	})
	if err != nil {
		return Product{}, err
	}
	p.Slug = sl
	attrs, err := json.Marshal(p.Attributes)
	if err != nil {
		return Product{}, err
	}
	row, err := q.AdminInsertProduct(ctx, catalogdb.AdminInsertProductParams{CategoryID: p.CategoryID, Slug: p.Slug, Name: p.Name,
		Description: p.Description, Price: p.Price.Kopecks(), OldPrice: kopecks(p.OldPrice),
		IsActive: p.IsActive, MarkedFur: p.MarkedFur, Attributes: attrs})
	if err != nil {
		return Product{}, productWriteError(err, p.Slug)
	}
	p.ID, p.Version, p.CreatedAt, p.UpdatedAt = row.ID, row.Version, row.CreatedAt.UTC(), row.UpdatedAt.UTC()
	if p.Variants, err = createVariants(ctx, q, actor, p, in.Variants); err != nil {
		return Product{}, err
	}
	p.Stock = 0
	for _, v := range p.Variants {
		p.Stock += v.Stock
	}
	return p, record(ctx, tx, actor, audit.Entry{Action: "product.create", ObjectType: "product", ObjectID: p.ID, After: p})
}

// createVariants adds the variants of new product p (without any: one variant, one size, with the product's
// price and p.Stock) and returns them in size order. Each piece of a marked garment is a unit: with a code
// given, or without one yet.
func createVariants(ctx context.Context, q *catalogdb.Queries, actor account.User, p Product, variants []VariantInput) ([]StaffVariant, error) {
	implicit := variants == nil
	if implicit {
		variants = []VariantInput{{Stock: &p.Stock}}
	}
	var codes []string
	var at []string // the field of each code
	for i, v := range variants {
		if len(v.KIZ) > 0 && !p.MarkedFur {
			return nil, apperr.Field("invalid_kiz", fmt.Sprintf("variants[%d].kiz", i), "only a natural-fur product (marked_fur) has pieces with a КИЗ")
		}
		for j, code := range v.KIZ {
			codes = append(codes, code)
			at = append(at, fmt.Sprintf("variants[%d].kiz[%d]", i, j))
		}
	}
	if len(codes) > 0 {
		known, err := q.KIZOwners(ctx, codes)
		if err != nil {
			return nil, err
		}
		if len(known) > 0 {
			e := &apperr.Error{Kind: apperr.Conflict, Code: "kiz_exists", Fields: map[string]string{},
				Message: fmt.Sprintf("%d of the codes are already in the store (a КИЗ is unique forever); nothing was added", len(known))}
			for _, k := range known {
				i := slices.Index(codes, k.Kiz)
				e.Fields[at[i]] = fmt.Sprintf("%s is already unit %d (variant %d, %s)", k.Kiz, k.ID, k.VariantID, k.Status)
			}
			return nil, e
		}
	}
	owner := variantOwner{ID: p.ID, Price: p.Price, OldPrice: p.OldPrice, MarkedFur: p.MarkedFur}
	for i, v := range variants {
		field := fmt.Sprintf("variants[%d].", i)
		if implicit {
			field = "" // made of the product's own fields
		}
		if _, err := insertVariant(ctx, q, actor, owner, v, field, reasonCreated); err != nil {
			return nil, err
		}
	}
	rows, err := q.AdminProductVariants(ctx, []int64{p.ID})
	if err != nil {
		return nil, err
	}
	return staffVariants(rows, p.Price, p.OldPrice), nil
}

// UpdateProduct changes the fields in of a product. With in.Version set and the product at another version
// by now, nothing changes: 409 version_conflict names the current version. Stock is not changed here: orders
// take stock without changing the version, so a form sent back with the stock it showed would silently undo
// them. A stock equal to the current one (a whole form sent back) is fine; another is 409 stock_changed,
// pointing to the stock endpoint. A change that changes nothing writes nothing and keeps the version.
func (a *Admin) UpdateProduct(ctx context.Context, actor account.User, id int64, in ProductInput) (Product, error) {
	var p Product
	err := retrySlugRace(false, func() error { return a.updateProduct(ctx, actor, id, in, &p) })
	return p, err
}

func (a *Admin) updateProduct(ctx context.Context, actor account.User, id int64, in ProductInput, out *Product) error {
	return a.write(ctx, func(tx *store.Tx, q *catalogdb.Queries) error {
		// Locked first: of two staff saving the same version at once, the second waits here and then reads
		// the first one's version.
		before, err := lockProduct(ctx, q, id)
		if err != nil {
			return err
		}
		if in.Version != nil && *in.Version != before.Version {
			return versionConflict(before.Version)
		}
		if in.Stock != nil && *in.Stock != before.Stock {
			return stockChangedError(before.Stock, *in.Stock)
		}
		after := in.applyTo(before)
		after.Variants = repriced(before.Variants, after.Price, after.OldPrice)
		if err := in.check(ctx, q, before, &after); err != nil {
			return err
		}
		if after.sameContent(before) {
			*out = before
			return errUnchanged
		}
		if after.Slug != before.Slug {
			taken, err := q.AdminProductSlugTaken(ctx, catalogdb.AdminProductSlugTakenParams{Slug: after.Slug, ExceptID: id})
			if err != nil {
				return err
			}
			if taken {
				return slugTaken(after.Slug)
			}
		}
		attrs, err := json.Marshal(after.Attributes)
		if err != nil {
			return err
		}
		row, err := q.AdminUpdateProduct(ctx, catalogdb.AdminUpdateProductParams{ID: id, Version: before.Version,
			CategoryID: after.CategoryID, Slug: after.Slug, Name: after.Name, Description: after.Description,
			Price: after.Price.Kopecks(), OldPrice: kopecks(after.OldPrice),
			IsActive: after.IsActive, MarkedFur: after.MarkedFur, Attributes: attrs})
		if errors.Is(err, pgx.ErrNoRows) { // unreachable under the lock; the version condition is the backstop
			return versionConflict(before.Version)
		} else if err != nil {
			return productWriteError(err, after.Slug)
		}
		after.Version, after.UpdatedAt = row.Version, row.UpdatedAt.UTC()
		if after.MarkedFur != before.MarkedFur {
			if err := a.markFur(ctx, tx, q, actor, id, after.MarkedFur); err != nil {
				return err
			}
		}
		*out = after
		return record(ctx, tx, actor, audit.Entry{Action: "product.update", ObjectType: "product", ObjectID: id, Before: before, After: after})
	})
}

// DeleteProduct deletes a product, its pictures' rows and stock history, and the cart lines that hold it (the
// foreign keys cascade: migrations 00002 and 00004); once that has committed, the pictures' files that nothing
// else uses. Orders keep their lines: each carries the name and price of its moment, not a reference that must
// stay valid. An order being placed locks its cart lines before the product, the delete the other way round:
// should the two deadlock, PostgreSQL aborts one and store.InTx runs it again.
func (a *Admin) DeleteProduct(ctx context.Context, actor account.User, id int64) error {
	var before Product
	err := a.write(ctx, func(tx *store.Tx, q *catalogdb.Queries) (err error) {
		if before, err = lockProduct(ctx, q, id); err != nil {
			return err
		}
		// Fur units that are only a count go with it; any other unit keeps it (its КИЗ is known forever).
		if err := q.DeleteAnonymousUnits(ctx, catalogdb.DeleteAnonymousUnitsParams{ProductID: &id}); err != nil {
			return err
		}
		n, err := q.AdminDeleteProduct(ctx, id)
		if code, constraint := store.SQLState(err); code == store.ForeignKeyViolation && constraint == "fur_units_variant_id_fkey" {
			return &apperr.Error{Kind: apperr.Conflict, Code: "product_in_use",
				Message: "the product has fur units with a КИЗ, or ones that were ordered: deactivate it instead"}
		}
		if err != nil {
			return err
		}
		if n == 0 {
			return ErrProductNotFound
		}
		return record(ctx, tx, actor, audit.Entry{Action: "product.delete", ObjectType: "product", ObjectID: id, Before: before})
	})
	if err != nil {
		return err
	}
	for _, pic := range before.Images {
		a.removeUnused(context.WithoutCancel(ctx), pic.Path, pic.CardPath, pic.ThumbPath)
	}
	return nil
}

func stockChangedError(current, sent int32) error {
	return &apperr.Error{Kind: apperr.Conflict, Code: "stock_changed",
		Message: fmt.Sprintf("the stock is %d now, not %d; set or adjust it with POST /api/admin/products/{id}/stock, with a reason", current, sent),
		Fields:  map[string]string{"stock": fmt.Sprintf("is %d now; change it through the stock endpoint", current)},
		Details: map[string]int32{"current_stock": current}}
}

func versionConflict(current int32) error {
	return &apperr.Error{Kind: apperr.Conflict, Code: "version_conflict",
		Message: fmt.Sprintf("the product was changed meanwhile and is at version %d now; reload it and make the change again", current),
		Fields:  map[string]string{"version": fmt.Sprintf("is not the current version, %d", current)},
		Details: map[string]int32{"current_version": current}}
}

// productWriteError turns the constraint a product write broke into the client's error.
func productWriteError(err error, sl string) error {
	switch code, constraint := store.SQLState(err); {
	case code == store.UniqueViolation && constraint == "products_slug_key":
		return slugRace{slug: sl}
	case code == store.ForeignKeyViolation && constraint == "products_category_id_fkey":
		return apperr.Field("unknown_category", "category_id", "the category no longer exists")
	case code == store.CheckViolation:
		return apperr.New(apperr.Invalid, "invalid_input", "a value is out of range ("+constraint+")")
	}
	return err
}

func kopecks(a *money.Amount) *int64 {
	if a == nil {
		return nil
	}
	k := a.Kopecks()
	return &k
}

// markFur keeps a product's stock and units in step when it becomes a marked fur garment (each piece on sale
// gets a unit, its КИЗ not known yet) or stops being one (its available units are written off: its stock is a
// number again). The product's row has just been updated: its trigger (migration 00012) has passed the flag
// to the variants, taking their locks, so orders that were placing pieces of it have committed and those that
// come after see the new flag. An order not yet handed over or cancelled holds pieces counted the other way:
// 409 product_in_open_orders, nothing changed.
func (a *Admin) markFur(ctx context.Context, tx *store.Tx, q *catalogdb.Queries, actor account.User, productID int64, marked bool) error {
	variants, err := q.AdminProductVariants(ctx, []int64{productID})
	if err != nil {
		return err
	}
	ids := make([]int64, len(variants))
	for i, v := range variants {
		ids[i] = v.ID
	}
	if open, err := a.s.variantsInOpenOrders(ctx, tx, ids); err != nil || open {
		if err != nil {
			return err
		}
		return &apperr.Error{Kind: apperr.Conflict, Code: "product_in_open_orders",
			Message: fmt.Sprintf("product %d is in orders not yet handed over or cancelled, whose pieces were counted as it was: finish them first", productID),
			Fields:  map[string]string{"marked_fur": "cannot change while the product is in open orders"}}
	}
	// Units already on the shelf count (one returned while the product was marked before, and inspected since).
	counts, err := q.VariantUnitCounts(ctx, ids)
	if err != nil {
		return err
	}
	shelf := make(map[int64]int32, len(counts))
	for _, c := range counts {
		shelf[c.ID] = c.Available
	}
	for _, v := range variants {
		delta, note := v.Stock-shelf[v.ID], "marked as natural fur"
		if !marked {
			delta, note = -shelf[v.ID], "no longer marked as natural fur"
		}
		if err := countedUnits(ctx, q, v.ID, delta, actorID(actor), note); err != nil {
			return fmt.Errorf("product %d variant %d: %w", productID, v.ID, err)
		}
	}
	return nil
}
