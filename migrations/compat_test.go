package migrations_test

import (
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/mekhaishuby/furstore/migrations"
)

// baseline is the last migration written before the first deploy. Every later one runs while the previous
// release's servers still serve (deploy/README.md, «Upgrading»), so it may only expand the schema: new tables,
// new columns that are nullable or have a default, new indexes. Dropping or renaming a column or table,
// changing a column's type, or making a column NOT NULL without a default breaks the servers still running; it
// is a contract step, allowed only in a release after the one that stopped using what it removes, and only
// with a comment line `-- contract: <why no running server still needs it>` in the statement.
const baseline = 21

// The Up part of every migration after the baseline only expands the schema, unless a statement is marked as a
// reviewed contract step. The ones before it are listed in the test log, not judged.
func TestMigrationsKeepRunningServersWorking(t *testing.T) {
	err := fs.WalkDir(migrations.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".sql") {
			return err
		}
		n, err := strconv.Atoi(strings.SplitN(path, "_", 2)[0])
		if err != nil {
			t.Errorf("%s: a migration's name starts with its number", path)
			return nil
		}
		b, err := fs.ReadFile(migrations.FS, path)
		if err != nil {
			return err
		}
		up, _, _ := strings.Cut(string(b), "-- +goose Down")
		for _, p := range incompatible(up) {
			if n <= baseline {
				t.Logf("%s (before the baseline): %s", path, p)
			} else {
				t.Errorf("%s: %s — servers of the release before still use it: expand now, contract a release later "+
					"(deploy/README.md), and mark the statement `-- contract: …` once that is so", path, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The checker finds each kind of breaking statement, and lets through what only expands the schema and what
// is marked as a contract step.
func TestIncompatibleFindsBreakingStatements(t *testing.T) {
	breaking := []string{
		"DROP TABLE carts;",
		"ALTER TABLE orders DROP COLUMN note;",
		"ALTER TABLE orders DROP note;",
		"ALTER TABLE orders ADD COLUMN x int, DROP COLUMN IF EXISTS note;",
		"ALTER TABLE orders RENAME COLUMN note TO comment;",
		"ALTER TABLE orders RENAME note TO comment;",
		"ALTER TABLE orders RENAME TO purchases;",
		"ALTER TABLE orders ALTER COLUMN total TYPE numeric;",
		"ALTER TABLE orders ALTER total SET DATA TYPE numeric;",
		"ALTER TABLE orders ALTER COLUMN note SET NOT NULL;",
		"ALTER TABLE orders ADD COLUMN region text NOT NULL;",
		"ALTER TABLE orders ADD region text NOT NULL REFERENCES regions (code);",
	}
	for _, sql := range breaking {
		if got := incompatible(sql); len(got) != 1 {
			t.Errorf("%s: found %q, want one finding", sql, got)
		}
		if got := incompatible("-- contract: release 7 stopped using it\n" + sql); len(got) != 0 {
			t.Errorf("%s marked as a contract step: still found %q", sql, got)
		}
	}
	fine := `
-- a comment may say DROP TABLE carts; without consequence
CREATE TABLE regions (code text NOT NULL PRIMARY KEY, name text NOT NULL);
ALTER TABLE orders ADD COLUMN region text REFERENCES regions (code), ADD COLUMN flags int NOT NULL DEFAULT 0;
ALTER TABLE orders DROP CONSTRAINT orders_note_check, ALTER COLUMN note DROP NOT NULL, ALTER COLUMN note SET DEFAULT '';
ALTER TABLE orders RENAME CONSTRAINT a TO b;
DROP INDEX orders_old_idx;
CREATE INDEX orders_region_idx ON orders (region);
-- +goose StatementBegin
CREATE FUNCTION f() RETURNS trigger AS $$ BEGIN ALTER TABLE x DROP COLUMN y; RETURN NEW; END $$ LANGUAGE plpgsql;
-- +goose StatementEnd
`
	if got := incompatible(fine); len(got) != 0 {
		t.Errorf("expanding statements flagged: %q", got)
	}
}

var (
	dollarQuote  = regexp.MustCompile(`\$\w*\$`)
	lineComment  = regexp.MustCompile(`--[^\n]*`)
	contractMark = regexp.MustCompile(`(?m)^\s*--\s*contract:\s*\S`)
	alterTable   = regexp.MustCompile(`(?i)^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?(\S+) (.*)$`)
	dropTable    = regexp.MustCompile(`(?i)^DROP TABLE `)
	alterType    = regexp.MustCompile(`(?i)^ALTER (?:COLUMN )?\S+ (?:SET DATA )?TYPE `)
	setNotNull   = regexp.MustCompile(`(?i)^ALTER (?:COLUMN )?\S+ SET NOT NULL`)
	addColumn    = regexp.MustCompile(`(?i)^ADD (?:COLUMN )?(?:IF NOT EXISTS )?(\S+) `)
	dropAction   = regexp.MustCompile(`(?i)^DROP (?:COLUMN )?(?:IF EXISTS )?(\S+)`)
	renameAction = regexp.MustCompile(`(?i)^RENAME (?:COLUMN )?(\S+)`)
)

// notColumns are the words after ADD or DROP in ALTER TABLE that name no column.
var notColumns = []string{"CONSTRAINT", "DEFAULT", "NOT", "IDENTITY", "EXPRESSION", "PRIMARY", "UNIQUE", "CHECK",
	"FOREIGN", "EXCLUDE"}

func isKeyword(word string) bool { return slices.Contains(notColumns, strings.ToUpper(word)) }

// incompatible lists the statements of a migration's Up part that would break the servers still running, with
// the rule each breaks; statements carrying a `-- contract:` line are left out.
func incompatible(up string) []string {
	var found []string
	for _, stmt := range statements(up) {
		if stmt.contract {
			continue
		}
		s := strings.Join(strings.Fields(stmt.sql), " ")
		if dropTable.MatchString(s) {
			found = append(found, "drops a table: "+s)
			continue
		}
		m := alterTable.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		for _, action := range topLevel(m[2]) {
			var rule string
			switch {
			case alterType.MatchString(action):
				rule = "changes a column's type"
			case setNotNull.MatchString(action):
				rule = "makes a column NOT NULL"
			case addColumn.MatchString(action) && !isKeyword(addColumn.FindStringSubmatch(action)[1]) &&
				strings.Contains(strings.ToUpper(action), "NOT NULL") && !strings.Contains(strings.ToUpper(action), "DEFAULT"):
				rule = "adds a NOT NULL column without a default"
			case dropAction.MatchString(action) && !isKeyword(dropAction.FindStringSubmatch(action)[1]):
				rule = "drops a column"
			case renameAction.MatchString(action) && !strings.EqualFold(renameAction.FindStringSubmatch(action)[1], "CONSTRAINT"):
				rule = "renames a column or table"
			}
			if rule != "" {
				found = append(found, rule+": ALTER TABLE "+m[1]+" "+action)
			}
		}
	}
	return found
}

// statement is one SQL statement without its comments, and whether a `-- contract:` line came with it.
type statement struct {
	sql      string
	contract bool
}

// statements splits SQL at semicolons, leaving out comments and dollar-quoted bodies (a function's text is not
// a schema change). A `-- contract:` line belongs to the statement it stands in or before.
func statements(sql string) []statement {
	const mark = "\x00contract\x00"
	lines := strings.Split(sql, "\n")
	for i, l := range lines {
		if contractMark.MatchString(l) {
			lines[i] = mark
		} else {
			lines[i] = lineComment.ReplaceAllString(l, "")
		}
	}
	sql = strings.Join(lines, "\n")
	var code strings.Builder
	for {
		q := dollarQuote.FindStringIndex(sql)
		if q == nil {
			code.WriteString(sql)
			break
		}
		code.WriteString(sql[:q[0]])
		tag := sql[q[0]:q[1]]
		end := strings.Index(sql[q[1]:], tag)
		if end < 0 {
			break
		}
		sql = sql[q[1]+end+len(tag):]
	}
	var out []statement
	for _, s := range strings.Split(code.String(), ";") {
		st := statement{sql: strings.ReplaceAll(s, mark, " "), contract: strings.Contains(s, mark)}
		if strings.TrimSpace(st.sql) != "" {
			out = append(out, st)
		}
	}
	return out
}

// topLevel splits an ALTER TABLE's actions at the commas outside parentheses.
func topLevel(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	return append(out, strings.TrimSpace(s[start:]))
}
