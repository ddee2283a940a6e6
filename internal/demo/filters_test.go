package demo

import (
	"context"
	"log/slog"
	"testing"

	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/media"
	"github.com/mekhaishuby/furstore/internal/store/dbtest"
)

// TestFiltersHaveSomethingToShow imports a demo catalog and checks that its characteristics link to the
// attributes it defines: several furs, colours, silhouettes, countries and brands to choose from, lengths that
// are numbers, and hoods both ways.
func TestFiltersHaveSomethingToShow(t *testing.T) {
	ctx := context.Background()
	files, err := media.NewStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	svc := catalog.NewService(dbtest.New(t), files, nil, slog.New(slog.DiscardHandler))
	file, pictures := Catalog(120, 1)
	if _, err := svc.Import(ctx, file, pictures, files, nil); err != nil {
		t.Fatal(err)
	}
	attrs, err := svc.Attributes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	links, err := svc.AttributeLinks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	slugOf := map[int64]string{}
	for _, a := range attrs {
		slugOf[a.ID] = a.Slug
	}
	values := map[string]map[int64]bool{} // slug → value ids linked
	products := map[string]map[int64]bool{}
	var minLength, maxLength float64 = 1e9, 0
	for _, l := range links {
		s := slugOf[l.AttributeID]
		if products[s] == nil {
			products[s], values[s] = map[int64]bool{}, map[int64]bool{}
		}
		products[s][l.ProductID] = true
		switch {
		case l.ValueID != nil:
			values[s][*l.ValueID] = true
		case l.Number != nil:
			minLength, maxLength = min(minLength, *l.Number), max(maxLength, *l.Number)
		case l.Flag != nil && *l.Flag:
			values[s][1] = true
		case l.Flag != nil:
			values[s][0] = true
		}
	}
	for slug, least := range map[string]int{"fur": 5, "color": 5, "silhouette": 4, "country": 3, "brand": 5, "hood": 2} {
		if got := len(values[slug]); got < least {
			t.Errorf("%s: %d values linked, want %d at least", slug, got, least)
		}
	}
	if len(products["fur"]) < 100 || len(products["brand"]) < 100 || len(products["length"]) < 40 {
		t.Errorf("products linked: %d by fur, %d by brand, %d by length", len(products["fur"]), len(products["brand"]), len(products["length"]))
	}
	if minLength < 40 || maxLength > 130 || minLength == maxLength {
		t.Errorf("lengths from %v to %v см", minLength, maxLength)
	}
}
