package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"path"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// Bucket keeps files in an S3-compatible bucket (MEDIA_STORE=s3://bucket/prefix), so that servers on
// different machines write and serve the same pictures.
type Bucket struct {
	client *minio.Client
	bucket string
	prefix string // "" or ending in "/"
}

// BucketConfig says where the bucket is and how to sign in to it.
type BucketConfig struct {
	Endpoint        string // host[:port] of the S3 API, e.g. s3.amazonaws.com or storage.yandexcloud.net
	UseSSL          bool   // https to Endpoint
	Region          string // "" = ask the server
	AccessKeyID     string
	SecretAccessKey string
	Bucket          string
	Prefix          string // a folder inside the bucket, e.g. "media"; "" = the bucket's top
	// Transport is the HTTP transport to the endpoint; nil = the client's own.
	Transport http.RoundTripper
}

// NewBucket connects to the bucket and checks that it exists and that the keys may read it, so a wrong
// setting stops the server at start rather than failing the first upload.
func NewBucket(ctx context.Context, c BucketConfig) (*Bucket, error) {
	if c.Transport == nil {
		c.Transport = bucketTransport()
	}
	client, err := minio.New(c.Endpoint, &minio.Options{
		Creds:     credentials.NewStaticV4(c.AccessKeyID, c.SecretAccessKey, ""),
		Secure:    c.UseSSL,
		Region:    c.Region,
		Transport: c.Transport,
		// Three tries, about half a second of backoff in all, instead of the client's ten (several seconds):
		// a request for a picture while the bucket is down answers 503 soon, and the browser tries again.
		MaxRetries: 3,
	})
	if err != nil {
		return nil, fmt.Errorf("media bucket: %w", err)
	}
	ok, err := client.BucketExists(ctx, c.Bucket)
	if err != nil {
		return nil, fmt.Errorf("media bucket %s at %s: %w", c.Bucket, c.Endpoint, err)
	}
	if !ok {
		return nil, fmt.Errorf("media bucket %s at %s does not exist: create it first", c.Bucket, c.Endpoint)
	}
	prefix := path.Clean("/" + c.Prefix)[1:]
	if prefix != "" {
		prefix += "/"
	}
	return &Bucket{client: client, bucket: c.Bucket, prefix: prefix}, nil
}

// bucketTransport bounds how long one try may wait for the bucket: a bucket that accepts connections and never
// answers must cost a picture request (and an upload holding a product's lock and a database connection) seconds,
// not the minutes of the client's defaults. The time limit is on the answer's headers, not on the body, so a big
// picture still streams for as long as it takes.
func bucketTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = (&net.Dialer{Timeout: 3 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	t.TLSHandshakeTimeout = 3 * time.Second
	t.ResponseHeaderTimeout = 3 * time.Second
	t.DisableCompression = true // the objects are pictures; and a Content-Length the client can trust
	return t
}

// cacheControl goes with every object, so a CDN or a browser fetching from the bucket directly (MEDIA_URL)
// keeps it as long as /media/ lets it: names are content hashes, so a file never changes.
const cacheControl = "public, max-age=31536000, immutable"

// Put uploads data under key in one request, with the Content-Type of the key's extension.
func (b *Bucket) Put(ctx context.Context, key string, data []byte) error {
	if !fs.ValidPath(key) {
		return &fs.PathError{Op: "put", Path: key, Err: fs.ErrInvalid}
	}
	_, err := b.client.PutObject(ctx, b.bucket, b.prefix+key, bytes.NewReader(data), int64(len(data)), minio.PutObjectOptions{
		ContentType:  mime.TypeByExtension(path.Ext(key)),
		CacheControl: cacheControl,
	})
	if err != nil {
		return b.err("put", key, err)
	}
	return nil
}

// Open streams the object under key; seeking (a Range request) asks the bucket for the rest from there.
func (b *Bucket) Open(ctx context.Context, key string) (io.ReadSeekCloser, Info, error) {
	if !fs.ValidPath(key) {
		return nil, Info{}, notExist("open", key)
	}
	obj, err := b.client.GetObject(ctx, b.bucket, b.prefix+key, minio.GetObjectOptions{})
	if err != nil {
		return nil, Info{}, b.err("open", key, err)
	}
	st, err := obj.Stat() // GetObject is lazy: this is the request that finds out whether the object is there
	if err != nil {
		obj.Close()
		return nil, Info{}, b.err("open", key, err)
	}
	return obj, Info{Size: st.Size, ModTime: st.LastModified}, nil
}

// Stat asks for the object's size and time.
func (b *Bucket) Stat(ctx context.Context, key string) (Info, error) {
	if !fs.ValidPath(key) {
		return Info{}, notExist("stat", key)
	}
	st, err := b.client.StatObject(ctx, b.bucket, b.prefix+key, minio.StatObjectOptions{})
	if err != nil {
		return Info{}, b.err("stat", key, err)
	}
	return Info{Size: st.Size, ModTime: st.LastModified}, nil
}

// Delete removes the object under key; S3 answers the same whether it was there or not.
func (b *Bucket) Delete(ctx context.Context, key string) error {
	if !fs.ValidPath(key) {
		return nil // no object has such a key
	}
	if err := b.client.RemoveObject(ctx, b.bucket, b.prefix+key, minio.RemoveObjectOptions{}); err != nil {
		return b.err("delete", key, err)
	}
	return nil
}

// notExist is a folder's error for a key that names no file. A key that is not a clean relative path (fs.ValidPath:
// no "..", no leading "/") names none, as in a folder: it could otherwise reach past the prefix.
func notExist(op, key string) error { return &fs.PathError{Op: op, Path: key, Err: fs.ErrNotExist} }

// err turns the bucket's "no such key" into fs.ErrNotExist, as a folder says it.
func (b *Bucket) err(op, key string, err error) error {
	if r := minio.ToErrorResponse(err); r.Code == minio.NoSuchKey || r.StatusCode == http.StatusNotFound && r.Code != minio.NoSuchBucket {
		return notExist(op, key)
	}
	return fmt.Errorf("%s %s: %w: %w", op, key, ErrUnavailable, err)
}

// ErrUnavailable is wrapped by the errors of a bucket that did not answer, or answered with a failure other
// than a missing key: the store is down for now, not the request wrong.
var ErrUnavailable = errors.New("the media bucket is unavailable")
