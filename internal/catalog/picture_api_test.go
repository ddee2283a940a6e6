package catalog_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mekhaishuby/furstore/internal/apptest"
	"github.com/mekhaishuby/furstore/internal/media"
)

// adminImage is a picture as the back office answers it.
type adminImage struct {
	ID       int64   `json:"id"`
	URL      string  `json:"url"`
	CardURL  *string `json:"card_url"`
	ThumbURL *string `json:"thumb_url"`
	Position int     `json:"position"`
	IsMain   bool    `json:"is_main"`
	Width    int     `json:"width"`
	Height   int     `json:"height"`
}

// imgPart is the file part of an upload: its Content-Disposition exactly as sent (so a test can send a
// hostile or malformed one), its Content-Type and its bytes.
type imgPart struct {
	disposition string
	contentType string
	data        []byte
}

// imgFile is the usual file part: field "file" with the given file name.
func imgFile(name string, data []byte) imgPart {
	return imgPart{disposition: fmt.Sprintf(`form-data; name="file"; filename="%s"`, name), contentType: "image/jpeg", data: data}
}

// imgForm builds a multipart/form-data body: a small text field, then the parts.
func imgForm(t *testing.T, parts ...imgPart) (body []byte, contentType string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if err := w.WriteField("alt", "Норковая шуба, вид сзади"); err != nil {
		t.Fatal(err)
	}
	for _, p := range parts {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", p.disposition)
		h.Set("Content-Type", p.contentType)
		pw, err := w.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := pw.Write(p.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), w.FormDataContentType()
}

// imgUploadBody posts body as a picture upload to the product.
func imgUploadBody(t *testing.T, s *apptest.Server, productID int64, contentType string, body io.Reader, auth []string) apptest.Response {
	t.Helper()
	req, err := http.NewRequest("POST", fmt.Sprintf("%s/api/admin/products/%d/images", s.URL, productID), body)
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set(auth[0], auth[1])
	return s.Send(req)
}

// imgUpload posts one file as the field "file".
func imgUpload(t *testing.T, s *apptest.Server, productID int64, name string, data []byte, auth []string) apptest.Response {
	t.Helper()
	body, ct := imgForm(t, imgFile(name, data))
	return imgUploadBody(t, s, productID, ct, bytes.NewReader(body), auth)
}

// imgUploaded posts a picture that must be accepted, and returns what the API says of it.
func imgUploaded(t *testing.T, s *apptest.Server, productID int64, data []byte, auth []string) adminImage {
	t.Helper()
	res := imgUpload(t, s, productID, "photo.jpg", data, auth)
	if res.Status != http.StatusCreated {
		t.Fatalf("upload → %d %s", res.Status, res.Body)
	}
	var img adminImage
	res.JSON(t, &img)
	return img
}

// imgPhoto draws a w×h picture with gradients and fine stripes; seed makes pictures of one size differ. With
// alpha, its left half is transparent.
func imgPhoto(w, h, seed int, alpha bool) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			a := uint8(0xff)
			if alpha && x < w/2 {
				a = 0
			}
			img.SetNRGBA(x, y, color.NRGBA{uint8(x*255/w + seed), uint8(y * 255 / h), uint8((x*7 + y*3 + seed) % 256), a})
		}
	}
	return img
}

