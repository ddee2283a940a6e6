package catalog

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/catalog/internal/catalogdb"
	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/slug"
)

// StaffVariant is a variant as staff see and change it: a size, height and colour of a product with its SKU,
// its own price and old price (nil: the product's apply), the price that applies, and its stock. Inactive
// variants too; the public card shows a Variant.
type StaffVariant struct {
	ID        int64         `json:"id"`
	ProductID int64         `json:"product_id"`
	SKU       string        `json:"sku"`
	Size      *string       `json:"size"`
	Height    *string       `json:"height"`
	Color     *string       `json:"color"`
	Price     *money.Amount `json:"price"`     // its own; nil: the product's
	OldPrice  *money.Amount `json:"old_price"` // its own, with Price
	// EffectivePrice and EffectiveOldPrice are what the variant sells at: its own, else the product's.
	EffectivePrice    money.Amount  `json:"effective_price"`
	EffectiveOldPrice *money.Amount `json:"effective_old_price"`
	Stock             int32         `json:"stock"`
	IsActive          bool          `json:"is_active"`
}

// Limits of a variant.
const (
	maxVariants  = 100 // variants of one product given at once (a new product's, an imported one's)
	maxHeightLen = 20  // the database's CHECK
	maxColorLen  = 50  // the database's CHECK
	maxSKULen    = 64
)

