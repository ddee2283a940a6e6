package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/mekhaishuby/furstore/internal/store/dbtest"
)

// Two servers on one database and one S3 bucket (gofakes3, a real S3 server in memory, reached over HTTP by
// minio-go as a production bucket is), each with a media folder of its own that must stay empty: a picture
// uploaded through one server is served by the other, and deleting it through the other removes it for both
// and from the bucket.
func TestPicturesInABucketAreSharedByServers(t *testing.T) {
	backend := s3mem.New()
	if err := backend.CreateBucket("shop"); err != nil {
		t.Fatal(err)
	}
	s3 := httptest.NewServer(gofakes3.New(backend).Server())
	defer s3.Close()
	bucket, err := minio.New(strings.TrimPrefix(s3.URL, "http://"), &minio.Options{
		Creds: credentials.NewStaticV4("furstore", "bucket-s3cret", ""), Region: "us-east-1"})
	if err != nil {
		t.Fatal(err)
	}
	objects := func() map[string][]byte {
		out := map[string][]byte{}
		for o := range bucket.ListObjects(context.Background(), "shop", minio.ListObjectsOptions{Recursive: true}) {
			if o.Err != nil {
				t.Fatal(o.Err)
			}
			obj, err := bucket.GetObject(context.Background(), "shop", o.Key, minio.GetObjectOptions{})
			if err != nil {
				t.Fatal(err)
			}
			out[o.Key], err = io.ReadAll(obj)
			obj.Close()
			if err != nil {
				t.Fatal(err)
			}
		}
		return out
	}

	db := dbtest.URL(t)
	envOf := func() map[string]string {
		return map[string]string{"DATABASE_URL": db, "MEDIA_DIR": t.TempDir(), "PORT": "0", "LOG_LEVEL": "warn",
			"MEDIA_STORE": "s3://shop/media", "S3_ENDPOINT": s3.URL, "S3_REGION": "us-east-1",
			"S3_ACCESS_KEY_ID": "furstore", "S3_SECRET_ACCESS_KEY": "bucket-s3cret",
			"FURSTORE_SUPERUSER_PASSWORD": "соболья-шуба-2027"}
	}
	envA, envB := envOf(), envOf()
	// A catalog of one product with one picture, imported through the bucket too.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "elena.jpg"), jpegPhoto(t, 300, 400), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "catalog.json"), []byte(`{"categories": [{"slug": "shuby", "name": "Шубы"}],
		"products": [{"slug": "shuba-elena", "name": "Норковая шуба «Елена»", "category": "shuby", "price": "185000",
			"stock": 2, "images": ["elena.jpg"]}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	var out syncBuffer
	p := program{getenv: func(k string) string { return envA[k] }, stdout: &out, stderr: &out}
	for _, args := range [][]string{{"migrate", "up"}, {"import-catalog", filepath.Join(dir, "catalog.json")},
		{"createsuperuser", "--email", "boss@mekha.ru"}} {
		if err := p.run(context.Background(), args); err != nil {
			t.Fatalf("furstore %s: %v\n%s", strings.Join(args, " "), err, out.String())
		}
	}
	imported := len(objects())
	if imported != 3 {
		t.Fatalf("%d objects in the bucket after the import, want 3 (the picture, its card and thumbnail)", imported)
	}
	a, b := serve(t, envA, &out), serve(t, envB, &out)

	var login struct {
		Token string `json:"token"`
	}
	get(t, "POST", a+"/api/auth/login", `{"email":"boss@mekha.ru","password":"соболья-шуба-2027"}`, &login)
	staff := "Bearer " + login.Token
	var page struct {
		Results []struct {
			ID int64 `json:"id"`
		} `json:"results"`
	}
	get(t, "GET", a+"/api/products?page_size=1", "", &page)
	if len(page.Results) == 0 {
		t.Fatal("no product in the catalog")
	}
	product := strconv.FormatInt(page.Results[0].ID, 10)

	// Uploaded through a.
	photo := jpegPhoto(t, 1200, 900)
	var pic struct {
		ID       int64  `json:"id"`
		URL      string `json:"url"`
		CardURL  string `json:"card_url"`
		ThumbURL string `json:"thumb_url"`
	}
	status, body := upload(t, a+"/api/admin/products/"+product+"/images", staff, photo)
	if status != http.StatusCreated {
		t.Fatalf("upload through a → %d %s", status, body)
	}
	if err := json.Unmarshal(body, &pic); err != nil {
		t.Fatal(err)
	}
	if got := len(objects()); got != imported+3 {
		t.Errorf("%d objects in the bucket after the upload, want the %d imported and 3 (original, card, thumbnail)", got, imported)
	}
	key := "media/" + mediaPath(t, pic.URL)
	if !bytes.Equal(objects()[key], photo) {
		t.Errorf("the bucket has no object %s with the uploaded bytes", key)
	}

	// Served by b, and by a, from the bucket.
	for _, base := range []string{b, a} {
		for _, u := range []string{pic.URL, pic.CardURL, pic.ThumbURL} {
			res, data := fetchMedia(t, base, u)
			if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/jpeg" || res.Header.Get("ETag") == "" ||
				res.Header.Get("Last-Modified") == "" || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
				t.Fatalf("GET %s from %s → %d %v", u, base, res.StatusCode, res.Header)
			}
			if u == pic.URL && !bytes.Equal(data, photo) {
				t.Errorf("%s from %s: %d bytes, not the %d uploaded", u, base, len(data), len(photo))
			}
		}
	}

	// Deleted through b: gone for both, and from the bucket.
	req, _ := http.NewRequest("DELETE", fmt.Sprintf("%s/api/admin/products/%s/images/%d", b, product, pic.ID), nil)
	req.Header.Set("Authorization", staff)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode/100 != 2 {
		t.Fatalf("delete through b → %d", res.StatusCode)
	}
	for _, base := range []string{a, b} {
		for _, u := range []string{pic.URL, pic.CardURL, pic.ThumbURL} {
			res, data := fetchMedia(t, base, u)
			if res.StatusCode != 404 || !strings.Contains(string(data), `"not_found"`) {
				t.Errorf("GET %s from %s after the delete → %d %.100s, want a JSON 404", u, base, res.StatusCode, data)
			}
		}
	}
	if got := len(objects()); got != imported {
		t.Errorf("%d objects in the bucket after the delete, want the %d imported", got, imported)
	}

	// Nothing went to either server's folder.
	for _, env := range []map[string]string{envA, envB} {
		filepath.WalkDir(env["MEDIA_DIR"], func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				t.Errorf("a file in a server's media folder: %s", p)
			}
			return err
		})
	}
	if strings.Contains(out.String(), "bucket-s3cret") {
		t.Error("the secret key is in the log")
	}

	// A bucket that does not exist stops a server at start, not at the first upload.
	envC := envOf()
	envC["MEDIA_STORE"] = "s3://no-such-bucket"
	c := program{getenv: func(k string) string { return envC[k] }, stdout: &out, stderr: &out,
		onListen: func(string) { t.Error("a server listened with a media bucket that does not exist") }}
	if err := c.run(context.Background(), nil); err == nil || !strings.Contains(err.Error(), "no-such-bucket") {
		t.Errorf("serve with a missing bucket: %v, want an error naming it", err)
	}
}

// upload posts data as the picture file of a staff upload.
func upload(t *testing.T, url, auth string, data []byte) (int, []byte) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	part, err := w.CreateFormFile("file", "shuba.jpg")
	if err != nil {
		t.Fatal(err)
	}
	part.Write(data)
	w.Close()
	req, _ := http.NewRequest("POST", url, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Authorization", auth)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, body
}

// mediaPath is the picture's path under /media/ in a URL the API gives.
func mediaPath(t *testing.T, u string) string {
	t.Helper()
	parsed, err := url.Parse(u)
	if err != nil || !strings.HasPrefix(parsed.Path, "/media/") {
		t.Fatalf("picture URL %q is not under /media/", u)
	}
	return strings.TrimPrefix(parsed.Path, "/media/")
}

// fetchMedia GETs a picture from the server at base, by the URL the API gave for it (which names the server
// that answered).
func fetchMedia(t *testing.T, base, u string) (*http.Response, []byte) {
	t.Helper()
	res, err := http.Get(base + "/media/" + mediaPath(t, u))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	return res, data
}

// jpegPhoto is a w×h JPEG of gradients; pictures of different sizes differ.
func jpegPhoto(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), uint8((x*7 + y*3) % 256), 0xff})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
