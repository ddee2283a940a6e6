package migrations_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/mekhaishuby/furstore/migrations"
)

var (
	createTable = regexp.MustCompile(`(?i)CREATE TABLE (\w+)`)
	ownerOf     = regexp.MustCompile(`(?i)COMMENT ON TABLE (\w+) IS '(?:[^']|'')*Owner: package (\w+)(?:[^']|'')*'`)
	// A table a statement reads or writes: what follows FROM, JOIN, INTO, UPDATE or TABLE.
	tableUse = regexp.MustCompile(`(?i)\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+(?:ONLY\s+)?(\w+)`)
	comment  = regexp.MustCompile(`--[^\n]*`)
)

// Every table has exactly one owning package, named in its COMMENT, and each package's queries
// (queries/<package>/*.sql, which sqlc compiles into that package alone) touch only the tables it owns: a query
// that reaches into another package's table fails here, not in a review (docs/moving-parts.md).
func TestEveryTableHasOneOwnerAndOnlyItsOwnerQueriesIt(t *testing.T) {
	owner := map[string]string{} // table → package
	var tables []string
	err := fs.WalkDir(migrations.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(migrations.FS, path)
		if err != nil {
			return err
		}
		up, _, _ := strings.Cut(string(b), "-- +goose Down")
		for _, m := range createTable.FindAllStringSubmatch(up, -1) {
			tables = append(tables, m[1])
		}
		for _, m := range ownerOf.FindAllStringSubmatch(up, -1) {
			if prev, ok := owner[m[1]]; ok && prev != m[2] {
				t.Errorf("table %s has two owners: %s and %s", m[1], prev, m[2])
			}
			owner[m[1]] = m[2]
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, table := range tables {
		if owner[table] == "" {
			t.Errorf("table %s has no COMMENT naming its owner (Owner: package …)", table)
		}
	}

	dirs, err := os.ReadDir("../queries")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, dir := range dirs {
		pkg := dir.Name()
		files, _ := filepath.Glob(filepath.Join("../queries", pkg, "*.sql"))
		for _, file := range files {
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			sql := comment.ReplaceAllString(string(b), "")
			foreign := map[string]bool{}
			for _, m := range tableUse.FindAllStringSubmatch(sql, -1) {
				table := strings.ToLower(m[1])
				if o, known := owner[table]; known {
					checked++
					if o != pkg {
						foreign[table+" (owned by "+o+")"] = true
					}
				}
			}
			if len(foreign) > 0 {
				names := make([]string, 0, len(foreign))
				for n := range foreign {
					names = append(names, n)
				}
				sort.Strings(names)
				t.Errorf("%s: package %s queries tables it does not own: %s; ask their owner instead", file, pkg, strings.Join(names, ", "))
			}
		}
	}
	if checked < 50 {
		t.Errorf("only %d table uses found in queries/: the check is not reading them", checked)
	}
}
