package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mekhaishuby/furstore/internal/store/dbtest"
)

// Search folds case and splits words in Cyrillic only under a UTF-8 character type: under the C locale
// lower('ШУБА') stays 'ШУБА' and pg_trgm sees no letters in it. The clusters make run, make test and CI start
// must have one (scripts/pg.sh: initdb --locale=C.UTF-8).
func TestClusterFoldsCyrillic(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	var ctype, lower string
	var similar float64
	if err := pool.QueryRow(context.Background(), `SELECT current_setting('lc_ctype'), lower('ШУБА Ёж'),
		word_similarity('норкавая', 'норковая шуба')`).Scan(&ctype, &lower, &similar); err != nil {
		t.Fatal(err)
	}
	if c := strings.ToLower(ctype); !strings.Contains(c, "utf-8") && !strings.Contains(c, "utf8") {
		t.Errorf("lc_ctype %q: not UTF-8", ctype)
	}
	if lower != "шуба ёж" || similar < 0.45 {
		t.Errorf("lower('ШУБА Ёж') = %q, word_similarity of a typo %.2f: Cyrillic is not folded", lower, similar)
	}
}
