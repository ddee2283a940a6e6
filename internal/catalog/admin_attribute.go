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
	"github.com/mekhaishuby/furstore/internal/slug"
	"github.com/mekhaishuby/furstore/internal/store"
)

// AttributeInput is a new attribute, validated. An empty Slug is made from the name; a nil Position puts it
// after the others. Unit is for numbers only.
type AttributeInput struct {
	Name       string
	Slug       string
	Kind       string
	Unit       *string
	Filterable bool
	Position   *int32
}

// AttributeChange is a change of an attribute, validated; nil fields stay as they are. With SetUnit the unit
// becomes Unit (nil clears it).
type AttributeChange struct {
	Name       *string
	Slug       *string
	Kind       *string
	SetUnit    bool
	Unit       *string
	Filterable *bool
	Position   *int32
}

var errAttributeNotFound = apperr.New(apperr.NotFound, "attribute_not_found", "no such attribute")

// Attributes returns every attribute with its values, as Service.Attributes does.
func (a *Admin) Attributes(ctx context.Context) ([]AttributeDef, error) { return a.s.Attributes(ctx) }

// CreateAttribute defines an attribute. The products that already have a pair of its name are linked to it by
// the database (migration 00017), choice values created as they name them, so the answer lists those values.
func (a *Admin) CreateAttribute(ctx context.Context, actor account.User, in AttributeInput) (AttributeDef, error) {
	var out AttributeDef
	err := a.write(ctx, func(tx *store.Tx, q *catalogdb.Queries) error {
		if err := q.LockAttributes(ctx); err != nil {
			return err
		}
		if err := nameFree(ctx, q, in.Name, 0); err != nil {
			return err
		}
		sl, err := pickSlug(in.Slug, in.Name, func(s string) (bool, error) {
			return q.AttributeSlugTaken(ctx, catalogdb.AttributeSlugTakenParams{Slug: s})
		})
		if err != nil {
			return err
		}
		var position int32
		if in.Position != nil {
			position = *in.Position
		} else if position, err = q.NextAttributePosition(ctx); err != nil {
			return err
		}
		id, err := q.InsertAttribute(ctx, catalogdb.InsertAttributeParams{Name: in.Name, Slug: sl, Kind: in.Kind,
			Unit: in.Unit, Filterable: in.Filterable, Position: position})
		if err != nil {
			return attributeWriteError(err, sl)
		}
		if out, err = getAttribute(ctx, q, id); err != nil {
			return err
		}
		return record(ctx, tx, actor, audit.Entry{Action: "attribute.create", ObjectType: "attribute", ObjectID: id, After: out})
	})
	return out, err
}

// UpdateAttribute renames, retypes or reorders an attribute. A new name or kind relinks the products with a
// pair of its old or new name; a choice attribute that becomes another kind loses its values. A unit is for
// numbers only: one given to another kind is refused, and a number that becomes another kind loses its unit.
func (a *Admin) UpdateAttribute(ctx context.Context, actor account.User, id int64, ch AttributeChange) (AttributeDef, error) {
	var out AttributeDef
	err := a.write(ctx, func(tx *store.Tx, q *catalogdb.Queries) error {
		if err := q.LockAttributes(ctx); err != nil {
			return err
		}
		before, err := getAttribute(ctx, q, id)
		if err != nil {
			return err
		}
		after := before
		if ch.Name != nil && *ch.Name != before.Name {
			if err := nameFree(ctx, q, *ch.Name, id); err != nil {
				return err
			}
			after.Name = *ch.Name
		}
		if ch.Slug != nil && *ch.Slug != before.Slug {
			taken, err := q.AttributeSlugTaken(ctx, catalogdb.AttributeSlugTakenParams{Slug: *ch.Slug, ExceptID: id})
			if err != nil {
				return err
			}
			if taken {
				return slugTaken(*ch.Slug)
			}
			after.Slug = *ch.Slug
		}
		if ch.Kind != nil {
			after.Kind = *ch.Kind
		}
		if ch.SetUnit {
			after.Unit = ch.Unit
		}
		if after.Kind != KindNumber {
			if ch.SetUnit && ch.Unit != nil {
				return apperr.Field("invalid_unit", "unit", "only number attributes have a unit")
			}
			after.Unit = nil
		}
		if ch.Filterable != nil {
			after.Filterable = *ch.Filterable
		}
		if ch.Position != nil {
			after.Position = *ch.Position
		}
		if sameAttribute(before, after) {
			out = before
			return errUnchanged
		}
		err = q.UpdateAttribute(ctx, catalogdb.UpdateAttributeParams{ID: id, Name: after.Name, Slug: after.Slug,
			Kind: after.Kind, Unit: after.Unit, Filterable: after.Filterable, Position: after.Position})
		if err != nil {
			return attributeWriteError(err, after.Slug)
		}
		if out, err = getAttribute(ctx, q, id); err != nil { // the triggers may have made or dropped values
			return err
		}
		return record(ctx, tx, actor, audit.Entry{Action: "attribute.update", ObjectType: "attribute", ObjectID: id, Before: before, After: out})
	})
	return out, err
}

