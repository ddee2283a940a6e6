// Package api embeds openapi.yaml, the machine-readable public API, so the binary serves the very document
// that the tests check responses against.
package api

import _ "embed"

// OpenAPI is the OpenAPI 3 document of the public API.
//
//go:embed openapi.yaml
var OpenAPI []byte
