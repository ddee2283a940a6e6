package catalog

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/web"
)

// Suggestions: a few of each, as a search box shows them while a customer types.
const (
	defaultSuggestions = 5
	maxSuggestions     = 20
)

type suggestJSON struct {
	Products   []SummaryJSON `json:"products"`
	Categories []CategoryRef `json:"categories"`
}

// Suggest serves GET /api/search/suggest?q=нор&limit=8: the best matching active products (as the listing's
// q finds and ranks them) and the categories whose name has every word of q, word beginnings included.
func (h *Handlers) Suggest(w http.ResponseWriter, r *http.Request) error {
	v, err := web.Query(r)
	if err != nil {
		return err
	}
	limit := defaultSuggestions
	if raw := v.Get("limit"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > maxSuggestions {
			return apperr.Field("invalid_limit", "limit", fmt.Sprintf("must be a whole number from 1 to %d", maxSuggestions))
		}
		limit = n
	}
	words, err := SearchWords(v.Get("q"))
	if err != nil {
		return apperr.Field("invalid_query", "q", err.Error())
	}
	key := fmt.Sprintf("suggest %s %d %q", h.mediaBase(r), limit, words)
	return h.cached(w, r, key, func() ([]byte, stamp, error) {
		out := suggestJSON{Products: []SummaryJSON{}, Categories: []CategoryRef{}}
		if len(words) == 0 {
			body, err := web.Marshal(out)
			return body, noStockShown, err
		}
		page, err := h.svc.List(r.Context(), ListQuery{Words: words, MaxPrice: money.Max, Sort: SortRelevance, Page: 1, PageSize: limit})
		if err != nil {
			return nil, stamp{}, err
		}
		media := h.mediaBase(r)
		for _, s := range page.Results {
			out.Products = append(out.Products, NewSummaryJSON(s, media))
		}
		tree, err := h.svc.Tree(r.Context())
		if err != nil {
			return nil, stamp{}, err
		}
		out.Categories = tree.Matching(words, limit)
		body, err := web.Marshal(out)
		return body, page.stamp, err
	})
}

// Matching returns up to limit categories, in tree order, whose name has every one of words (normalised as
// SearchWords makes them) as a word or a word's beginning.
func (t *Tree) Matching(words []string, limit int) []CategoryRef {
	out := []CategoryRef{}
	for _, id := range t.allIDs {
		c := t.byID[id]
		name, _ := SearchWords(c.Name)
		if len(out) < limit && everyPrefixes(words, name) {
			out = append(out, CategoryRef{ID: c.ID, Slug: c.Slug, Name: c.Name})
		}
	}
	return out
}

func everyPrefixes(words, of []string) bool {
	for _, w := range words {
		found := false
		for _, n := range of {
			if strings.HasPrefix(n, w) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
