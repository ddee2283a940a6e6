// Package media stores product pictures on disk under content-hash names and serves them under /media/.
package media

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // decoders for the accepted formats: a picture is checked by decoding it, not by its name
	_ "image/png"
	"os"
	"path"
	"path/filepath"

	_ "golang.org/x/image/webp"
)

// MaxPixels bounds a picture's width × height, so a small file that claims a huge canvas (a decompression
// bomb) is refused before anything decodes it.
const MaxPixels = 40_000_000

// Store keeps pictures in a folder. A picture's name is the hash of its bytes, so saving the same picture twice
// stores it once, and its URL can be cached forever.
type Store struct {
	dir string
}

// NewStore returns a store over dir, creating it if needed.
func NewStore(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("media folder: %w", err)
	}
	return &Store{dir: dir}, nil
}

// Dir is the folder pictures live in.
func (s *Store) Dir() string { return s.dir }

// ErrNotImage is returned for data that does not decode as a JPEG, PNG or WebP picture.
var ErrNotImage = errors.New("not a JPEG, PNG or WebP picture")

// ErrTooManyPixels is wrapped by the error for a picture whose width × height is more than MaxPixels.
var ErrTooManyPixels = errors.New("picture has too many pixels")

// extensions maps the accepted formats, as image.DecodeConfig names them, to their file extensions.
var extensions = map[string]string{"jpeg": ".jpg", "png": ".png", "webp": ".webp"}

// Save checks that data is a picture and stores it, returning its path relative to the folder, e.g.
// "products/3f/3fa2….png".
func (s *Store) Save(data []byte) (string, error) {
	_, format, err := checkHeader(data)
	if err != nil {
		return "", err
	}
	rel := relPath(hashName(data), extensions[format])
	if s.exists(rel) {
		return rel, nil // same bytes, same name: already stored
	}
	if err := s.write(rel, data); err != nil {
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

// relPath is the path, relative to the folder, of the file named name+suffix. Files are spread over
// subfolders by the first two characters of the name, so that no folder grows too large.
func relPath(name, suffix string) string {
	return path.Join("products", name[:2], name+suffix)
}

// exists reports whether the file at rel is stored.
func (s *Store) exists(rel string) bool {
	_, err := os.Stat(filepath.Join(s.dir, filepath.FromSlash(rel)))
	return err == nil
}

// write stores data as the file at rel. It writes aside and renames, so a reader never sees half a picture.
func (s *Store) write(rel string, data []byte) error {
	full := filepath.Join(s.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(full), ".upload-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), full)
}

// Has reports whether all three files of pic, the original and its variants, are stored.
func (s *Store) Has(pic Picture) bool {
	return s.exists(pic.Original) && s.exists(pic.Card) && s.exists(pic.Thumb)
}
