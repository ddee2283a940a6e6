// Package media stores product pictures under content-hash names, in a folder or an S3-compatible bucket, and
// serves them under /media/.
package media

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // decoders for the accepted formats: a picture is checked by decoding it, not by its name
	_ "image/png"
	"io/fs"
	"path"

	_ "golang.org/x/image/webp"
)

// MaxPixels bounds a picture's width × height, so a small file that claims a huge canvas (a decompression
// bomb) is refused before anything decodes it.
const MaxPixels = 40_000_000

// Store keeps pictures in a folder or a bucket (its Objects). A picture's name is the hash of its bytes, so
// saving the same picture twice stores it once, and its URL can be cached forever.
type Store struct {
	files Objects
}

// New returns a store over files.
func New(files Objects) *Store { return &Store{files: files} }

// NewStore returns a store over the folder dir, creating it if needed.
func NewStore(dir string) (*Store, error) {
	f, err := NewFolder(dir)
	if err != nil {
		return nil, err
	}
	return New(f), nil
}

// Dir is the folder pictures live in, or "" when they live in a bucket.
func (s *Store) Dir() string {
	if f, ok := s.files.(*Folder); ok {
		return f.Dir()
	}
	return ""
}

// ErrNotImage is returned for data that does not decode as a JPEG, PNG or WebP picture.
var ErrNotImage = errors.New("not a JPEG, PNG or WebP picture")

// ErrTooManyPixels is wrapped by the error for a picture whose width × height is more than MaxPixels.
var ErrTooManyPixels = errors.New("picture has too many pixels")

// extensions maps the accepted formats, as image.DecodeConfig names them, to their file extensions.
var extensions = map[string]string{"jpeg": ".jpg", "png": ".png", "webp": ".webp"}

// Save checks that data is a picture and stores it, returning its path in the store (its key), e.g.
// "products/3f/3fa2….png".
func (s *Store) Save(ctx context.Context, data []byte) (string, error) {
	_, format, err := checkHeader(data)
	if err != nil {
		return "", err
	}
	rel := relPath(hashName(data), extensions[format])
	if ok, err := s.exists(ctx, rel); err != nil {
		return "", err
	} else if ok {
		return rel, nil // same bytes, same name: already stored
	}
	if err := s.files.Put(ctx, rel, data); err != nil {
		return "", err
	}
	return rel, nil
}

// checkHeader reads the size and format from data's header alone, refusing anything but a JPEG, PNG or WebP
// picture of at most MaxPixels pixels before anything decodes the pixels themselves.
func checkHeader(data []byte) (image.Config, string, error) {
	var (
		cfg    image.Config
		format string
	)
	err := safely(func() (err error) {
		cfg, format, err = image.DecodeConfig(bytes.NewReader(data))
		return err
	})
	// The format check matters because image.DecodeConfig knows every format any package of the program
	// registered, such as GIF, not only the three imported here.
	if _, ok := extensions[format]; err != nil || !ok {
		return image.Config{}, "", ErrNotImage
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return image.Config{}, "", &sizeError{cfg.Width, cfg.Height, ErrNotImage}
	}
	if cfg.Width*cfg.Height > MaxPixels {
		return image.Config{}, "", &sizeError{cfg.Width, cfg.Height, ErrTooManyPixels}
	}
	return cfg, format, nil
}

// sizeError refuses a picture for its size, wrapping ErrTooManyPixels, or ErrNotImage when it claims no pixels.
type sizeError struct {
	width, height int
	kind          error
}

func (e *sizeError) Error() string {
	return fmt.Sprintf("picture is %d×%d pixels; at most %d pixels in all", e.width, e.height, MaxPixels)
}

func (e *sizeError) Unwrap() error { return e.kind }

// safely runs a decoder, turning a panic on hostile input into ErrNotImage: the standard decoders are not
// known to panic, but an upload is the last place to find out that one does.
func safely(decode func() error) (err error) {
	defer func() {
		if recover() != nil {
			err = ErrNotImage
		}
	}()
	return decode()
}

// hashName is the name of a picture with these bytes: the first half of their SHA-256, in hex.
func hashName(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:16])
}

// relPath is the path in the store (the key) of the file named name+suffix. Files are spread over
// subfolders by the first two characters of the name, so that no folder grows too large.
func relPath(name, suffix string) string {
	return path.Join("products", name[:2], name+suffix)
}

// exists reports whether the file at rel is stored.
func (s *Store) exists(ctx context.Context, rel string) (bool, error) {
	_, err := s.files.Stat(ctx, rel)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}

// Has reports whether all three files of pic, the original and its variants, are stored.
func (s *Store) Has(ctx context.Context, pic Picture) (bool, error) {
	for _, rel := range []string{pic.Original, pic.Card, pic.Thumb} {
		if ok, err := s.exists(ctx, rel); !ok || err != nil {
			return false, err
		}
	}
	return true, nil
}

// Remove deletes the file at rel (a path Save or SavePicture returned); one already gone is no error.
func (s *Store) Remove(ctx context.Context, rel string) error {
	return s.files.Delete(ctx, rel)
}