func imgJPEG(t *testing.T, w, h, seed int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, imgPhoto(w, h, seed, false), &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func imgPNG(t *testing.T, w, h, seed int, alpha bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, imgPhoto(w, h, seed, alpha)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// imgBomb is the start of a PNG file claiming a w×h canvas, with no pixels: a decompression bomb's header.
func imgBomb(w, h int) []byte {
	ihdr := binary.BigEndian.AppendUint32([]byte("IHDR"), uint32(w))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(h))
	ihdr = append(ihdr, 8, 6, 0, 0, 0)
	out := binary.BigEndian.AppendUint32([]byte("\x89PNG\r\n\x1a\n"), 13)
	out = append(out, ihdr...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(ihdr))
}

// imgStoredName is where the media store keeps a picture: under the hash of its bytes.
func imgStoredName(data []byte, ext string) string {
	sum := sha256.Sum256(data)
	name := hex.EncodeToString(sum[:16])
	return "products/" + name[:2] + "/" + name + ext
}

// imgFiles lists the files under the test's media folder, relative to it, with forward slashes.
func imgFiles(t *testing.T, s *apptest.Server) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(s.App.Media.Dir(), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(s.App.Media.Dir(), p)
			files = append(files, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// imgRows is the product's pictures as stored: "id path" in order.
func imgRows(t *testing.T, s *apptest.Server, productID int64) []string {
	t.Helper()
	rows, err := s.DB.Query(context.Background(),
		"SELECT id, path FROM product_images WHERE product_id = $1 ORDER BY position, id", productID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id int64
		var path string
		if err := rows.Scan(&id, &path); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%d %s", id, path))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// imgIDs is the ids of the product's pictures, in order.
func imgIDs(t *testing.T, s *apptest.Server, productID int64) []int64 {
	t.Helper()
	var ids []int64
	for _, r := range imgRows(t, s, productID) {
		var id int64
		fmt.Sscan(r, &id)
		ids = append(ids, id)
	}
	return ids
}

// imgGet fetches a picture URL the API handed out and checks it is served as a picture for keeps.
func imgGet(t *testing.T, url, wantType string) []byte {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s → %d %s", url, res.StatusCode, body)
	}
	if got := res.Header.Get("Content-Type"); got != wantType {
		t.Errorf("GET %s: Content-Type %q, want %q", url, got, wantType)
	}
	if got := res.Header.Get("Cache-Control"); !strings.Contains(got, "max-age=31536000") || !strings.Contains(got, "immutable") {
		t.Errorf("GET %s: Cache-Control %q, want a year, immutable", url, got)
	}
	return body
}

func imgStatus(t *testing.T, url string) int {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

func imgSize(t *testing.T, data []byte) (int, int) {
	t.Helper()
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return cfg.Width, cfg.Height
}

// imgCard is the public product card's pictures: the main one and the list.
func imgCard(t *testing.T, s *apptest.Server, productID int64) (main string, images []string) {
	t.Helper()
	var card struct {
		Image  *string  `json:"image"`
		Images []string `json:"images"`
	}
	res := s.Do("GET", fmt.Sprintf("/api/products/%d", productID), "")
	if res.Status != http.StatusOK {
		t.Fatalf("product card → %d %s", res.Status, res.Body)
	}
	res.JSON(t, &card)
	if card.Image != nil {
		main = *card.Image
	}
	return main, card.Images
}

func TestAdminImageUpload(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	staff := s.Staff("admin@mekha.ru")
	product := s.ID("shuba-anna")

	photo := imgJPEG(t, 1000, 750, 1)
	first := imgUploaded(t, s, product, photo, staff)
	if first.Position != 0 || !first.IsMain || first.Width != 1000 || first.Height != 750 {
		t.Errorf("first upload: %+v; want position 0, main, 1000×750", first)
	}
	if want := s.URL + "/media/" + imgStoredName(photo, ".jpg"); first.URL != want {
		t.Errorf("url = %s, want %s", first.URL, want)
	}
	if first.CardURL == nil || first.ThumbURL == nil {
		t.Fatalf("upload without variants: %+v", first)
	}
	if got := imgGet(t, first.URL, "image/jpeg"); !bytes.Equal(got, photo) {
		t.Error("the original served is not the file uploaded")
	}
	if w, h := imgSize(t, imgGet(t, *first.CardURL, "image/jpeg")); w != 800 || h != 600 {
		t.Errorf("card is %d×%d, want 800×600", w, h)
	}
	if w, h := imgSize(t, imgGet(t, *first.ThumbURL, "image/jpeg")); w > 240 || h > 240 || w != 240 {
		t.Errorf("thumbnail is %d×%d, want 240 wide and within 240×240", w, h)
	}

	// A PNG with transparency keeps it: its variants are PNG files.
	drawing := imgPNG(t, 300, 500, 2, true)
	second := imgUploaded(t, s, product, drawing, staff)
	if second.Position != 1 || second.IsMain || second.ID == first.ID || second.Width != 300 || second.Height != 500 {
		t.Errorf("second upload: %+v; want position 1, not main", second)
	}
	imgGet(t, second.URL, "image/png")
	if w, h := imgSize(t, imgGet(t, *second.CardURL, "image/png")); w != 300 || h != 500 {
		t.Errorf("card of a small picture is %d×%d, want it as it is, 300×500", w, h)
	}
	if w, h := imgSize(t, imgGet(t, *second.ThumbURL, "image/png")); w > 240 || h != 240 {
		t.Errorf("thumbnail is %d×%d, want 240 high and within 240×240", w, h)
	}

	// An opaque PNG's variants are JPEG files.
	third := imgUploaded(t, s, product, imgPNG(t, 640, 480, 3, false), staff)
	if third.Position != 2 || !strings.HasSuffix(*third.CardURL, "-card.jpg") {
		t.Errorf("third upload: %+v", third)
	}
	imgGet(t, *third.ThumbURL, "image/jpeg")

	if diff := cmp.Diff(imgIDs(t, s, product), []int64{first.ID, second.ID, third.ID}); diff != "" {
		t.Errorf("stored pictures (-got +want):\n%s", diff)
	}
	main, images := imgCard(t, s, product)
	if main != first.URL || !slices.Equal(images, []string{first.URL, second.URL, third.URL}) {
		t.Errorf("public card: image %s, images %v", main, images)
	}
}

// TestAdminImageUploadRefusesWhatIsNotAPicture sends files that are not JPEG, PNG or WebP pictures by their
// bytes, whatever their names, and bodies that are not a proper upload: each is a 4xx, and nothing is stored.
func TestAdminImageUploadRefusesWhatIsNotAPicture(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	staff := s.Staff("admin@mekha.ru")
	product := s.ID("shuba-elena")
	rowsBefore, filesBefore := imgRows(t, s, product), imgFiles(t, s)
	full := imgJPEG(t, 200, 150, 4)
	gif := []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
	form := func(parts ...imgPart) (string, []byte) {
		body, ct := imgForm(t, parts...)
		return ct, body
	}
	tests := []struct {
		name        string
		contentType string
		body        []byte
		status      int
		code        string
	}{
		{"text named .jpg", "", []byte("это не фотография, а текст"), 415, "unsupported_image"},
		{"renamed Windows executable", "", append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00"), make([]byte, 2048)...), 415, "unsupported_image"},
		{"renamed ELF executable", "", append([]byte("\x7fELF\x02\x01\x01\x00"), make([]byte, 2048)...), 415, "unsupported_image"},
		{"HTML", "", []byte("<!doctype html><script>alert(1)</script>"), 415, "unsupported_image"},
		{"SVG", "", []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>`), 415, "unsupported_image"},
		{"GIF", "", gif, 415, "unsupported_image"},
		{"JPEG cut short", "", full[:len(full)/2], 415, "unsupported_image"},
		{"empty file", "", nil, 415, "unsupported_image"},
		{"decompression bomb", "", imgBomb(50000, 50000), 413, "too_many_pixels"},
		{"JSON body", "application/json", []byte(`{"file":"photo.jpg"}`), 415, "unsupported_media_type"},
		{"form-urlencoded body", "application/x-www-form-urlencoded", []byte("file=photo.jpg"), 415, "unsupported_media_type"},
		{"no content type", "-", full, 415, "unsupported_media_type"},
		{"no boundary", "multipart/form-data", full, 400, "malformed_multipart"},
		{"body cut short", "", nil, 400, "malformed_multipart"},
		{"no file field", "", nil, 400, "required"},
		{"file under another field", "", nil, 400, "required"},
		{"malformed part header", "", nil, 400, "malformed_multipart"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ct, body := tt.contentType, tt.body
			switch {
			case tt.name == "body cut short":
				ct, body = form(imgFile("photo.jpg", full))
				body = body[:len(body)/2]
			case tt.name == "no file field":
				ct, body = form()
			case tt.name == "file under another field":
				ct, body = form(imgPart{`form-data; name="photo"; filename="photo.jpg"`, "image/jpeg", full})
			case tt.name == "malformed part header":
				ct, body = form(imgPart{`form-data; name="file"; filename="a"b.jpg"`, "image/jpeg", full})
			case ct == "":
				ct, body = form(imgFile("photo.jpg", tt.body))
			case ct == "-":
				ct = ""
			}
			res := imgUploadBody(t, s, product, ct, bytes.NewReader(body), staff)
			if res.Status != tt.status || apptest.ErrorOf(t, res).Error.Code != tt.code {
				t.Errorf("→ %d %s; want %d %s", res.Status, res.Body, tt.status, tt.code)
			}
		})
	}
	if diff := cmp.Diff(imgRows(t, s, product), rowsBefore); diff != "" {
		t.Errorf("the product's pictures changed (-got +want):\n%s", diff)
	}
	if diff := cmp.Diff(imgFiles(t, s), filesBefore); diff != "" {
		t.Errorf("files were stored (-got +want):\n%s", diff)
	}
}

// TestAdminImageUploadTooLarge sends files over media.MaxUploadBytes, with and without a Content-Length: each is
// 413 file_too_large, saying the limit, and nothing is stored. A file of exactly the limit is read and judged.
func TestAdminImageUploadTooLarge(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	staff := s.Staff("admin@mekha.ru")
	product := s.ID("palantin")
	filesBefore := imgFiles(t, s)

	// A real JPEG padded past the limit: its header is fine, only its size is not.
	over := append(imgJPEG(t, 64, 48, 5), make([]byte, media.MaxUploadBytes)...)
	justOver, ct := imgForm(t, imgFile("photo.jpg", over))
	huge, hugeCT := imgForm(t, imgFile("photo.jpg", append(over, make([]byte, 40<<20)...)))
	// A 20 MiB field before the file: the body's cap stops the reading, not the file's.
	hugeField, hugeFieldCT := imgForm(t, imgPart{`form-data; name="notes"`, "text/plain", make([]byte, 20<<20)},
		imgFile("photo.jpg", imgJPEG(t, 64, 48, 5)))
	for _, tt := range []struct {
		name string
		ct   string
		body io.Reader
	}{
		{"file just over, with Content-Length", ct, bytes.NewReader(justOver)},
		{"file just over, chunked", ct, io.MultiReader(bytes.NewReader(justOver))}, // no Content-Length
		{"50 MB, with Content-Length", hugeCT, bytes.NewReader(huge)},              // refused before it is read
		{"50 MB, chunked", hugeCT, io.MultiReader(bytes.NewReader(huge))},
		{"huge field before the file, chunked", hugeFieldCT, io.MultiReader(bytes.NewReader(hugeField))},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := imgUploadBody(t, s, product, tt.ct, tt.body, staff)
			e := apptest.ErrorOf(t, res)
			if res.Status != http.StatusRequestEntityTooLarge || e.Error.Code != "file_too_large" {
				t.Fatalf("→ %d %s; want 413 file_too_large", res.Status, res.Body)
			}
			var msg struct {
				Error struct{ Message string } `json:"error"`
			}
			res.JSON(t, &msg)
			if !strings.Contains(msg.Error.Message, "10 MiB") {
				t.Errorf("message %q does not say the limit", msg.Error.Message)
			}
		})
	}
	if res := imgUpload(t, s, product, "photo.jpg", make([]byte, media.MaxUploadBytes), staff); res.Status != 415 {
		t.Errorf("a file of exactly the limit → %d %s; want it read, and refused as no picture", res.Status, res.Body)
	}
	if rows := imgRows(t, s, product); len(rows) != 0 {
		t.Errorf("pictures stored: %v", rows)
	}
	if diff := cmp.Diff(imgFiles(t, s), filesBefore); diff != "" {
		t.Errorf("files were stored (-got +want):\n%s", diff)
	}
}

// TestAdminImageFileNamesAreIgnored uploads pictures under hostile names: what is stored is named by the hash of
// the bytes, inside the media folder, and nothing is written anywhere else.
func TestAdminImageFileNamesAreIgnored(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	staff := s.Staff("admin@mekha.ru")
	product := s.ID("shuba-sobol")
	outside := filepath.Dir(s.App.Media.Dir())
	entriesOutside := func() []string {
		entries, err := os.ReadDir(outside)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		return names
	}
	before := entriesOutside()

	for i, disposition := range []string{
		`form-data; name="file"; filename="../../../etc/passwd.png"`,
		`form-data; name="file"; filename="/etc/cron.d/evil.png"`,
		`form-data; name="file"; filename="..\..\..\windows\evil.png"`,
		`form-data; name="file"; filename="products/00/.htaccess"`,
		`form-data; name="file"; filename*=UTF-8''..%2F..%2Fevil%00.png`, // a NUL, percent-encoded (RFC 5987)
		`form-data; name="file"; filename="шуба норковая.png"`,
	} {
		data := imgPNG(t, 40, 30, 10+i, false)
		body, ct := imgForm(t, imgPart{disposition, "image/png", data})
		res := imgUploadBody(t, s, product, ct, bytes.NewReader(body), staff)
		if res.Status != http.StatusCreated {
			t.Errorf("%s → %d %s", disposition, res.Status, res.Body)
			continue
		}
		var img adminImage
		res.JSON(t, &img)
		if want := s.URL + "/media/" + imgStoredName(data, ".png"); img.URL != want {
			t.Errorf("%s: stored as %s, want %s", disposition, img.URL, want)
		}
	}

	// A raw NUL is not allowed in a part's header at all: the body is malformed.
	data := imgPNG(t, 40, 30, 99, false)
	body, ct := imgForm(t, imgPart{"form-data; name=\"file\"; filename=\"photo\x00.png\"", "image/png", data})
	if res := imgUploadBody(t, s, product, ct, bytes.NewReader(body), staff); res.Status != 400 || apptest.ErrorOf(t, res).Error.Code != "malformed_multipart" {
		t.Errorf("a raw NUL in the file name → %d %s; want 400 malformed_multipart", res.Status, res.Body)
	}

	stored := regexp.MustCompile(`^products/([0-9a-f]{2})/([0-9a-f]{32})(-card|-thumb)?\.(jpg|png)$`)
	for _, f := range imgFiles(t, s) {
		if m := stored.FindStringSubmatch(f); m == nil || !strings.HasPrefix(m[2], m[1]) {
			t.Errorf("stored file %q is not named by a content hash", f)
		}
	}
	if diff := cmp.Diff(entriesOutside(), before); diff != "" {
		t.Errorf("something was written beside the media folder (-got +want):\n%s", diff)
	}
	if len(imgRows(t, s, product)) != 6 {
		t.Errorf("pictures: %v", imgRows(t, s, product))
	}
}

func TestAdminImageUploadDuplicateAndUnknownProduct(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	staff := s.Staff("admin@mekha.ru")
	product := s.ID("zhaket-olga")
	photo := imgJPEG(t, 320, 240, 6)
	first := imgUploaded(t, s, product, photo, staff)
	files := imgFiles(t, s)

	res := imgUpload(t, s, product, "again.jpg", photo, staff)
	var dup struct {
		Error struct {
			Code    string `json:"code"`
			Details struct {
				ImageID int64 `json:"image_id"`
			} `json:"details"`
		} `json:"error"`
	}
	res.JSON(t, &dup)
	if res.Status != http.StatusConflict || dup.Error.Code != "duplicate_image" || dup.Error.Details.ImageID != first.ID {
		t.Errorf("the same bytes again → %d %s; want 409 duplicate_image naming image %d", res.Status, res.Body, first.ID)
	}
	if rows := imgRows(t, s, product); len(rows) != 1 {
		t.Errorf("pictures after a duplicate: %v", rows)
	}
	// Another product may show the same picture; the file is stored once.
	other := imgUploaded(t, s, s.ID("palantin"), photo, staff)
	if other.URL != first.URL || !other.IsMain {
		t.Errorf("the same picture on another product: %+v; want %s, main", other, first.URL)
	}

	for _, path := range []string{"/api/admin/products/999999/images", "/api/admin/products/abc/images", "/api/admin/products/0/images"} {
		body, ct := imgForm(t, imgFile("photo.jpg", imgJPEG(t, 32, 32, 7)))
		req, err := http.NewRequest("POST", s.URL+path, bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", ct)
		req.Header.Set(staff[0], staff[1])
		if res := s.Send(req); res.Status != 404 || apptest.ErrorOf(t, res).Error.Code != "product_not_found" {
			t.Errorf("POST %s → %d %s; want 404 product_not_found", path, res.Status, res.Body)
		}
	}
	if diff := cmp.Diff(imgFiles(t, s), files); diff != "" {
		t.Errorf("files changed (-got +want):\n%s", diff)
	}
}

// TestAdminImageConcurrentUploads: pictures uploaded at once to one product each get their own place.
func TestAdminImageConcurrentUploads(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	staff := s.Staff("admin@mekha.ru")
	product := s.ID("shuba-anna")
	const n = 6
	bodies := make([][]byte, n)
	var ct string
	for i := range bodies {
		bodies[i], ct = imgForm(t, imgFile("photo.jpg", imgPNG(t, 50, 50, 20+i, false)))
		// Each form has its own boundary; keep each body with its own Content-Type.
		bodies[i] = append([]byte(ct+"\n"), bodies[i]...)
	}
	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			ct, body, _ := bytes.Cut(bodies[i], []byte("\n"))
			req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/admin/products/%d/images", s.URL, product), bytes.NewReader(body))
			req.Header.Set("Content-Type", string(ct))
			req.Header.Set(staff[0], staff[1])
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				return
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			statuses[i] = res.StatusCode
		})
	}
	wg.Wait()
	for i, st := range statuses {
		if st != http.StatusCreated {
			t.Errorf("upload %d → %d", i, st)
		}
	}
	var positions []int
	rows, err := s.DB.Query(context.Background(), "SELECT position FROM product_images WHERE product_id = $1 ORDER BY position", product)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var p int
		if err := rows.Scan(&p); err != nil {
			t.Fatal(err)
		}
		positions = append(positions, p)
	}
	if diff := cmp.Diff(positions, []int{0, 1, 2, 3, 4, 5}); diff != "" {
		t.Errorf("positions (-got +want):\n%s", diff)
	}
}

