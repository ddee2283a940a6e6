package catalog

import (
	"context"
	"fmt"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/audit"
	"github.com/mekhaishuby/furstore/internal/catalog/internal/catalogdb"
	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/store"
)

// Staff's changes of a product's variants. Each locks the product's row first and then the variant's (the lock
// order of docs/moving-parts.md: an order locks only variants, so the two never wait in a circle), raises the
// product's version (a form opened before the change hears of it on save) and writes its audit entry, under
// the product: variant.create, variant.update, variant.delete, and product.stock for stock.

// Reasons of the stock movements that variant writes record on their own.
const reasonVariantCreated = "вариант добавлен"

// variantOwner is what a new variant needs of its product.
type variantOwner struct {
	ID        int64
	Price     money.Amount
	OldPrice  *money.Amount
	MarkedFur bool
}

func ownerOf(p catalogdb.AdminLockProductRow) variantOwner {
	return variantOwner{ID: p.ID, Price: money.Amount(p.Price), OldPrice: money.FromPtr(p.OldPrice), MarkedFur: p.MarkedFur}
}

// CreateVariant adds a variant to product productID. A SKU given must be free (409 sku_exists); without one, a
// free one is made from the product's and the variant's size, height and colour. A marked fur product's
// variant starts without stock: its pieces are received as units, each with its КИЗ (409 stock_by_units).
func (a *Admin) CreateVariant(ctx context.Context, actor account.User, productID int64, in VariantInput) (StaffVariant, error) {
	var v StaffVariant
	err := retrySKURace(func() error {
		return a.write(ctx, func(tx *store.Tx, q *catalogdb.Queries) error {
			p, err := q.AdminLockProduct(ctx, productID)
			if err != nil {
				return store.NotFound(err, ErrProductNotFound)
			}
			if p.MarkedFur && in.Stock != nil && *in.Stock > 0 {
				return stockByUnits(p.ID)
			}
			if v, err = insertVariant(ctx, q, actor, ownerOf(p), in, "", reasonVariantCreated); err != nil {
				return err
			}
			if err := q.AdminBumpProductVersion(ctx, p.ID); err != nil {
				return err
			}
			if v.Stock > 0 {
				tx.AfterCommit(a.s.stockChangedOf(p.ID)) // the insert's trigger tells too; stock is announced as stock
			}
			return record(ctx, tx, actor, audit.Entry{Action: "variant.create", ObjectType: "product", ObjectID: p.ID, After: v})
		})
	})
	return v, err
}

// insertVariant adds the variant in to product p through q, with its fur units when p is marked (one per code
// of in.KIZ, and units whose КИЗ is not known yet for the rest of its stock) and the stock movement of its
// first stock. field names the variant in errors ("variants[2]." in a new product's list, "" alone).
func insertVariant(ctx context.Context, q *catalogdb.Queries, actor account.User, p variantOwner, in VariantInput, field, reason string) (StaffVariant, error) {
	v := in.applyTo(StaffVariant{ProductID: p.ID, IsActive: true})
	if in.Stock == nil {
		v.Stock = int32(len(in.KIZ)) // a marked piece with a code is in stock
	}
	if err := checkPrices(v, field); err != nil {
		return StaffVariant{}, err
	}
	taken, err := q.AdminVariantKindTaken(ctx, catalogdb.AdminVariantKindTakenParams{ProductID: p.ID, Size: v.Size, Height: v.Height, Color: v.Color})
	if err != nil {
		return StaffVariant{}, err
	}
	if taken {
		return StaffVariant{}, variantExists(v.kind(), field+"size")
	}
	skuTaken := func(s string) (bool, error) {
		return q.AdminSKUTaken(ctx, catalogdb.AdminSKUTakenParams{Sku: s})
	}
	if in.SKU != nil {
		if taken, err := skuTaken(v.SKU); err != nil {
			return StaffVariant{}, err
		} else if taken {
			return StaffVariant{}, skuExists(v.SKU, field+"sku")
		}
	} else if v.SKU, err = uniqueSKU(variantSKU(p.ID, v.Size, v.Height, v.Color), skuTaken); err != nil {
		return StaffVariant{}, err
	}
	row, err := q.AdminInsertVariant(ctx, catalogdb.AdminInsertVariantParams{ProductID: p.ID, Sku: v.SKU, Size: v.Size,
		Height: v.Height, Color: v.Color, Price: kopecks(v.Price), OldPrice: kopecks(v.OldPrice), Stock: v.Stock, IsActive: v.IsActive})
	if err != nil {
		return StaffVariant{}, variantWriteError(err, v, in.SKU != nil, field)
	}
	v.ID = row.ID
	v.priced(p.Price, p.OldPrice)
	if p.MarkedFur {
		if len(in.KIZ) > 0 {
			_, err := q.AddUnits(ctx, catalogdb.AddUnitsParams{VariantID: v.ID, Kizs: in.KIZ, ActorID: actorID(actor), Note: reason})
			if code, constraint := store.SQLState(err); code == store.UniqueViolation && constraint == "fur_units_kiz_key" {
				return StaffVariant{}, &apperr.Error{Kind: apperr.Conflict, Code: "kiz_exists",
					Message: "a КИЗ of the variant was received meanwhile by another request (a КИЗ is unique forever); nothing was added"}
			} else if err != nil {
				return StaffVariant{}, err
			}
		}
		if err := countedUnits(ctx, q, v.ID, v.Stock-int32(len(in.KIZ)), actorID(actor), reason); err != nil {
			return StaffVariant{}, err
		}
	}
	if v.Stock > 0 { // the stock history then adds up to the stock
		if _, err := insertMovement(ctx, q, actor, p.ID, v.ID, v.Stock, v.Stock, reason); err != nil {
			return StaffVariant{}, err
		}
	}
	return v, nil
}

