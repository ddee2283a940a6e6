package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"path"
	"strings"

	"golang.org/x/image/draw"
	"golang.org/x/image/webp"
)

// MaxUploadBytes is the largest picture file accepted for upload: 10 MiB, more than any product photo needs
// and little enough to hold in memory while it is checked.
const MaxUploadBytes = 10 << 20

// ErrTooLarge is wrapped by the error for a picture file of more than MaxUploadBytes.
var ErrTooLarge = errors.New("picture file is too large")

// The variants' bounding boxes, in pixels: the card in the catalog grid and on the product page, and the
// thumbnail in the cart and the gallery strip.
const (
	cardSize  = 800
	thumbSize = 240
)

// jpegQuality is the quality of JPEG variants: at 85 the artefacts are hard to see and the files are about half
// the size they are at 95.
const jpegQuality = 85

// Picture is a stored picture and its variants, as paths in the store (the form Save
// returns). Width, Height and Format ("jpeg", "png" or "webp") describe the original.
type Picture struct {
	Original, Card, Thumb string
	Width, Height         int
	Format                string
}

// SavePicture checks that data is a JPEG, PNG or WebP picture of at most MaxUploadBytes bytes and MaxPixels
// pixels, stores it as Save does, and stores two variants beside it: a card that fits within 800×800 pixels and
// a thumbnail that fits within 240×240, both keeping the aspect ratio and never enlarged. Variants are JPEG
// files when the picture is opaque and PNG files when it has transparency. Their names derive from the
// original's, so saving the same bytes again finds everything in place and only reads the header.
//
// Errors wrap ErrTooLarge, ErrNotImage (also for a file that is cut short) or ErrTooManyPixels.
func (s *Store) SavePicture(ctx context.Context, data []byte) (Picture, error) {
	if len(data) > MaxUploadBytes {
		return Picture{}, fmt.Errorf("picture file is %d bytes; at most %d: %w", len(data), MaxUploadBytes, ErrTooLarge)
	}
	return s.ImportPicture(ctx, data)
}

// ImportPicture stores a picture of a catalog file as SavePicture stores an upload, variants included, but
// without the limit on the file's size: the file comes from the store's own people, not over HTTP, and
// MaxPixels still bounds what decoding it costs. Errors wrap ErrNotImage or ErrTooManyPixels.
func (s *Store) ImportPicture(ctx context.Context, data []byte) (Picture, error) {
	cfg, format, err := checkHeader(data)
	if err != nil {
		return Picture{}, err
	}
	name := hashName(data)
	pic := Picture{Original: relPath(name, extensions[format]), Width: cfg.Width, Height: cfg.Height, Format: format}
	// Variants are written only after the whole picture decoded, so finding them means the work is done.
	for _, ext := range []string{".jpg", ".png"} {
		card, thumb := relPath(name, "-card"+ext), relPath(name, "-thumb"+ext)
		if ok, err := s.Has(ctx, Picture{Original: pic.Original, Card: card, Thumb: thumb}); err != nil {
			return Picture{}, err
		} else if ok {
			pic.Card, pic.Thumb = card, thumb
			return pic, nil
		}
	}

	img, err := decode(data, format)
	if err != nil {
		return Picture{}, err
	}
	if ok, err := s.exists(ctx, pic.Original); err != nil {
		return Picture{}, err
	} else if !ok {
		if err := s.files.Put(ctx, pic.Original, data); err != nil {
			return Picture{}, err
		}
	}
	ext, encode := ".png", encodePNG
	if opaque(img) {
		ext, encode = ".jpg", encodeJPEG
	}
	pic.Card, pic.Thumb = relPath(name, "-card"+ext), relPath(name, "-thumb"+ext)
	card := fit(img, cardSize)
	thumb := fit(card, thumbSize) // from the card, which is smaller than the original and looks the same
	for _, v := range []struct {
		rel string
		img image.Image
	}{{pic.Card, card}, {pic.Thumb, thumb}} {
		if ok, err := s.exists(ctx, v.rel); err != nil {
			return Picture{}, err
		} else if ok {
			continue
		}
		var buf bytes.Buffer
		if err := encode(&buf, v.img); err != nil {
			return Picture{}, fmt.Errorf("encode %s: %w", v.rel, err)
		}
		if err := s.files.Put(ctx, v.rel, buf.Bytes()); err != nil {
			return Picture{}, err
		}
	}
	return pic, nil
}

// MakeVariants makes the variants of the picture stored at rel (a path Save returned), as ImportPicture would
// have made them, and returns it with its size: for pictures stored before their variants were made at import.
// A stored file whose bytes no longer match its name is an error, not a picture to describe.
func (s *Store) MakeVariants(ctx context.Context, rel string) (Picture, error) {
	// Whatever rel says, only files of the store are read: a folder's root, a bucket's valid keys.
	f, _, err := s.files.Open(ctx, rel)
	if err != nil {
		return Picture{}, err
	}
	data, err := io.ReadAll(f)
	f.Close()
	if err != nil {
		return Picture{}, err
	}
	// Checked before anything is written, so a mismatch leaves no file of the other name behind.
	if name := path.Base(rel); strings.TrimSuffix(name, path.Ext(name)) != hashName(data) {
		return Picture{}, fmt.Errorf("%s: its bytes do not match its name", rel)
	}
	return s.ImportPicture(ctx, data)
}

// decode decodes the whole of data with the decoder of format, which checkHeader found. A picture that does
// not decode to the end, such as a JPEG cut short, is ErrNotImage.
func decode(data []byte, format string) (image.Image, error) {
	var img image.Image
	err := safely(func() (err error) {
		r := bytes.NewReader(data)
		switch format {
		case "jpeg":
			img, err = jpeg.Decode(r)
		case "png":
			img, err = png.Decode(r)
		case "webp":
			img, err = webp.Decode(r)
		default:
			err = ErrNotImage
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotImage, err)
	}
	return img, nil
}

// opaque reports whether every pixel of img is opaque. All the standard image types can tell; one that cannot
// is treated as transparent, which costs a larger file but never loses the transparency.
func opaque(img image.Image) bool {
	o, ok := img.(interface{ Opaque() bool })
	return ok && o.Opaque()
}

// fit returns img scaled down to fit within a box×box square, keeping its aspect ratio, or img itself when it
// fits already: a variant is never enlarged. Catmull-Rom weighs every source pixel under the shrunk kernel, so
// fine fur and fabric patterns blur to their average instead of turning into moiré, as they do with
// ApproxBiLinear, which samples four pixels and skips the rest. It costs about ten times as much (0.2 s against
// 0.02 s for a 2000×1500 photo's card, see BenchmarkScale), which an upload, done once per picture, can afford.
func fit(img image.Image, box int) image.Image {
	b := img.Bounds()
	w, h := scaledSize(b.Dx(), b.Dy(), box)
	if w == b.Dx() && h == b.Dy() {
		return img
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.CatmullRom.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	return dst
}

// scaledSize returns the size of a w×h picture fitted within a box×box square without enlarging it, rounding
// the shorter side to the nearest pixel but to no less than one.
func scaledSize(w, h, box int) (int, int) {
	switch {
	case w <= box && h <= box:
		return w, h
	case w >= h:
		return box, max(1, (h*box+w/2)/w)
	default:
		return max(1, (w*box+h/2)/h), box
	}
}

func encodeJPEG(buf *bytes.Buffer, img image.Image) error {
	return jpeg.Encode(buf, img, &jpeg.Options{Quality: jpegQuality})
}

func encodePNG(buf *bytes.Buffer, img image.Image) error {
	return png.Encode(buf, img)
}