// DeleteAttribute deletes an attribute no product's pair links to (409 attribute_in_use otherwise: rename the
// pairs, or the attribute, first), with its values. The products keep their pairs as they are.
func (a *Admin) DeleteAttribute(ctx context.Context, actor account.User, id int64) error {
	return a.write(ctx, func(tx *store.Tx, q *catalogdb.Queries) error {
		if err := q.LockAttributes(ctx); err != nil {
			return err
		}
		before, err := getAttribute(ctx, q, id)
		if err != nil {
			return err
		}
		// The table lock keeps products from linking to it until commit (their triggers take it in SHARE mode).
		n, err := q.AttributeInUse(ctx, id)
		if err != nil {
			return err
		}
		if n > 0 {
			return inUse(before, n)
		}
		if err := q.DeleteAttribute(ctx, id); err != nil {
			if code, _ := store.SQLState(err); code == store.ForeignKeyViolation {
				return inUse(before, 1)
			}
			return err
		}
		return record(ctx, tx, actor, audit.Entry{Action: "attribute.delete", ObjectType: "attribute", ObjectID: id, Before: before})
	})
}

// AddAttributeValue adds a value to a choice attribute (400 attribute_not_choice for other kinds), after its
// others. An empty slug is made from the value; a slug given, or the same value, taken is 409.
func (a *Admin) AddAttributeValue(ctx context.Context, actor account.User, id int64, value, sl string) (AttributeValue, error) {
	var out AttributeValue
	err := a.write(ctx, func(tx *store.Tx, q *catalogdb.Queries) error {
		if err := q.LockAttributes(ctx); err != nil {
			return err
		}
		attr, err := getAttribute(ctx, q, id)
		if err != nil {
			return err
		}
		if attr.Kind != KindChoice {
			return &apperr.Error{Kind: apperr.Invalid, Code: "attribute_not_choice",
				Message: fmt.Sprintf("«%s» is a %s attribute: only choice attributes have values", attr.Name, attr.Kind)}
		}
		taken, err := q.AttributeValueExists(ctx, catalogdb.AttributeValueExistsParams{AttributeID: id, Value: value})
		if err != nil {
			return err
		}
		if taken {
			return valueTaken(attr.Name, value)
		}
		if sl, err = pickSlug(sl, value, func(s string) (bool, error) {
			return q.AttributeValueSlugTaken(ctx, catalogdb.AttributeValueSlugTakenParams{AttributeID: id, Slug: s})
		}); err != nil {
			return err
		}
		vid, err := q.InsertAttributeValue(ctx, catalogdb.InsertAttributeValueParams{AttributeID: id, Value: value, Slug: sl})
		if code, constraint := store.SQLState(err); code == store.UniqueViolation {
			if constraint == "attribute_values_value_key" {
				return valueTaken(attr.Name, value)
			}
			return slugTaken(sl)
		} else if err != nil {
			return err
		}
		out = AttributeValue{ID: vid, Slug: sl, Value: value}
		return record(ctx, tx, actor, audit.Entry{Action: "attribute.value_create", ObjectType: "attribute", ObjectID: id,
			After: out})
	})
	return out, err
}

