package catalog

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/text"
)

// slugPattern is what the database's CHECK accepts: lower-case latin words joined by single hyphens.
var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// ReadImportFile decodes a catalog file. Each item is decoded on its own, so an error names the item at fault
// ("products[12]: price: …"), and unknown fields are refused: a misspelt "prise" must not import a free coat.
func ReadImportFile(r io.Reader) (*ImportFile, error) {
	var raw struct {
		Attributes []json.RawMessage `json:"attributes"`
		Categories []json.RawMessage `json:"categories"`
		Products   []json.RawMessage `json:"products"`
	}
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("catalog file: %w", err)
	}
	f := &ImportFile{Categories: make([]ImportCategory, len(raw.Categories)), Products: make([]ImportProduct, len(raw.Products))}
	if raw.Attributes != nil {
		f.Attributes = make([]ImportAttribute, len(raw.Attributes))
	}
	for i, b := range raw.Attributes {
		if err := decodeStrict(b, &f.Attributes[i]); err != nil {
			return nil, fmt.Errorf("attributes[%d]%s: %w", i, slugHint(b), err)
		}
	}
	for i, b := range raw.Categories {
		if err := decodeStrict(b, &f.Categories[i]); err != nil {
			return nil, fmt.Errorf("categories[%d]: %w", i, err)
		}
	}
	for i, b := range raw.Products {
		if err := decodeStrict(b, &f.Products[i]); err != nil {
			return nil, fmt.Errorf("products[%d]%s: %w", i, slugHint(b), err)
		}
		// A price or stock left out would read as zero: a coat given away, or sold out by mistake. A product
		// sold in variants has their stock instead.
		var present struct{ Price, Stock, Variants json.RawMessage }
		if err := json.Unmarshal(b, &present); err == nil && (present.Price == nil || present.Stock == nil && present.Variants == nil) {
			return nil, fmt.Errorf("products[%d]%s: price and stock are required", i, slugHint(b))
		}
	}
	return f, nil
}

func decodeStrict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if errors.Is(err, money.ErrInvalid) || errors.Is(err, money.ErrTooLarge) {
		return fmt.Errorf("price or old_price: %w", err)
	}
	return err
}

// slugHint names an item by its slug when the item is too broken to decode but its slug can still be read.
func slugHint(b []byte) string {
	var s struct {
		Slug string `json:"slug"`
	}
	if json.Unmarshal(b, &s) == nil && s.Slug != "" {
		return fmt.Sprintf(" (slug %q)", s.Slug)
	}
	return ""
}

