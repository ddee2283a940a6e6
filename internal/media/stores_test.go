package media

import (
	"context"
	"io"
	"io/fs"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"github.com/minio/minio-go/v7"
)

// The store's tests run against both kinds of Objects: a folder, and a bucket of a real S3 server (gofakes3,
// an independent implementation of the protocol, in memory behind httptest) reached with the real minio-go
// client over HTTP.
var storeKinds = []string{"folder", "bucket"}

// eachStore runs test once per kind of store, each on an empty store of its own.
func eachStore(t *testing.T, test func(t *testing.T, s *Store)) {
	t.Helper()
	for _, kind := range storeKinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			test(t, newStoreOf(t, kind))
		})
	}
}

func newStoreOf(tb testing.TB, kind string) *Store {
	tb.Helper()
	if kind == "folder" {
		return newStore(tb)
	}
	b, _ := newBucket(tb, "media/pictures")
	return New(b)
}

// past is when a bucket's clock starts: every object written before age is called is that old.
var past = time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)

// s3Server is a running S3 server with one bucket, "shop", and a clock for the objects' times.
type s3Server struct {
	URL   string
	clock *clock
	srv   *httptest.Server
}

// startS3 starts an S3 server until the test ends.
func startS3(tb testing.TB) *s3Server {
	tb.Helper()
	c := &clock{now: past}
	backend := s3mem.New(s3mem.WithTimeSource(c))
	if err := backend.CreateBucket("shop"); err != nil {
		tb.Fatal(err)
	}
	// The clock is for the objects' times only: the server's check of the requests' own times is off.
	srv := httptest.NewServer(gofakes3.New(backend, gofakes3.WithTimeSource(c), gofakes3.WithTimeSkewLimit(0)).Server())
	tb.Cleanup(srv.Close)
	return &s3Server{URL: srv.URL, clock: c, srv: srv}
}

// newBucket is a Bucket under prefix in the bucket of a new S3 server.
func newBucket(tb testing.TB, prefix string) (*Bucket, *s3Server) {
	tb.Helper()
	s3 := startS3(tb)
	b, err := NewBucket(context.Background(), BucketConfig{Endpoint: strings.TrimPrefix(s3.URL, "http://"),
		Region: "us-east-1", AccessKeyID: "furstore", SecretAccessKey: "test-secret", Bucket: "shop", Prefix: prefix})
	if err != nil {
		tb.Fatal(err)
	}
	bucketClocks.Store(b, s3.clock)
	return b, s3
}

// bucketClocks finds the clock of a test's bucket.
var bucketClocks sync.Map // *Bucket → *clock

// clock is a gofakes3.TimeSource the test moves; the server reads it from its own goroutines.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Since(t time.Time) time.Duration { return c.Now().Sub(t) }

func (c *clock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// age makes the files at rels date from past and every later write date from now, so that a file written
// again shows.
func age(t *testing.T, s *Store, rels ...string) {
	t.Helper()
	switch f := s.files.(type) {
	case *Folder:
		for _, rel := range rels {
			if err := os.Chtimes(filepath.Join(f.Dir(), filepath.FromSlash(rel)), past, past); err != nil {
				t.Fatal(err)
			}
		}
	case *Bucket:
		c, _ := bucketClocks.Load(f)
		c.(*clock).set(time.Now().Truncate(time.Second))
	}
}

func readFile(tb testing.TB, s *Store, rel string) []byte {
	tb.Helper()
	f, _, err := s.files.Open(context.Background(), rel)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

func modTime(t *testing.T, s *Store, rel string) time.Time {
	t.Helper()
	info, err := s.files.Stat(context.Background(), rel)
	if err != nil {
		t.Fatal(err)
	}
	return info.ModTime
}

// storedFiles lists the files in the store, temporary ones included: a folder's files, or every object in the
// bucket, inside the store's prefix or not.
func storedFiles(t *testing.T, s *Store) []string {
	t.Helper()
	var files []string
	switch f := s.files.(type) {
	case *Folder:
		err := filepath.WalkDir(f.Dir(), func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				files = append(files, p)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	case *Bucket:
		for obj := range f.client.ListObjects(context.Background(), f.bucket, minio.ListObjectsOptions{Recursive: true}) {
			if obj.Err != nil {
				t.Fatal(obj.Err)
			}
			if !strings.HasPrefix(obj.Key, f.prefix) {
				t.Errorf("object %s is outside the prefix %s", obj.Key, f.prefix)
			}
			files = append(files, obj.Key)
		}
	}
	return files
}

func noTempFiles(t *testing.T, s *Store) {
	t.Helper()
	for _, f := range storedFiles(t, s) {
		if strings.HasPrefix(filepath.Base(f), ".") {
			t.Errorf("temporary file left behind: %s", f)
		}
	}
}

// eachStoreNamed is eachStore for one case of a table: the subtests are name/folder and name/bucket.
func eachStoreNamed(t *testing.T, name string, test func(t *testing.T, s *Store)) {
	t.Helper()
	t.Run(name, func(t *testing.T) {
		t.Parallel()
		eachStore(t, test)
	})
}

func has(t *testing.T, s *Store, pic Picture) bool {
	t.Helper()
	ok, err := s.Has(t.Context(), pic)
	if err != nil {
		t.Fatal(err)
	}
	return ok
}
