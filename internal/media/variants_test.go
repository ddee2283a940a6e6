package media

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	_ "image/gif" // registered, so that the test shows SavePicture refusing a format it did not import
	"image/jpeg"
	"image/png"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/image/draw"
	"golang.org/x/image/webp"
)

// webp1x1 is a 1×1 lossless WebP holding one transparent pixel, as libwebp's cwebp writes it.
var webp1x1 = []byte{
	0x52, 0x49, 0x46, 0x46, 0x1a, 0x00, 0x00, 0x00, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x38, 0x4c,
	0x0d, 0x00, 0x00, 0x00, 0x2f, 0x00, 0x00, 0x00, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe,
	0x07, 0x00,
}

func TestWebPFixtures(t *testing.T) {
	for _, tt := range []struct {
		name string
		data []byte
		w, h int
		want color.NRGBA
	}{
		{"cwebp 1×1", webp1x1, 1, 1, color.NRGBA{}},
		{"solid 300×200", solidWebP(300, 200, color.NRGBA{0x8b, 0x5a, 0x2b, 0xff}), 300, 200, color.NRGBA{0x8b, 0x5a, 0x2b, 0xff}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			img, err := webp.Decode(bytes.NewReader(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			if got := img.Bounds().Size(); got != image.Pt(tt.w, tt.h) {
				t.Errorf("size = %v, want %dx%d", got, tt.w, tt.h)
			}
			if got := color.NRGBAModel.Convert(img.At(tt.w-1, tt.h-1)); got != tt.want {
				t.Errorf("pixel = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSavePicture(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		data        []byte
		format      string
		w, h        int
		variant     string // the variants' format
		card, thumb image.Point
	}{
		{"landscape JPEG", jpegOf(t, 1600, 1200), "jpeg", 1600, 1200, "jpeg", image.Pt(800, 600), image.Pt(240, 180)},
		{"portrait PNG with alpha", pngOf(t, 600, 1200, true), "png", 600, 1200, "png", image.Pt(400, 800), image.Pt(120, 240)},
		{"opaque PNG", pngOf(t, 900, 300, false), "png", 900, 300, "jpeg", image.Pt(800, 267), image.Pt(240, 80)},
		{"small PNG is not enlarged", pngOf(t, 100, 50, false), "png", 100, 50, "jpeg", image.Pt(100, 50), image.Pt(100, 50)},
		{"between the boxes", jpegOf(t, 500, 400), "jpeg", 500, 400, "jpeg", image.Pt(500, 400), image.Pt(240, 192)},
		{"thin strip keeps a pixel", jpegOf(t, 2000, 2), "jpeg", 2000, 2, "jpeg", image.Pt(800, 1), image.Pt(240, 1)},
		{"WebP from cwebp", webp1x1, "webp", 1, 1, "png", image.Pt(1, 1), image.Pt(1, 1)},
		{"opaque WebP", solidWebP(900, 540, color.NRGBA{0x30, 0x20, 0x10, 0xff}), "webp", 900, 540, "jpeg",
			image.Pt(800, 480), image.Pt(240, 144)},
	}
	for _, tt := range tests {
		eachStoreNamed(t, tt.name, func(t *testing.T, s *Store) {
			pic, err := s.SavePicture(t.Context(), tt.data)
			if err != nil {
				t.Fatal(err)
			}
			if pic.Format != tt.format || pic.Width != tt.w || pic.Height != tt.h {
				t.Errorf("got %s %d×%d, want %s %d×%d", pic.Format, pic.Width, pic.Height, tt.format, tt.w, tt.h)
			}
			saved, err := s.Save(t.Context(), tt.data)
			if err != nil {
				t.Fatal(err)
			}
			if pic.Original != saved {
				t.Errorf("Original = %q, want %q as Save names it", pic.Original, saved)
			}
			if got := readFile(t, s, pic.Original); !bytes.Equal(got, tt.data) {
				t.Errorf("the original holds %d bytes, not the %d uploaded", len(got), len(tt.data))
			}
			ext := map[string]string{"jpeg": ".jpg", "png": ".png"}[tt.variant]
			base := strings.TrimSuffix(pic.Original, path.Ext(pic.Original))
			for _, v := range []struct {
				rel, want string
				size      image.Point
			}{{pic.Card, base + "-card" + ext, tt.card}, {pic.Thumb, base + "-thumb" + ext, tt.thumb}} {
				if v.rel != v.want {
					t.Errorf("variant at %q, want %q", v.rel, v.want)
				}
				img, format, err := image.Decode(bytes.NewReader(readFile(t, s, v.rel)))
				if err != nil {
					t.Fatalf("%s: %v", v.rel, err)
				}
				if format != tt.variant || img.Bounds().Size() != v.size {
					t.Errorf("%s is a %s of %v, want a %s of %v", v.rel, format, img.Bounds().Size(), tt.variant, v.size)
				}
			}
			noTempFiles(t, s)
		})
	}
}

func TestSavePictureKeepsTransparency(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		pic, err := s.SavePicture(t.Context(), pngOf(t, 820, 820, true))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(readFile(t, s, pic.Card)))
		if err != nil {
			t.Fatal(err)
		}
		// pngOf draws the left half transparent and the right half opaque.
		if _, _, _, a := img.At(10, 400).RGBA(); a != 0 {
			t.Errorf("alpha on the left = %#x, want 0", a)
		}
		if _, _, _, a := img.At(790, 400).RGBA(); a != 0xffff {
			t.Errorf("alpha on the right = %#x, want 0xffff", a)
		}
	})
}

func TestSavePictureRefuses(t *testing.T) {
	t.Parallel()
	full := jpegOf(t, 640, 480)
	gif := []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;")
	if _, format, err := image.DecodeConfig(bytes.NewReader(gif)); err != nil || format != "gif" {
		t.Fatalf("the GIF fixture: format %q, %v; want a GIF header that image.DecodeConfig reads", format, err)
	}
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, ErrNotImage},
		{"ELF executable named .jpg", append([]byte("\x7fELF\x02\x01\x01\x00"), make([]byte, 4096)...), ErrNotImage},
		{"Windows executable named .png", append([]byte("MZ\x90\x00\x03\x00\x00\x00"), make([]byte, 4096)...), ErrNotImage},
		{"HTML", []byte("<!doctype html><script>alert(1)</script>"), ErrNotImage},
		{"SVG", []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>`), ErrNotImage},
		{"GIF", gif, ErrNotImage},
		{"truncated JPEG", full[:len(full)/2], ErrNotImage},
		{"JPEG header only", full[:200], ErrNotImage},
		{"truncated WebP", webp1x1[:len(webp1x1)-4], ErrNotImage},
		{"too large", make([]byte, MaxUploadBytes+1), ErrTooLarge},
		{"decompression bomb", pngHeader(50000, 50000), ErrTooManyPixels},
		{"just over MaxPixels", pngHeader(MaxPixels/1000+1, 1000), ErrTooManyPixels},
		{"zero width", pngHeader(0, 10), ErrNotImage},
	}
	for _, tt := range tests {
		eachStoreNamed(t, tt.name, func(t *testing.T, s *Store) {
			pic, err := s.SavePicture(t.Context(), tt.data)
			if !errors.Is(err, tt.want) {
				t.Fatalf("SavePicture = %+v, %v; want an error wrapping %q", pic, err, tt.want)
			}
			if pic != (Picture{}) {
				t.Errorf("SavePicture returned %+v with its error", pic)
			}
			if files := storedFiles(t, s); len(files) > 0 {
				t.Errorf("refused data left files behind: %v", files)
			}
		})
	}
}

// TestSaveMessages pins the messages Save has always given, which the catalog import shows to its user.
func TestSaveMessages(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		_, err := s.Save(t.Context(), pngHeader(50000, 50000))
		if !errors.Is(err, ErrTooManyPixels) {
			t.Errorf("Save of a bomb: %v, want it to wrap ErrTooManyPixels", err)
		}
		if want := "picture is 50000×50000 pixels; at most 40000000 pixels in all"; err == nil || err.Error() != want {
			t.Errorf("Save of a bomb: %v, want %q", err, want)
		}
		if _, err := s.Save(t.Context(), []byte("MZ")); err != ErrNotImage {
			t.Errorf("Save of an executable: %v, want ErrNotImage itself", err)
		}
		// The test imports image/gif, so image.DecodeConfig reads this; Save must still refuse it.
		if _, err := s.Save(t.Context(), []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;")); err != ErrNotImage {
			t.Errorf("Save of a GIF: %v, want ErrNotImage itself", err)
		}
	})
}

func TestSavePictureTwice(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		data := pngOf(t, 1000, 400, true)
		first, err := s.SavePicture(t.Context(), data)
		if err != nil {
			t.Fatal(err)
		}
		age(t, s, first.Original, first.Card, first.Thumb)

		second, err := s.SavePicture(t.Context(), data)
		if err != nil {
			t.Fatal(err)
		}
		if second != first {
			t.Errorf("second save = %+v, want %+v", second, first)
		}
		for _, rel := range []string{first.Original, first.Card, first.Thumb} {
			if got := modTime(t, s, rel); !got.Equal(past) {
				t.Errorf("%s was written again at %v", rel, got)
			}
		}

		if !has(t, s, first) {
			t.Errorf("Has(%+v) = false with all three files stored", first)
		}

		// A variant that went missing is made again, and nothing else is touched.
		if err := s.Remove(t.Context(), first.Thumb); err != nil {
			t.Fatal(err)
		}
		if has(t, s, first) {
			t.Errorf("Has(%+v) = true without the thumbnail", first)
		}
		third, err := s.SavePicture(t.Context(), data)
		if err != nil {
			t.Fatal(err)
		}
		if third != first {
			t.Errorf("third save = %+v, want %+v", third, first)
		}
		if _, err := png.DecodeConfig(bytes.NewReader(readFile(t, s, first.Thumb))); err != nil {
			t.Errorf("the thumbnail made again: %v", err)
		}
		for _, rel := range []string{first.Original, first.Card} {
			if got := modTime(t, s, rel); !got.Equal(past) {
				t.Errorf("%s was written again at %v", rel, got)
			}
		}
		if got := len(storedFiles(t, s)); got != 3 {
			t.Errorf("%d files stored, want 3", got)
		}
	})
}

// TestSavePictureAfterSave covers a picture stored by Save before it had variants.
func TestSavePictureAfterSave(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		data := jpegOf(t, 1000, 750)
		rel, err := s.Save(t.Context(), data)
		if err != nil {
			t.Fatal(err)
		}
		pic, err := s.SavePicture(t.Context(), data)
		if err != nil {
			t.Fatal(err)
		}
		if pic.Original != rel || pic.Card == "" || pic.Thumb == "" {
			t.Errorf("SavePicture = %+v after Save stored %q", pic, rel)
		}
		if got := len(storedFiles(t, s)); got != 3 {
			t.Errorf("%d files stored, want 3", got)
		}
	})
}

// TestMakeVariants covers a picture stored by Save whose variants are made later from the file alone, and a
// stored file that is not what its name says, which is refused without writing anything.
func TestMakeVariants(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		rel, err := s.Save(t.Context(), jpegOf(t, 1000, 750))
		if err != nil {
			t.Fatal(err)
		}
		pic, err := s.MakeVariants(t.Context(), rel)
		if err != nil {
			t.Fatal(err)
		}
		if pic.Original != rel || pic.Card == "" || pic.Thumb == "" || pic.Width != 1000 || pic.Height != 750 || !has(t, s, pic) {
			t.Errorf("MakeVariants(%q) = %+v", rel, pic)
		}

		other, err := s.Save(t.Context(), jpegOf(t, 300, 200))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.files.Put(t.Context(), other, jpegOf(t, 400, 300)); err != nil {
			t.Fatal(err)
		}
		before := len(storedFiles(t, s))
		if _, err := s.MakeVariants(t.Context(), other); err == nil {
			t.Error("MakeVariants made variants of a file whose bytes do not match its name")
		}
		if _, err := s.MakeVariants(t.Context(), "products/00/missing.jpg"); err == nil {
			t.Error("MakeVariants of a missing file: no error")
		}
		if got := len(storedFiles(t, s)); got != before {
			t.Errorf("%d files after the refusals, want %d", got, before)
		}
	})
}

func TestScaledSize(t *testing.T) {
	tests := []struct{ w, h, box, wantW, wantH int }{
		{1600, 1200, 800, 800, 600},
		{1600, 1200, 240, 240, 180},
		{1200, 1600, 800, 600, 800},
		{800, 800, 800, 800, 800},
		{801, 800, 800, 800, 799},
		{100, 50, 800, 100, 50},
		{100, 50, 240, 100, 50},
		{5000, 3, 240, 240, 1},
		{3, 5000, 240, 1, 240},
		{1000, 333, 240, 240, 80}, // 79.92 rounds up
	}
	for _, tt := range tests {
		if w, h := scaledSize(tt.w, tt.h, tt.box); w != tt.wantW || h != tt.wantH {
			t.Errorf("scaledSize(%d, %d, %d) = %d×%d, want %d×%d", tt.w, tt.h, tt.box, w, h, tt.wantW, tt.wantH)
		}
	}
}

// FuzzSavePicture checks that no input makes SavePicture panic, and that whatever it accepts has variants that
// decode and fit their boxes.
func FuzzSavePicture(f *testing.F) {
	small := jpegOf(f, 64, 48)
	seeds := [][]byte{
		small, small[:len(small)/2], pngOf(f, 40, 30, true), webp1x1,
		solidWebP(30, 20, color.NRGBA{1, 2, 3, 255}), pngHeader(50000, 50000),
	}
	for _, seed := range seeds {
		f.Add(seed)
	}
	s, err := NewStore(f.TempDir())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		pic, err := s.SavePicture(t.Context(), data)
		if err != nil {
			if !errors.Is(err, ErrNotImage) && !errors.Is(err, ErrTooManyPixels) {
				t.Fatalf("unexpected error: %v", err)
			}
			return
		}
		for _, v := range []struct {
			rel string
			box int
		}{{pic.Card, cardSize}, {pic.Thumb, thumbSize}} {
			cfg, _, err := image.DecodeConfig(bytes.NewReader(readFile(t, s, v.rel)))
			if err != nil {
				t.Fatalf("%s: %v", v.rel, err)
			}
			if cfg.Width > v.box || cfg.Height > v.box || cfg.Width > pic.Width || cfg.Height > pic.Height {
				t.Errorf("%s is %d×%d, for a %d×%d picture and a box of %d", v.rel, cfg.Width, cfg.Height, pic.Width, pic.Height, v.box)
			}
		}
	})
}

func BenchmarkSavePicture(b *testing.B) {
	data := jpegOf(b, 2000, 1500)
	s := newStore(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := s.SavePicture(b.Context(), data); err != nil {
			b.Fatal(err)
		}
		// Remove what was stored, or the next round would find it and do nothing.
		b.StopTimer()
		if err := os.RemoveAll(filepath.Join(s.Dir(), "products")); err != nil { // the folder store newStore makes
			b.Fatal(err)
		}
		b.StartTimer()
	}
}

// BenchmarkScale compares the kernels for the card of a 2000×1500 photo: the choice in fit.
func BenchmarkScale(b *testing.B) {
	src, err := jpeg.Decode(bytes.NewReader(jpegOf(b, 2000, 1500)))
	if err != nil {
		b.Fatal(err)
	}
	for _, k := range []struct {
		name string
		q    draw.Interpolator
	}{{"ApproxBiLinear", draw.ApproxBiLinear}, {"CatmullRom", draw.CatmullRom}} {
		b.Run(k.name, func(b *testing.B) {
			dst := image.NewRGBA(image.Rect(0, 0, cardSize, cardSize*3/4))
			for b.Loop() {
				k.q.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Src, nil)
			}
		})
	}
}

func newStore(tb testing.TB) *Store {
	tb.Helper()
	s, err := NewStore(tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// photo draws a w×h picture with gradients and fine stripes, something like fur, so that scaling and JPEG
// compression have real work to do.
func photo(w, h int, alpha bool) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		row := img.Pix[y*img.Stride:]
		for x := range w {
			a := uint8(0xff)
			if alpha && x < w/2 {
				a = 0
			}
			copy(row[4*x:], []uint8{uint8(x * 255 / w), uint8(y * 255 / h), uint8((x*7 + y*3) % 256), a})
		}
	}
	return img
}

func jpegOf(tb testing.TB, w, h int) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, photo(w, h, false), &jpeg.Options{Quality: 90}); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// pngOf returns a w×h PNG picture; with alpha, its left half is transparent.
func pngOf(tb testing.TB, w, h int, alpha bool) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, photo(w, h, alpha)); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// pngHeader returns the start of a PNG file claiming a w×h RGBA canvas: its signature and a well-formed IHDR
// chunk, and no pixels at all.
func pngHeader(w, h int) []byte {
	ihdr := make([]byte, 0, 17)
	ihdr = append(ihdr, "IHDR"...)
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(w))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(h))
	ihdr = append(ihdr, 8, 6, 0, 0, 0) // 8 bits, RGBA, deflate, no filter, not interlaced
	out := []byte("\x89PNG\r\n\x1a\n")
	out = binary.BigEndian.AppendUint32(out, 13)
	out = append(out, ihdr...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(ihdr))
}

// solidWebP returns a lossless WebP of w×h pixels of colour c. Go has no WebP encoder, but a one-colour picture
// is easy to write by hand: each of its five prefix codes is a "simple" code of a single symbol, which takes no
// bits at all, so the pixels need no data after the codes.
func solidWebP(w, h int, c color.NRGBA) []byte {
	var bw bitWriter
	bw.write(0x2f, 8) // VP8L signature
	bw.write(uint32(w-1), 14)
	bw.write(uint32(h-1), 14)
	bw.write(0, 1) // alpha is used: a hint only
	bw.write(0, 3) // version
	bw.write(0, 1) // no transform
	bw.write(0, 1) // no colour cache
	bw.write(0, 1) // no meta prefix codes
	// The five codes: green, red, blue, alpha and distance.
	for _, sym := range []uint8{c.G, c.R, c.B, c.A, 0} {
		bw.write(1, 1) // simple code
		bw.write(0, 1) // one symbol
		bw.write(1, 1) // of 8 bits
		bw.write(uint32(sym), 8)
	}
	data := bw.bytes()
	chunk := []byte("VP8L")
	chunk = binary.LittleEndian.AppendUint32(chunk, uint32(len(data)))
	chunk = append(chunk, data...)
	if len(data)%2 == 1 {
		chunk = append(chunk, 0)
	}
	out := []byte("RIFF")
	out = binary.LittleEndian.AppendUint32(out, uint32(4+len(chunk)))
	out = append(out, "WEBP"...)
	return append(out, chunk...)
}

// bitWriter writes values least significant bit first, as VP8L reads them.
type bitWriter struct {
	buf   []byte
	nbits uint
}

func (bw *bitWriter) write(v uint32, n uint) {
	for i := range n {
		if bw.nbits%8 == 0 {
			bw.buf = append(bw.buf, 0)
		}
		bw.buf[len(bw.buf)-1] |= byte(v>>i&1) << (bw.nbits % 8)
		bw.nbits++
	}
}

func (bw *bitWriter) bytes() []byte { return bw.buf }