// UpdateVariant changes the fields in of variant id. Its stock is changed only through ChangeVariantStock (or,
// for marked fur, its units): a stock equal to the current one is fine (a form sent back), another is 409
// stock_changed. A change that changes nothing writes nothing.
func (a *Admin) UpdateVariant(ctx context.Context, actor account.User, id int64, in VariantInput) (StaffVariant, error) {
	var out StaffVariant
	err := a.write(ctx, func(tx *store.Tx, q *catalogdb.Queries) error {
		p, row, err := lockStaffVariant(ctx, q, id)
		if err != nil {
			return err
		}
		before := lockedVariant(row, p)
		if in.Stock != nil && *in.Stock != before.Stock {
			return &apperr.Error{Kind: apperr.Conflict, Code: "stock_changed",
				Message: fmt.Sprintf("the variant's stock is %d now, not %d; set or adjust it with POST /api/admin/variants/{id}/stock, with a reason", before.Stock, *in.Stock),
				Fields:  map[string]string{"stock": fmt.Sprintf("is %d now; change it through the stock endpoint", before.Stock)},
				Details: map[string]int32{"current_stock": before.Stock}}
		}
		after := in.applyTo(before)
		if err := checkPrices(after, ""); err != nil {
			return err
		}
		after.priced(money.Amount(p.Price), money.FromPtr(p.OldPrice))
		if after.sameContent(before) {
			out = before
			return errUnchanged
		}
		if after.kind() != before.kind() {
			taken, err := q.AdminVariantKindTaken(ctx, catalogdb.AdminVariantKindTakenParams{ProductID: p.ID, ExceptID: id,
				Size: after.Size, Height: after.Height, Color: after.Color})
			if err != nil {
				return err
			}
			if taken {
				return variantExists(after.kind(), "size")
			}
		}
		if after.SKU != before.SKU {
			taken, err := q.AdminSKUTaken(ctx, catalogdb.AdminSKUTakenParams{Sku: after.SKU, ExceptID: id})
			if err != nil {
				return err
			}
			if taken {
				return skuExists(after.SKU, "sku")
			}
		}
		if err := q.AdminUpdateVariant(ctx, catalogdb.AdminUpdateVariantParams{ID: id, Sku: after.SKU, Size: after.Size,
			Height: after.Height, Color: after.Color, Price: kopecks(after.Price), OldPrice: kopecks(after.OldPrice),
			IsActive: after.IsActive}); err != nil {
			return variantWriteError(err, after, true, "")
		}
		if err := q.AdminBumpProductVersion(ctx, p.ID); err != nil {
			return err
		}
		out = after
		return record(ctx, tx, actor, audit.Entry{Action: "variant.update", ObjectType: "product", ObjectID: p.ID, Before: before, After: after})
	})
	return out, err
}

// DeleteVariant deletes variant id with its stock history, and takes it out of every cart (the foreign keys
// cascade). A product's last variant stays (409 last_variant: delete the product instead), and so does a
// variant that orders name or with fur units that have a КИЗ (409 variant_in_use: deactivate it instead); units
// that are only a count go with it.
func (a *Admin) DeleteVariant(ctx context.Context, actor account.User, id int64) error {
	return a.write(ctx, func(tx *store.Tx, q *catalogdb.Queries) error {
		p, row, err := lockStaffVariant(ctx, q, id)
		if err != nil {
			return err
		}
		before := lockedVariant(row, p)
		n, err := q.AdminCountVariants(ctx, p.ID)
		if err != nil {
			return err
		}
		if n == 1 { // the product is locked: no variant is added meanwhile
			return &apperr.Error{Kind: apperr.Conflict, Code: "last_variant",
				Message: fmt.Sprintf("variant %d is the only one of product %d: a product is sold as at least one variant; delete or deactivate the product instead", id, p.ID)}
		}
		// Its order lines name it, to give its stock back when they are cancelled and to show it.
		if ordered, err := a.s.variantsOrdered(ctx, tx, []int64{id}); err != nil || ordered {
			if err != nil {
				return err
			}
			return variantInUse
		}
		if err := q.DeleteAnonymousUnits(ctx, catalogdb.DeleteAnonymousUnitsParams{VariantID: &id}); err != nil {
			return err
		}
		_, err = q.AdminDeleteVariant(ctx, id)
		if code, constraint := store.SQLState(err); code == store.ForeignKeyViolation && constraint == "fur_units_variant_id_fkey" {
			return variantInUse
		} else if err != nil {
			return err
		}
		if err := q.AdminBumpProductVersion(ctx, p.ID); err != nil {
			return err
		}
		return record(ctx, tx, actor, audit.Entry{Action: "variant.delete", ObjectType: "product", ObjectID: p.ID, Before: before})
	})
}

