package catalog

import (
	"context"
	"fmt"
	"strings"

	"github.com/mekhaishuby/furstore/internal/catalog/internal/catalogdb"
)

// The kinds of a typed characteristic.
const (
	KindChoice = "choice" // one of its values (Мех: Норка, Соболь …)
	KindNumber = "number" // a number, in its unit (Длина: 110 см)
	KindBool   = "bool"   // yes or no (Капюшон)
)

// AttributeDef is a typed characteristic staff define (migration 00017): products whose display pair
// (Attribute) has its name are linked to it, so listings filter and count by it. Values are a choice
// attribute's, by position, then value; other kinds have none. It is also what the back office shows and the
// audit log records.
type AttributeDef struct {
	ID         int64            `json:"id"`
	Slug       string           `json:"slug"`
	Name       string           `json:"name"`
	Kind       string           `json:"kind"`
	Unit       *string          `json:"unit"`
	Filterable bool             `json:"filterable"`
	Position   int32            `json:"position"`
	Values     []AttributeValue `json:"values"`
}

// AttributeValue is one value of a choice attribute.
type AttributeValue struct {
	ID    int64  `json:"id"`
	Slug  string `json:"slug"`
	Value string `json:"value"`
}

// AttributeLink is one active product's display pair linked to an attribute: exactly one of ValueID (choice),
// Number (number) and Flag (bool) is set, as the attribute's kind says.
type AttributeLink struct {
	ProductID   int64
	AttributeID int64
	ValueID     *int64
	Number      *float64
	Flag        *bool
}

// Attributes returns every attribute, by position, then name, each with its values.
func (s *Service) Attributes(ctx context.Context) ([]AttributeDef, error) {
	return readAttributes(ctx, s.q)
}

func readAttributes(ctx context.Context, q *catalogdb.Queries) ([]AttributeDef, error) {
	rows, err := q.ListAttributes(ctx)
	if err != nil {
		return nil, fmt.Errorf("list attributes: %w", err)
	}
	values, err := q.ListAttributeValues(ctx)
	if err != nil {
		return nil, fmt.Errorf("list attribute values: %w", err)
	}
	byID := make(map[int64][]AttributeValue, len(rows))
	for _, v := range values {
		byID[v.AttributeID] = append(byID[v.AttributeID], AttributeValue{ID: v.ID, Slug: v.Slug, Value: v.Value})
	}
	out := make([]AttributeDef, len(rows))
	for i, r := range rows {
		out[i] = AttributeDef{ID: r.ID, Slug: r.Slug, Name: r.Name, Kind: r.Kind, Unit: r.Unit,
			Filterable: r.Filterable, Position: r.Position, Values: byID[r.ID]}
		if out[i].Values == nil {
			out[i].Values = []AttributeValue{}
		}
	}
	return out, nil
}

// AttributeLinks returns the linked pairs of every active product, by product, then the pairs' order.
func (s *Service) AttributeLinks(ctx context.Context) ([]AttributeLink, error) {
	rows, err := s.q.ListProductAttributeLinks(ctx)
	if err != nil {
		return nil, fmt.Errorf("list attribute links: %w", err)
	}
	out := make([]AttributeLink, len(rows))
	for i, r := range rows {
		out[i] = AttributeLink(r)
	}
	return out, nil
}

// attributeKey is how the database compares a pair's name with an attribute's (attribute_key, migration
// 00017): trimmed, lower case, ё read as е.
func attributeKey(s string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "ё", "е")
}
