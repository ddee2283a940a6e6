package web

import (
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mekhaishuby/furstore/internal/apperr"
)

func TestQuery(t *testing.T) {
	tests := []struct {
		name       string
		query      string
		want       url.Values
		wantCode   string
		wantFields map[string]string
	}{
		{name: "none", query: "", want: url.Values{}},
		{name: "the seed's listing", query: "category=shuby&min_price=5000&sort_by=-price",
			want: url.Values{"category": {"shuby"}, "min_price": {"5000"}, "sort_by": {"-price"}}},
		{name: "Russian text", query: "q=%D1%88%D1%83%D0%B1%D0%B0", want: url.Values{"q": {"шуба"}}},
		{name: "a parameter given twice", query: "sort_by=price&sort_by=-name", wantCode: "repeated_parameter",
			wantFields: map[string]string{"sort_by": "is given more than once; give it once"}},
		{name: "twice with the same value", query: "page=2&page=2", wantCode: "repeated_parameter",
			wantFields: map[string]string{"page": "is given more than once; give it once"}},
		{name: "twice, once empty", query: "category=&category=shuby", wantCode: "repeated_parameter",
			wantFields: map[string]string{"category": "is given more than once; give it once"}},
		{name: "two parameters repeated", query: "page=1&sort_by=name&page=2&sort_by=price", wantCode: "repeated_parameter",
			wantFields: map[string]string{"page": "is given more than once; give it once", "sort_by": "is given more than once; give it once"}},
		{name: "a semicolon", query: "sort_by=price;DROP%20TABLE%20products", wantCode: "invalid_query"},
		{name: "a bad escape", query: "q=%zz", wantCode: "invalid_query"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/api/products", nil)
			r.URL.RawQuery = tt.query
			got, err := Query(r)
			if tt.wantCode == "" {
				if err != nil {
					t.Fatalf("got %v", err)
				}
				if diff := cmp.Diff(got, tt.want); diff != "" {
					t.Errorf("(-got +want):\n%s", diff)
				}
				return
			}
			e, ok := apperr.As(err)
			if !ok || e.Kind != apperr.Invalid || e.Code != tt.wantCode {
				t.Fatalf("got %v, want 400 %s", err, tt.wantCode)
			}
			if diff := cmp.Diff(e.Fields, tt.wantFields); diff != "" {
				t.Errorf("fields (-got +want):\n%s", diff)
			}
		})
	}
}
