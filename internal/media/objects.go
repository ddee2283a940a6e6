package media

import (
	"context"
	"io"
	"time"
)

// Objects is where a Store keeps its files, each under a key: a slash-separated path such as
// "products/3f/3fa2….png". A Folder keeps them on this machine's disk; a Bucket keeps them in an S3-compatible
// bucket that every server shares. A missing key is fs.ErrNotExist (wrapped) for Open and Stat, and no error
// for Delete.
type Objects interface {
	// Put stores data under key, replacing what was there; a reader sees the old file or the new one, never
	// half of one.
	Put(ctx context.Context, key string, data []byte) error
	// Open returns the file under key for reading, and its size and time; the caller closes it.
	Open(ctx context.Context, key string) (io.ReadSeekCloser, Info, error)
	// Stat returns the size and time of the file under key.
	Stat(ctx context.Context, key string) (Info, error)
	// Delete removes the file under key.
	Delete(ctx context.Context, key string) error
}

// Info describes a stored file.
type Info struct {
	Size    int64
	ModTime time.Time
}
