package panel_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mekhaishuby/furstore/internal/apptest"
)

// file is one file of an upload.
type file struct {
	name string
	data []byte
}

// upload posts files as the multipart field "files" with the form's token first, as a browser sends the
// product page's picture form.
func (b *browser) upload(path, csrf string, files ...file) page {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if err := mw.WriteField("csrf", csrf); err != nil {
		b.t.Fatal(err)
	}
	for _, f := range files {
		w, err := mw.CreateFormFile("files", f.name)
		if err != nil {
			b.t.Fatal(err)
		}
		_, _ = w.Write(f.data)
	}
	if err := mw.Close(); err != nil {
		b.t.Fatal(err)
	}
	req, err := http.NewRequest("POST", b.base+path, &body)
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.send(req)
}

// pngPicture is a small PNG picture of one colour (distinct colours make distinct files).
func pngPicture(t *testing.T, c color.RGBA) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := range 64 {
		for y := range 48 {
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// productForm is the product form as a staff member fills it in; pairs override or add fields.
func productForm(csrf string, category int, pairs ...string) url.Values {
	v := url.Values{"csrf": {csrf}, "name": {"Норковая шуба «Лада»"}, "category_id": {strconv.Itoa(category)},
		"price": {"150 000"}, "description": {"Длинная, с капюшоном."}, "is_active": {"on"},
		"attr_name": {"Мех", "", "Длина"}, "attr_value": {"норка", "", "110 см"}}
	for i := 0; i+1 < len(pairs); i += 2 {
		v.Set(pairs[i], pairs[i+1])
	}
	return v
}

// createdID is the product id a successful product form redirected to.
func createdID(t *testing.T, p page) string {
	t.Helper()
	loc := p.header.Get("Location")
	if p.status != http.StatusSeeOther || !strings.HasPrefix(loc, "/admin/products/") {
		t.Fatalf("product form → %d %q\n%.1500s", p.status, loc, p.body)
	}
	id, _, _ := strings.Cut(strings.TrimPrefix(loc, "/admin/products/"), "?")
	return id
}

// startProducts starts the shop with a staff member signed in to the panel, for the product pages' tests: the
// server, the browser, its session's form token, and the id of the category products go in (Собольи шубы).
func startProducts(t *testing.T) (*apptest.Server, *browser, string, int) {
	t.Helper()
	s := apptest.Start(t, apptest.Options{})
	s.Staff("sklad@mekha-shuby.ru")
	b := newBrowser(t, s)
	if p := b.signIn("sklad@mekha-shuby.ru", "кладовщица-2026"); p.status != http.StatusSeeOther {
		t.Fatalf("sign in → %d", p.status)
	}
	csrf := b.do("GET", "/admin/products/new", nil).csrf(t)
	return s, b, csrf, s.Scalar("SELECT id FROM categories WHERE slug = 'sobolya'")
}

// plainText is a page's text without tags, spaces collapsed.
func plainText(p page) string {
	s := tagPattern.ReplaceAllString(p.body, " ")
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), " ")
}

var tagPattern = regexp.MustCompile(`<[^>]+>`)

func itoa(n int) string { return strconv.Itoa(n) }