var variantInUse = &apperr.Error{Kind: apperr.Conflict, Code: "variant_in_use",
	Message: "orders name the variant, or it has fur units with a КИЗ (known forever): deactivate it instead (is_active: false)"}

// ChangeVariantStock sets or adjusts the stock of variant id, as ChangeStock does a one-variant product's. A
// marked fur variant's stock is its available units, which move only when units are received, sold or
// written off: 409 stock_by_units.
func (a *Admin) ChangeVariantStock(ctx context.Context, actor account.User, id int64, ch StockChange) (StockResult, error) {
	var res StockResult
	err := a.write(ctx, func(tx *store.Tx, q *catalogdb.Queries) error {
		productID, err := q.AdminVariantProduct(ctx, id)
		if err != nil {
			return store.NotFound(err, ErrVariantNotFound)
		}
		p, err := q.AdminLockProduct(ctx, productID)
		if err != nil { // the product went, and the variant with it, between the two reads
			return store.NotFound(err, ErrVariantNotFound)
		}
		if p.MarkedFur {
			return stockByUnits(p.ID)
		}
		if res, err = changeVariantStock(ctx, tx, q, actor, p.ID, p.Version, id, ch); err != nil {
			return err
		}
		tx.AfterCommit(a.s.stockChangedOf(p.ID)) // no trigger tells of a change of stock alone: see changes.go
		return nil
	})
	return res, err
}

// lockStaffVariant locks, for a staff change of a variant (its fields, stock or units), the variant's product and
// then the variant itself (see the top of this file; its units come after). An unknown
// variant is ErrVariantNotFound.
func lockStaffVariant(ctx context.Context, q *catalogdb.Queries, id int64) (catalogdb.AdminLockProductRow, catalogdb.AdminLockVariantRow, error) {
	productID, err := q.AdminVariantProduct(ctx, id)
	if err != nil {
		return catalogdb.AdminLockProductRow{}, catalogdb.AdminLockVariantRow{}, store.NotFound(err, ErrVariantNotFound)
	}
	p, err := q.AdminLockProduct(ctx, productID)
	if err != nil { // the product went, and the variant with it, between the two reads
		return catalogdb.AdminLockProductRow{}, catalogdb.AdminLockVariantRow{}, store.NotFound(err, ErrVariantNotFound)
	}
	v, err := q.AdminLockVariant(ctx, id)
	if err != nil {
		return catalogdb.AdminLockProductRow{}, catalogdb.AdminLockVariantRow{}, store.NotFound(err, ErrVariantNotFound)
	}
	return p, v, nil
}

func stockByUnits(productID int64) error {
	return &apperr.Error{Kind: apperr.Conflict, Code: "stock_by_units",
		Message: fmt.Sprintf("product %d is natural fur: a variant's stock is its available units, each with its КИЗ; receive units with POST /api/admin/variants/{id}/units, or take one off sale by its status", productID)}
}

// variantWriteError turns the constraint a variant write broke into the client's error. A SKU taken meanwhile
// is the client's to change when they gave it, else a skuRace to make another.
func variantWriteError(err error, v StaffVariant, givenSKU bool, field string) error {
	switch code, constraint := store.SQLState(err); {
	case code == store.UniqueViolation && constraint == "product_variants_sku_key" && givenSKU:
		return skuExists(v.SKU, field+"sku")
	case code == store.UniqueViolation && constraint == "product_variants_sku_key":
		return skuRace{sku: v.SKU}
	case code == store.UniqueViolation && constraint == "product_variants_kind_idx":
		return variantExists(v.kind(), field+"size")
	case code == store.ForeignKeyViolation && constraint == "product_variants_product_id_fkey":
		return ErrProductNotFound
	case code == store.CheckViolation:
		return apperr.New(apperr.Invalid, "invalid_input", "a value is out of range ("+constraint+")")
	}
	return err
}