// TestAdminImageArrange reorders a product's pictures and sees the new main picture first on the public card
// and in the listing, through the catalog's cache.
func TestAdminImageArrange(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	s.WatchCatalog()
	staff := s.Staff("admin@mekha.ru")
	product := s.ID("shuba-elena") // imported with a.png and b.png
	imported := imgIDs(t, s, product)
	if len(imported) != 2 {
		t.Fatalf("fixture pictures: %v", imported)
	}
	added := imgUploaded(t, s, product, imgJPEG(t, 400, 300, 8), staff)
	if added.Position != 2 || added.IsMain {
		t.Errorf("upload to a product with two pictures: %+v; want position 2", added)
	}
	_, before := imgCard(t, s, product) // cached now
	if len(before) != 3 || before[2] != added.URL {
		t.Fatalf("card before: %v", before)
	}

	order := []int64{added.ID, imported[1], imported[0]}
	res := s.Do("PUT", fmt.Sprintf("/api/admin/products/%d/images", product), fmt.Sprintf(`{"order":[%d,%d,%d]}`, order[0], order[1], order[2]), staff...)
	if res.Status != http.StatusOK {
		t.Fatalf("arrange → %d %s", res.Status, res.Body)
	}
	var got struct{ Images []adminImage }
	res.JSON(t, &got)
	var ids []int64
	for i, img := range got.Images {
		ids = append(ids, img.ID)
		if img.Position != i || img.IsMain != (i == 0) {
			t.Errorf("images[%d] = %+v", i, img)
		}
	}
	if diff := cmp.Diff(ids, order); diff != "" {
		t.Errorf("arranged (-got +want):\n%s", diff)
	}
	if img := got.Images[1]; img.CardURL == nil || img.ThumbURL == nil || img.URL != before[1] || img.Width != 4 {
		t.Errorf("an imported picture: %+v; want its variants and size, url %s", img, before[1])
	}
	if diff := cmp.Diff(imgIDs(t, s, product), order); diff != "" {
		t.Errorf("stored order (-got +want):\n%s", diff)
	}
	want := []string{added.URL, before[1], before[0]}
	apptest.WaitFor(t, func() bool {
		main, images := imgCard(t, s, product)
		return main == added.URL && slices.Equal(images, want)
	})
	var list struct {
		Results []struct {
			Slug  string  `json:"slug"`
			Image *string `json:"image"`
		} `json:"results"`
	}
	s.Do("GET", "/api/products?category=norkovye-shuby", "").JSON(t, &list)
	for _, p := range list.Results {
		if p.Slug == "shuba-elena" && (p.Image == nil || *p.Image != added.URL) {
			t.Errorf("listing shows %v as the main picture, want %s", p.Image, added.URL)
		}
	}

	// Arranging again in the same order changes nothing; a product without pictures takes an empty order.
	if res := s.Do("PUT", fmt.Sprintf("/api/admin/products/%d/images", product), fmt.Sprintf(`{"order":[%d,%d,%d]}`, order[0], order[1], order[2]), staff...); res.Status != 200 {
		t.Errorf("the same order again → %d %s", res.Status, res.Body)
	}
	if res := s.Do("PUT", fmt.Sprintf("/api/admin/products/%d/images", s.ID("palantin")), `{"order":[]}`, staff...); res.Status != 200 || string(res.Body) != `{"images":[]}` {
		t.Errorf("an empty order for a product without pictures → %d %s", res.Status, res.Body)
	}
}

