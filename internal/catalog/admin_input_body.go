package catalog

import (
	"bytes"
	"encoding/json"

	"github.com/mekhaishuby/furstore/internal/apperr"
)

// The checks of the back office's JSON bodies, for a caller that is not a JSON route: the staff panel builds
// the body from its form and has it checked here, so a form and the API refuse the same input with the same
// field names and codes.

// ParseProductInput checks body as POST /api/admin/products (create) or PATCH /api/admin/products/{id} does.
func ParseProductInput(body []byte, create bool) (ProductInput, error) {
	var b productBody
	if err := decodeBody(body, &b); err != nil {
		return ProductInput{}, err
	}
	return b.input(create)
}

// ParseVariantInput checks body as POST /api/admin/products/{id}/variants (added) or PATCH
// /api/admin/variants/{id} does.
func ParseVariantInput(body []byte, added bool) (VariantInput, error) {
	var b variantBody
	if err := decodeBody(body, &b); err != nil {
		return VariantInput{}, err
	}
	use := variantChanged
	if added {
		use = variantAdded
	}
	var c checker
	in := b.input(&c, use, "")
	return in, c.Err()
}

// ParseStockChange checks body as POST /api/admin/variants/{id}/stock does.
func ParseStockChange(body []byte) (StockChange, error) {
	var b stockBody
	if err := decodeBody(body, &b); err != nil {
		return StockChange{}, err
	}
	return b.change()
}

// decodeBody reads body strictly, as web.DecodeJSONStrict reads a request's.
func decodeBody(body []byte, dst any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return apperr.New(apperr.Invalid, "invalid_json", "the body is not the JSON expected: "+err.Error())
	}
	return nil
}
