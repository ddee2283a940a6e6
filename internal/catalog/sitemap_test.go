package catalog

import (
	"encoding/xml"
	"fmt"
	"testing"
)

// A catalog past what one sitemap file may hold gets an index at /sitemap.xml naming files that hold every page
// once, each file with the latest change among its pages; a small one gets a single file and no other.
func TestSitemapSplitsPastTheLimit(t *testing.T) {
	var urls []sitemapURL
	for i := range 25 {
		urls = append(urls, sitemapURL{Loc: fmt.Sprintf("https://shop.example/product/p%d", i), LastMod: fmt.Sprintf("2026-12-%02dT00:00:00Z", 1+i%28)})
	}
	body, ok, err := renderSitemap(urls, "https://shop.example", 10, 0)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	var index sitemapIndex
	if err := xml.Unmarshal(body, &index); err != nil {
		t.Fatalf("/sitemap.xml is no sitemap index: %v\n%s", err, body)
	}
	if len(index.Sitemaps) != 3 || index.Sitemaps[2].Loc != "https://shop.example/sitemaps/3.xml" || index.Sitemaps[0].LastMod != "2026-12-10T00:00:00Z" {
		t.Fatalf("index %+v", index.Sitemaps)
	}
	seen := map[string]bool{}
	for n := 1; n <= 3; n++ {
		body, ok, err := renderSitemap(urls, "https://shop.example", 10, n)
		if err != nil || !ok {
			t.Fatalf("file %d: %v %v", n, ok, err)
		}
		var set sitemapURLSet
		if err := xml.Unmarshal(body, &set); err != nil {
			t.Fatal(err)
		}
		for _, u := range set.URLs {
			if seen[u.Loc] {
				t.Errorf("%s in two files", u.Loc)
			}
			seen[u.Loc] = true
		}
	}
	if len(seen) != len(urls) {
		t.Errorf("the files hold %d pages of %d", len(seen), len(urls))
	}
	if _, ok, _ := renderSitemap(urls, "https://shop.example", 10, 4); ok {
		t.Error("a fourth file of three")
	}
	body, _, _ = renderSitemap(urls, "https://shop.example", 100, 0)
	var set sitemapURLSet
	if err := xml.Unmarshal(body, &set); err != nil || len(set.URLs) != 25 {
		t.Errorf("under the limit /sitemap.xml is not one urlset of every page: %v %d", err, len(set.URLs))
	}
	if _, ok, _ := renderSitemap(urls, "https://shop.example", 100, 1); ok {
		t.Error("a file of its own beside a sitemap that was not split")
	}
}