func TestAdminImageArrangeBadInput(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	staff := s.Staff("admin@mekha.ru")
	product := s.ID("shuba-elena")
	ids := imgIDs(t, s, product)
	foreign := imgIDs(t, s, s.ID("zhaket-vera"))[0]
	path := fmt.Sprintf("/api/admin/products/%d/images", product)
	type problems struct {
		Missing  []int64 `json:"missing"`
		Unknown  []int64 `json:"unknown"`
		Repeated []int64 `json:"repeated"`
	}
	tests := []struct {
		name   string
		path   string
		body   string
		ct     string
		status int
		code   string
		want   problems
	}{
		{"one left out", path, fmt.Sprintf(`{"order":[%d]}`, ids[1]), "", 400, "invalid_order", problems{Missing: ids[:1]}},
		{"none", path, `{"order":[]}`, "", 400, "invalid_order", problems{Missing: ids}},
		{"another product's picture", path, fmt.Sprintf(`{"order":[%d,%d,%d]}`, ids[0], ids[1], foreign), "", 400, "invalid_order", problems{Unknown: []int64{foreign}}},
		{"no such picture", path, fmt.Sprintf(`{"order":[%d,%d,0,-5]}`, ids[0], ids[1]), "", 400, "invalid_order", problems{Unknown: []int64{0, -5}}},
		{"listed twice", path, fmt.Sprintf(`{"order":[%d,%d,%d]}`, ids[0], ids[1], ids[0]), "", 400, "invalid_order", problems{Repeated: ids[:1]}},
		{"all at once", path, fmt.Sprintf(`{"order":[%d,%d,%d]}`, ids[0], ids[0], foreign), "", 400, "invalid_order",
			problems{Missing: ids[1:], Unknown: []int64{foreign}, Repeated: ids[:1]}},
		{"no order", path, `{}`, "", 400, "required", problems{}},
		{"null order", path, `{"order":null}`, "", 400, "required", problems{}},
		{"order not an array", path, `{"order":"1,2"}`, "", 400, "invalid_type", problems{}},
		{"fractional id", path, `{"order":[1.5]}`, "", 400, "invalid_type", problems{}},
		{"id as a string", path, `{"order":["1"]}`, "", 400, "invalid_type", problems{}},
		{"unknown field", path, fmt.Sprintf(`{"order":[%d,%d],"main":1}`, ids[0], ids[1]), "", 400, "unknown_field", problems{}},
		{"not JSON", path, `order=1,2`, "", 400, "malformed_json", problems{}},
		{"two JSON values", path, `{"order":[]} {}`, "", 400, "malformed_json", problems{}},
		{"not sent as JSON", path, `{"order":[]}`, "text/plain", 415, "unsupported_media_type", problems{}},
		{"unknown product", "/api/admin/products/999999/images", `{"order":[]}`, "", 404, "product_not_found", problems{}},
		{"product id not a number", "/api/admin/products/abc/images", `{"order":[]}`, "", 404, "product_not_found", problems{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			header := staff
			if tt.ct != "" {
				header = append(slices.Clip(staff), "Content-Type", tt.ct)
			}
			res := s.Do("PUT", tt.path, tt.body, header...)
			var e struct {
				Error struct {
					Code    string            `json:"code"`
					Fields  map[string]string `json:"fields"`
					Details problems          `json:"details"`
				} `json:"error"`
			}
			res.JSON(t, &e)
			if res.Status != tt.status || e.Error.Code != tt.code {
				t.Fatalf("→ %d %s; want %d %s", res.Status, res.Body, tt.status, tt.code)
			}
			if tt.code == "invalid_order" {
				if diff := cmp.Diff(e.Error.Details, tt.want); diff != "" {
					t.Errorf("details (-got +want):\n%s", diff)
				}
				if e.Error.Fields["order"] == "" {
					t.Errorf("no fields.order in %s", res.Body)
				}
			}
		})
	}
	if diff := cmp.Diff(imgIDs(t, s, product), ids); diff != "" {
		t.Errorf("the order changed (-got +want):\n%s", diff)
	}
}

