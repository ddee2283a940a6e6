package config

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

// tableRow is one line of a table in docs/configuration.md: the variable, and its second column.
type tableRow struct{ name, second string }

var (
	rowName     = regexp.MustCompile("^`([A-Z][A-Z0-9_]*)`$")
	leadingCode = regexp.MustCompile("^`([^`]*)`")
)

// docTables reads docs/configuration.md's tables, each under the "## " heading that precedes it.
func docTables(t *testing.T) map[string][]tableRow {
	t.Helper()
	b, err := os.ReadFile("../../docs/configuration.md")
	if err != nil {
		t.Fatal(err)
	}
	tables := map[string][]tableRow{}
	heading := ""
	for _, line := range strings.Split(string(b), "\n") {
		if h, ok := strings.CutPrefix(line, "## "); ok {
			heading = h
			continue
		}
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		cells := strings.Split(line, " | ")
		m := rowName.FindStringSubmatch(strings.TrimPrefix(cells[0], "| "))
		if m == nil || len(cells) < 3 {
			t.Fatalf("docs/configuration.md: a row names one variable in backticks, then two more columns: %s", line)
		}
		tables[heading] = append(tables[heading], tableRow{m[1], cells[1]})
	}
	return tables
}

// The table of the server's variables is the configuration code's own list: Load asks for every variable in it
// and for no other, and each fixed default it states is the one Load uses — setting the variable to it gives
// the very Config that leaving it unset gives.
func TestConfigurationTableMatchesLoad(t *testing.T) {
	rows := docTables(t)["The server"]
	if len(rows) == 0 {
		t.Fatal(`docs/configuration.md has no table under "## The server"`)
	}
	documented := map[string]string{} // name → its second column
	for _, r := range rows {
		if _, twice := documented[r.name]; twice {
			t.Errorf("docs/configuration.md lists %s twice", r.name)
		}
		documented[r.name] = r.second
	}

	asked := map[string]bool{}
	unset, err := Load(func(name string) string { asked[name] = true; return "" })
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range sortedKeys(asked) {
		if _, ok := documented[name]; !ok {
			t.Errorf("Load reads %s, which docs/configuration.md does not list", name)
		}
	}
	for _, r := range rows {
		if !asked[r.name] {
			t.Errorf("docs/configuration.md lists %s, which Load never reads (or reads only when another variable is set: read it always)", r.name)
		}
	}

	// A default may name another variable's ($PORT): it is filled in with that one's default.
	literal := map[string]string{}
	for name, second := range documented {
		if m := leadingCode.FindStringSubmatch(second); m != nil {
			literal[name] = m[1]
		}
	}
	for _, name := range sortedKeys(literal) {
		def := literal[name]
		for range 5 {
			def = os.Expand(def, func(v string) string { return literal[v] })
		}
		t.Run(name, func(t *testing.T) {
			got, err := Load(func(n string) string {
				if n == name {
					return def
				}
				return ""
			})
			if err != nil {
				t.Fatalf("%s=%q, its documented default, is refused: %v", name, def, err)
			}
			if !reflect.DeepEqual(got, unset) {
				t.Errorf("%s=%q, its documented default, gives another configuration than leaving it unset:\nset:   %+v\nunset: %+v",
					name, def, got, unset)
			}
		})
	}
}

// The variables only commands and scripts read are listed apart, each with the file that reads it; that file
// must still read it.
func TestToolVariablesAreStillRead(t *testing.T) {
	rows := docTables(t)["Read by the commands and scripts, not by the server"]
	if len(rows) == 0 {
		t.Fatal("docs/configuration.md has no table of the variables commands and scripts read")
	}
	for _, r := range rows {
		file := strings.Trim(r.second, "` ")
		b, err := os.ReadFile(filepath.Join("../..", file))
		if err != nil {
			t.Errorf("%s: read by %s, which cannot be read: %v", r.name, file, err)
			continue
		}
		if !strings.Contains(string(b), r.name) {
			t.Errorf("docs/configuration.md says %s reads %s; it does not", file, r.name)
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return slices.Clip(keys)
}
