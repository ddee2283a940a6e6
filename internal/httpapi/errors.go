package httpapi

import (
	"strings"

	"github.com/mekhaishuby/furstore/internal/apperr"
)

var (
	errNoRoute = apperr.New(apperr.NotFound, "not_found", "no such API route; the API is described at /api/docs")
	errMethod  = apperr.New(apperr.MethodNotAllowed, "method_not_allowed", "this route does not take that method; see the Allow header")
)

func joinComma(s []string) string { return strings.Join(s, ", ") }