// TestAdminImageDelete deletes pictures: their files go when no other picture uses them and stay while one
// does, the next picture becomes the main one, and another product's picture is not found.
func TestAdminImageDelete(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	staff := s.Staff("admin@mekha.ru")
	anna, olga := s.ID("shuba-anna"), s.ID("zhaket-olga")
	del := func(productID, imageID int64) apptest.Response {
		t.Helper()
		return s.Do("DELETE", fmt.Sprintf("/api/admin/products/%d/images/%d", productID, imageID), "", staff...)
	}

	photo := imgJPEG(t, 900, 600, 9)
	onAnna := imgUploaded(t, s, anna, photo, staff)
	second := imgUploaded(t, s, anna, imgJPEG(t, 300, 300, 10), staff)
	onOlga := imgUploaded(t, s, olga, photo, staff) // the same files
	files := func(img adminImage) []string { return []string{img.URL, *img.CardURL, *img.ThumbURL} }

	// Not this product's picture, no such picture, no such product: 404, and nothing goes.
	for _, tt := range []struct {
		path string
		code string
	}{
		{fmt.Sprintf("/api/admin/products/%d/images/%d", olga, second.ID), "image_not_found"},
		{fmt.Sprintf("/api/admin/products/%d/images/%d", anna, 999999), "image_not_found"},
		{fmt.Sprintf("/api/admin/products/%d/images/abc", anna), "image_not_found"},
		{fmt.Sprintf("/api/admin/products/%d/images/%d", 999999, second.ID), "product_not_found"},
		{fmt.Sprintf("/api/admin/products/abc/images/%d", second.ID), "product_not_found"},
	} {
		if res := s.Do("DELETE", tt.path, "", staff...); res.Status != 404 || apptest.ErrorOf(t, res).Error.Code != tt.code {
			t.Errorf("DELETE %s → %d %s; want 404 %s", tt.path, res.Status, res.Body, tt.code)
		}
	}
	if len(imgRows(t, s, anna)) != 2 {
		t.Fatalf("pictures after refused deletes: %v", imgRows(t, s, anna))
	}

	// Shared files stay while another product uses them.
	if res := del(anna, onAnna.ID); res.Status != http.StatusNoContent || len(res.Body) != 0 {
		t.Fatalf("delete → %d %s", res.Status, res.Body)
	}
	for _, u := range files(onAnna) {
		if st := imgStatus(t, u); st != 200 {
			t.Errorf("shared file %s → %d after one of its pictures went", u, st)
		}
	}
	if main, images := imgCard(t, s, anna); main != second.URL || !slices.Equal(images, []string{second.URL}) {
		t.Errorf("after deleting the main picture the card shows %s, %v; want %s first", main, images, second.URL)
	}
	if res := del(anna, onAnna.ID); res.Status != 404 {
		t.Errorf("deleting it again → %d %s", res.Status, res.Body)
	}

	// The last picture using them takes the files along.
	if res := del(olga, onOlga.ID); res.Status != http.StatusNoContent {
		t.Fatalf("delete → %d %s", res.Status, res.Body)
	}
	for _, u := range files(onOlga) {
		if st := imgStatus(t, u); st != 404 {
			t.Errorf("unused file %s → %d, want it gone", u, st)
		}
	}
	for _, f := range imgFiles(t, s) {
		if strings.Contains(onOlga.URL, strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))) {
			t.Errorf("file %s left behind", f)
		}
	}
	for _, u := range files(second) {
		if st := imgStatus(t, u); st != 200 {
			t.Errorf("another picture's file %s → %d", u, st)
		}
	}

	// Imported pictures: b.png is on shuba-elena and zhaket-vera, a.png on shuba-elena only.
	elena, vera := s.ID("shuba-elena"), s.ID("zhaket-vera")
	_, elenaImages := imgCard(t, s, elena)
	ids := imgIDs(t, s, elena)
	if res := del(elena, ids[1]); res.Status != 204 {
		t.Fatalf("delete b.png → %d %s", res.Status, res.Body)
	}
	if st := imgStatus(t, elenaImages[1]); st != 200 {
		t.Errorf("b.png, still on zhaket-vera, → %d", st)
	}
	if _, veraImages := imgCard(t, s, vera); !slices.Equal(veraImages, elenaImages[1:]) {
		t.Errorf("zhaket-vera's pictures: %v", veraImages)
	}
	if res := del(elena, ids[0]); res.Status != 204 {
		t.Fatalf("delete a.png → %d %s", res.Status, res.Body)
	}
	if st := imgStatus(t, elenaImages[0]); st != 404 {
		t.Errorf("a.png, used nowhere now, → %d", st)
	}
	if main, images := imgCard(t, s, elena); main != "" || len(images) != 0 {
		t.Errorf("card without pictures: %q %v", main, images)
	}
}