func getAttribute(ctx context.Context, q *catalogdb.Queries, id int64) (AttributeDef, error) {
	r, err := q.GetAttribute(ctx, id)
	if errors.Is(err, pgx.ErrNoRows) {
		return AttributeDef{}, errAttributeNotFound
	}
	if err != nil {
		return AttributeDef{}, fmt.Errorf("get attribute %d: %w", id, err)
	}
	vals, err := q.AttributeValuesOf(ctx, id)
	if err != nil {
		return AttributeDef{}, fmt.Errorf("values of attribute %d: %w", id, err)
	}
	a := AttributeDef{ID: r.ID, Slug: r.Slug, Name: r.Name, Kind: r.Kind, Unit: r.Unit, Filterable: r.Filterable,
		Position: r.Position, Values: make([]AttributeValue, len(vals))}
	for i, v := range vals {
		a.Values[i] = AttributeValue{ID: v.ID, Slug: v.Slug, Value: v.Value}
	}
	return a, nil
}

// nameFree answers 409 name_taken when another attribute has the name, as pairs' names are matched (case,
// spaces around and ё/е aside).
func nameFree(ctx context.Context, q *catalogdb.Queries, name string, except int64) error {
	taken, err := q.AttributeNameTaken(ctx, catalogdb.AttributeNameTakenParams{Name: name, ExceptID: except})
	if err != nil {
		return err
	}
	if taken {
		return nameTaken(name)
	}
	return nil
}

func nameTaken(name string) error {
	return &apperr.Error{Kind: apperr.Conflict, Code: "name_taken",
		Message: fmt.Sprintf("another attribute is named %q", name), Fields: map[string]string{"name": "is taken"}}
}

func valueTaken(attr, value string) error {
	return &apperr.Error{Kind: apperr.Conflict, Code: "value_taken",
		Message: fmt.Sprintf("«%s» already has the value %q", attr, value), Fields: map[string]string{"value": "is taken"}}
}

func inUse(a AttributeDef, products int64) error {
	return &apperr.Error{Kind: apperr.Conflict, Code: "attribute_in_use",
		Message: fmt.Sprintf("«%s» is linked to the characteristics of %d products; rename their pairs or the attribute first",
			a.Name, products),
		Details: map[string]int64{"products": products}}
}

// attributeWriteError turns the constraint an attribute write broke into the client's error. Writers hold the
// table's lock, so a name or slug found free stays free; these are the last line of defence.
func attributeWriteError(err error, sl string) error {
	switch code, constraint := store.SQLState(err); {
	case code == store.UniqueViolation && constraint == "attributes_slug_key":
		return slugTaken(sl)
	case code == store.UniqueViolation && constraint == "attributes_name_key":
		return nameTaken("")
	case code == store.CheckViolation:
		return apperr.New(apperr.Invalid, "invalid_input", "a value is out of range ("+constraint+")")
	}
	return err
}

func sameAttribute(a, b AttributeDef) bool {
	return a.Name == b.Name && a.Slug == b.Slug && a.Kind == b.Kind && a.Filterable == b.Filterable &&
		a.Position == b.Position && (a.Unit == nil) == (b.Unit == nil) && (a.Unit == nil || *a.Unit == *b.Unit)
}

// validKind reports whether k is one of the kinds of attributes.
func validKind(k string) bool { return k == KindChoice || k == KindNumber || k == KindBool }

// slugMadeFrom is whether a slug can be made from s (it has a letter or digit).
func slugMadeFrom(s string) bool { return slug.Make(s) != "" }