// validate checks everything that can be checked without the database and returns one error listing up to
// twenty problems, each naming its item.
func (f *ImportFile) validate() error {
	var problems []string
	add := func(format string, args ...any) {
		if len(problems) < 20 {
			problems = append(problems, fmt.Sprintf(format, args...))
		}
	}
	// slugOnce notes a slug that is not one, or that seen (the file's items of its sort) has already.
	slugOnce := func(at, slug string, seen map[string]bool) {
		if !slugPattern.MatchString(slug) || len(slug) > maxNameLen {
			add("%s: slug must be lower-case latin letters, digits and single hyphens", at)
		}
		if seen[slug] {
			add("%s: slug appears twice in the file", at)
		}
		seen[slug] = true
	}
	attrSlugs, attrNames := make(map[string]bool, len(f.Attributes)), make(map[string]bool, len(f.Attributes))
	for i, a := range f.Attributes {
		at := fmt.Sprintf("attributes[%d] (slug %q)", i, a.Slug)
		slugOnce(at, a.Slug, attrSlugs)
		if badText(a.Name, maxNameLen, text.Name) {
			add("%s: name must be 1 to %d characters on one line, without control or invisible characters", at, maxNameLen)
		}
		if key := attributeKey(a.Name); attrNames[key] {
			add("%s: name appears twice in the file", at)
		} else {
			attrNames[key] = true
		}
		if !validKind(a.Kind) {
			add("%s: kind must be choice, number or bool", at)
		}
		if a.Unit != nil && (a.Kind != KindNumber || badText(*a.Unit, maxUnitLen, text.Line)) {
			add("%s: unit is for numbers only, 1 to %d characters", at, maxUnitLen)
		}
		if a.Position < 0 || a.Position > maxPosition {
			add("%s: position must be from 0 to %d", at, maxPosition)
		}
	}
	catSlugs := make(map[string]bool, len(f.Categories))
	for i, c := range f.Categories {
		at := fmt.Sprintf("categories[%d] (slug %q)", i, c.Slug)
		slugOnce(at, c.Slug, catSlugs)
		if badText(c.Name, maxNameLen, text.Name) {
			add("%s: name must be 1 to %d characters on one line, without control or invisible characters", at, maxNameLen)
		}
		if c.Parent == c.Slug {
			add("%s: a category cannot be its own parent", at)
		}
		checkMeta(at, c.MetaTitle, c.MetaDescription, add)
	}
	prodSlugs := make(map[string]bool, len(f.Products))
	seen := variantsSeen{skus: map[string]string{}, codes: map[string]string{}}
	for i, p := range f.Products {
		at := fmt.Sprintf("products[%d] (slug %q)", i, p.Slug)
		slugOnce(at, p.Slug, prodSlugs)
		if badText(p.Name, MaxProductName, text.Name) {
			add("%s: name must be 1 to %d characters on one line, without control or invisible characters", at, MaxProductName)
		}
		if p.Category == "" {
			add("%s: category is missing", at)
		}
		if p.Stock < 0 || p.Stock > MaxStock {
			add("%s: stock must be from 0 to %d", at, MaxStock)
		}
		if utf8.RuneCountInString(p.Description) > maxDescription || text.Multiline(p.Description) != nil {
			add("%s: description must be valid text of at most %d characters", at, maxDescription)
		}
		checkMeta(at, p.MetaTitle, p.MetaDescription, add)
		if len(p.Attributes) > maxAttributes {
			add("%s: at most %d attributes", at, maxAttributes)
		}
		for j, a := range p.Attributes {
			if badText(a.Name, maxNameLen, text.Line) || badText(a.Value, maxNameLen, text.Line) {
				add("%s: attributes[%d]: name and value must each be 1 to %d characters on one line", at, j, maxNameLen)
			}
		}
		if len(p.Images) > maxImages {
			add("%s: at most %d images", at, maxImages)
		}
		for j, img := range p.Images {
			if img == "" || strings.HasPrefix(img, "/") || strings.Contains(img, "\\") || strings.Contains(img, "://") {
				add("%s: images[%d]: give a file path relative to the catalog file, not %q", at, j, img)
			}
		}
		if p.Variants != nil {
			p.validateVariants(at, &seen, add)
		}
	}
	if len(problems) == 0 {
		return nil
	}
	return &ImportError{Problems: problems}
}

// badText reports whether s, trimmed, is not 1 to max characters that plain accepts.
// checkMeta checks what a file says search engines are shown of a page, as staff's PUT …/meta does.
func checkMeta(at string, title, description *string, add func(string, ...any)) {
	if title != nil && badText(*title, maxMetaTitle, text.Line) {
		add("%s: meta_title must be 1 to %d characters on one line", at, maxMetaTitle)
	}
	if description != nil && badText(*description, maxMetaDescriptionSet, text.Line) {
		add("%s: meta_description must be 1 to %d characters on one line", at, maxMetaDescriptionSet)
	}
}

func badText(s string, max int, plain func(string) error) bool {
	s = strings.TrimSpace(s)
	n := utf8.RuneCountInString(s)
	return n == 0 || n > max || plain(s) != nil
}

// ImportError lists what is wrong with a catalog file, item by item. Nothing was imported.
type ImportError struct {
	Problems []string
}

func (e *ImportError) Error() string {
	return "the catalog file was not imported:\n  " + strings.Join(e.Problems, "\n  ")
}