// TestAdminImageAudit: every change to a product's pictures is in the audit log, with who made it and the
// product's pictures before and after.
func TestAdminImageAudit(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	staff := s.Staff("kladovshchica@mekha.ru")
	product := s.ID("zhaket-vera") // imported with b.png
	imported := imgRows(t, s, product)
	var importedID int64
	var importedPath string
	fmt.Sscan(imported[0], &importedID, &importedPath)

	photo := imgJPEG(t, 200, 200, 11)
	img := imgUploaded(t, s, product, photo, staff)
	path := imgStoredName(photo, ".jpg")
	if res := s.Do("PUT", fmt.Sprintf("/api/admin/products/%d/images", product), fmt.Sprintf(`{"order":[%d,%d]}`, img.ID, importedID), staff...); res.Status != 200 {
		t.Fatalf("arrange → %d %s", res.Status, res.Body)
	}
	if res := s.Do("DELETE", fmt.Sprintf("/api/admin/products/%d/images/%d", product, importedID), "", staff...); res.Status != 204 {
		t.Fatalf("delete → %d %s", res.Status, res.Body)
	}
	// Refused changes leave no entry.
	imgUpload(t, s, product, "x.jpg", []byte("not a picture"), staff)
	s.Do("PUT", fmt.Sprintf("/api/admin/products/%d/images", product), `{"order":[]}`, staff...)

	rows, err := s.DB.Query(context.Background(), `SELECT action, actor_email, object_type, object_id, before, after
		FROM audit_log WHERE object_id = $1 AND action LIKE 'image.%' ORDER BY id`, product)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	type entry struct {
		Action, Actor, Type string
		ID                  int64
		Before, After       any
	}
	var got []entry
	for rows.Next() {
		var e entry
		var before, after []byte
		if err := rows.Scan(&e.Action, &e.Actor, &e.Type, &e.ID, &before, &after); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(before, &e.Before); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(after, &e.After); err != nil {
			t.Fatal(err)
		}
		got = append(got, e)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	pictures := func(p ...map[string]any) any {
		list := make([]any, len(p))
		for i, m := range p {
			list[i] = m
		}
		return map[string]any{"images": list}
	}
	pic := func(id int64, path string, position int) map[string]any {
		return map[string]any{"id": float64(id), "path": path, "position": float64(position)}
	}
	const who = "kladovshchica@mekha.ru"
	want := []entry{
		{"image.upload", who, "product", product,
			pictures(pic(importedID, importedPath, 0)),
			pictures(pic(importedID, importedPath, 0), pic(img.ID, path, 1))},
		{"image.arrange", who, "product", product,
			pictures(pic(importedID, importedPath, 0), pic(img.ID, path, 1)),
			pictures(pic(img.ID, path, 0), pic(importedID, importedPath, 1))},
		{"image.delete", who, "product", product,
			pictures(pic(img.ID, path, 0), pic(importedID, importedPath, 1)),
			pictures(pic(img.ID, path, 0))},
	}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("audit log (-got +want):\n%s", diff)
	}
}

