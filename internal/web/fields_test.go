package web

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

type inner struct {
	ID    int    `json:"id"`
	Note  string // untagged: hidden by the tagged note of the outer struct, at a shallower depth
	Color string
}

type other struct {
	Color string // the same depth as inner.Color and untagged too: neither gets the name
	Size  string `json:"size"`
}

type tagged struct {
	Size string // untagged, at the same depth as other.Size (tagged), which wins
}

type fieldsProbe struct {
	inner
	other
	tagged
	Note     string `json:"note"`
	Skipped  string `json:"-"`
	Dash     string `json:"-,"` // a field named "-"
	BadTag   string `json:"a\"b"`
	Opts     string `json:",string"`
	private  string
	Named    inner `json:"named"`
	Exported int
}

// TestJSONFields checks jsonFields against encoding/json itself: encoding a zero value writes one key for each
// field encoding/json knows.
func TestJSONFields(t *testing.T) {
	for _, v := range []any{fieldsProbe{}, withBase{}, clashEmbedded{}, productInput{}, orderInput{}} {
		typ := reflect.TypeOf(v)
		var got []string
		for _, f := range jsonFields(typ) {
			got = append(got, f.name)
		}
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		var want []string
		for k := range m {
			want = append(want, k)
		}
		slices.Sort(got)
		slices.Sort(want)
		if diff := cmp.Diff(got, want); diff != "" {
			t.Errorf("%s (-got +want):\n%s", typ, diff)
		}
	}
}
