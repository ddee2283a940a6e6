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

// Save checks that data is a picture and stores it, returning its path relative to the folder, e.g.
// "products/3f/3fa2….png".
func (s *Store) Save(data []byte) (string, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return "", ErrNotImage
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > MaxPixels {
		return "", fmt.Errorf("picture is %d×%d pixels; at most %d pixels in all", cfg.Width, cfg.Height, MaxPixels)
	}
	ext := map[string]string{"jpeg": ".jpg", "png": ".png", "webp": ".webp"}[format]
	sum := sha256.Sum256(data)
	name := hex.EncodeToString(sum[:16])
	rel := filepath.ToSlash(filepath.Join("products", name[:2], name+ext))
	full := filepath.Join(s.dir, rel)
	if _, err := os.Stat(full); err == nil {
		return rel, nil // same bytes, same name: already stored
	}
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return "", err
	}
	// Write aside and rename, so a reader never sees half a picture.
	tmp, err := os.CreateTemp(filepath.Dir(full), ".upload-*")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return "", err
	}
	return rel, os.Rename(tmp.Name(), full)
}