// TestAdminImageDeleteRacingAnUpload deletes a product's only use of a picture while the same bytes are
// uploaded to another product: whichever wins, the picture that remains has its files.
func TestAdminImageDeleteRacingAnUpload(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	staff := s.Staff("admin@mekha.ru")
	anna, olga := s.ID("shuba-anna"), s.ID("zhaket-olga")
	for round := range 15 {
		photo := imgPNG(t, 120, 90, 100+round, false)
		gone := imgUploaded(t, s, anna, photo, staff)
		body, ct := imgForm(t, imgFile("photo.png", photo))
		var wg sync.WaitGroup
		var deleted, uploaded int
		wg.Go(func() {
			req, _ := http.NewRequest("DELETE", fmt.Sprintf("%s/api/admin/products/%d/images/%d", s.URL, anna, gone.ID), nil)
			req.Header.Set(staff[0], staff[1])
			if res, err := http.DefaultClient.Do(req); err == nil {
				res.Body.Close()
				deleted = res.StatusCode
			}
		})
		wg.Go(func() {
			req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/admin/products/%d/images", s.URL, olga), bytes.NewReader(body))
			req.Header.Set("Content-Type", ct)
			req.Header.Set(staff[0], staff[1])
			if res, err := http.DefaultClient.Do(req); err == nil {
				res.Body.Close()
				uploaded = res.StatusCode
			}
		})
		wg.Wait()
		if deleted != http.StatusNoContent || uploaded != http.StatusCreated {
			t.Fatalf("round %d: delete → %d, upload → %d", round, deleted, uploaded)
		}
		for _, u := range []string{gone.URL, *gone.CardURL, *gone.ThumbURL} {
			if st := imgStatus(t, u); st != http.StatusOK {
				t.Fatalf("round %d: %s → %d; the uploaded picture lost its file", round, u, st)
			}
		}
	}
}