// skuPattern is what the database's CHECK accepts as a SKU.
var skuPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$`)

// priced sets the price that applies from the product's price and old price.
func (v *StaffVariant) priced(price money.Amount, old *money.Amount) {
	v.EffectivePrice, v.EffectiveOldPrice = price, old
	if v.Price != nil {
		v.EffectivePrice, v.EffectiveOldPrice = *v.Price, v.OldPrice
	}
}

// sameContent reports whether a change would leave the variant as it is.
func (v StaffVariant) sameContent(o StaffVariant) bool {
	return v.SKU == o.SKU && equalCode(v.Size, o.Size) && equalCode(v.Height, o.Height) && equalCode(v.Color, o.Color) &&
		sameAmount(v.Price, o.Price) && sameAmount(v.OldPrice, o.OldPrice) && v.IsActive == o.IsActive
}

// kind names the variant for people: "size 46, height 164-170, чёрный"; "one size" for a one-size variant
// without a height or colour.
func (v StaffVariant) kind() string {
	return variantKind(v.Size, v.Height, v.Color)
}

func variantKind(size, height, color *string) string {
	var parts []string
	if size != nil {
		parts = append(parts, "size "+*size)
	}
	if height != nil {
		parts = append(parts, "height "+*height)
	}
	if color != nil {
		parts = append(parts, *color)
	}
	if len(parts) == 0 {
		return "one size"
	}
	return strings.Join(parts, ", ")
}

// staffVariants converts a product's variants, priced from the product's price and old price.
func staffVariants(rows []catalogdb.ProductVariant, price money.Amount, old *money.Amount) []StaffVariant {
	out := make([]StaffVariant, len(rows))
	for i, r := range rows {
		out[i] = StaffVariant{ID: r.ID, ProductID: r.ProductID, SKU: r.Sku, Size: r.Size, Height: r.Height, Color: r.Color,
			Price: money.FromPtr(r.Price), OldPrice: money.FromPtr(r.OldPrice), Stock: r.Stock, IsActive: r.IsActive}
		out[i].priced(price, old)
	}
	return out
}

// repriced returns a copy of vs priced from the product's price and old price (after a change of them).
func repriced(vs []StaffVariant, price money.Amount, old *money.Amount) []StaffVariant {
	out := slices.Clone(vs)
	for i := range out {
		out[i].priced(price, old)
	}
	return out
}

// lockedVariant converts a variant locked by AdminLockVariant, priced from its product.
func lockedVariant(r catalogdb.AdminLockVariantRow, p catalogdb.AdminLockProductRow) StaffVariant {
	v := StaffVariant{ID: r.ID, ProductID: r.ProductID, SKU: r.Sku, Size: r.Size, Height: r.Height, Color: r.Color,
		Price: money.FromPtr(r.Price), OldPrice: money.FromPtr(r.OldPrice), Stock: r.Stock, IsActive: r.IsActive}
	v.priced(money.Amount(p.Price), money.FromPtr(p.OldPrice))
	return v
}

// nullable is one field of a change that may also clear what it names: absent (Set false), cleared (Set, V
// nil), or a new value.
type nullable[T any] struct {
	Set bool
	V   *T
}

func (n nullable[T]) applyTo(dst **T) {
	if n.Set {
		*dst = n.V
	}
}

// VariantInput is a new variant or a change of one, each field already checked on its own
// (variantBody.input). Absent fields of a change stay as they are; a new variant without a SKU gets one made.
type VariantInput struct {
	SKU      *string
	Size     nullable[string] // cleared: one size
	Height   nullable[string]
	Color    nullable[string]
	Price    nullable[money.Amount] // cleared: the product's price and old price apply
	OldPrice nullable[money.Amount]
	Stock    *int32   // a new variant's; a change may only repeat the current one
	IsActive *bool    // absent from a new variant: on sale
	KIZ      []string // a new product's marked variant: the codes of its pieces
}

func (in VariantInput) applyTo(v StaffVariant) StaffVariant {
	if in.SKU != nil {
		v.SKU = *in.SKU
	}
	in.Size.applyTo(&v.Size)
	in.Height.applyTo(&v.Height)
	in.Color.applyTo(&v.Color)
	in.Price.applyTo(&v.Price)
	in.OldPrice.applyTo(&v.OldPrice)
	if in.Stock != nil {
		v.Stock = *in.Stock
	}
	if in.IsActive != nil {
		v.IsActive = *in.IsActive
	}
	return v
}

// checkPrices refuses an own old price without an own price (the product's old price goes with the product's
// price), and one that is not above the price. field prefixes the fields named ("variants[2]." or "").
func checkPrices(v StaffVariant, field string) error {
	switch {
	case v.OldPrice != nil && v.Price == nil:
		return apperr.Field("invalid_price", field+"old_price", "needs the variant's own price; without one the product's price and old price apply")
	case v.OldPrice != nil && *v.OldPrice <= *v.Price:
		return apperr.Field("invalid_price", field+"old_price", fmt.Sprintf("must be above the price, %s, or null when there is no sale", *v.Price))
	}
	return nil
}

// variantSKU is the SKU made for a variant staff or a file gave none: the product's (defaultSKU), then the
// size, height and colour in latin letters, e.g. MS-000017-46-164-170-chernyy. A one-size variant without a
// height or colour gets the product's SKU itself.
func variantSKU(productID int64, size, height, color *string) string {
	s := defaultSKU(productID)
	for _, part := range []*string{size, height, color} {
		if part == nil {
			continue
		}
		if p := slug.Make(*part); p != "" {
			s += "-" + p
		}
	}
	return fitSKU(s, "")
}

// fitSKU cuts base so that base+suffix is a SKU of at most maxSKULen characters, not ending in a separator.
func fitSKU(base, suffix string) string {
	if limit := maxSKULen - len(suffix); len(base) > limit {
		base = strings.TrimRight(base[:limit], "-._/")
	}
	return base + suffix
}

// uniqueSKU returns the first of base, base-2, base-3 … that taken says is free.
func uniqueSKU(base string, taken func(string) (bool, error)) (string, error) {
	for n := 1; ; n++ {
		s := base
		if n > 1 {
			s = fitSKU(base, fmt.Sprintf("-%d", n))
		}
		t, err := taken(s)
		if err != nil || !t {
			return s, err
		}
	}
}

func skuExists(sku, field string) error {
	return &apperr.Error{Kind: apperr.Conflict, Code: "sku_exists",
		Message: fmt.Sprintf("the SKU %q is another variant's (a SKU is unique store-wide)", sku),
		Fields:  map[string]string{field: "is taken"}}
}

func variantExists(kind, field string) error {
	return &apperr.Error{Kind: apperr.Conflict, Code: "variant_exists",
		Message: fmt.Sprintf("the product already has a variant %s: change that one instead", kind),
		Fields:  map[string]string{field: "the product already has a variant of this size, height and colour"}}
}

// skuRace is a unique violation on a SKU that was free a moment before: another request took it meanwhile.
type skuRace struct{ sku string }

func (e skuRace) Error() string { return "SKU " + e.sku + " taken meanwhile" }

// retrySKURace runs a variant write, again when a SKU it made was taken meanwhile by another request (the next
// run makes the next free one); a SKU the client gave is theirs to change: 409 sku_exists.
func retrySKURace(write func() error) error {
	for attempt := 1; ; attempt++ {
		err := write()
		var race skuRace
		if !errors.As(err, &race) {
			return err
		}
		if attempt == 3 {
			return skuExists(race.sku, "sku")
		}
	}
}