// TestAdminImageFilesGoWithTheirProduct: deleting a product removes its pictures' files, except those another
// product still shows.
func TestAdminImageFilesGoWithTheirProduct(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	boss := s.Staff("boss@mekha.ru")
	own := imgJPEG(t, 900, 600, 1)
	shared := imgJPEG(t, 900, 600, 2)
	imgUploaded(t, s, s.ID("zhaket-olga"), own, boss)
	imgUploaded(t, s, s.ID("zhaket-olga"), shared, boss)
	imgUploaded(t, s, s.ID("palantin"), shared, boss)
	before := len(imgFiles(t, s))
	if res := s.Do("DELETE", fmt.Sprintf("/api/admin/products/%d", s.ID("zhaket-olga")), "", boss...); res.Status != http.StatusNoContent {
		t.Fatalf("delete product → %d %s", res.Status, res.Body)
	}
	files := strings.Join(imgFiles(t, s), " ")
	if got := len(imgFiles(t, s)); got != before-3 {
		t.Errorf("%d files after the delete; want %d (the product's own original, card and thumbnail gone)", got, before-3)
	}
	if strings.Contains(files, imgStoredName(own, ".jpg")) || !strings.Contains(files, imgStoredName(shared, ".jpg")) {
		t.Errorf("files left: %s", files)
	}
}
