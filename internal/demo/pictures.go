package demo

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"testing/fstest"
)

// picture is one generated picture file: a silhouette drawn in a tone. Products share pictures, so a
// 10 000-product catalog still needs only a few dozen files.
type picture struct {
	silhouette silhouette
	tone       tone
}

// path returns where the picture lies in the catalog's file system, e.g. "pictures/shuba-black.png".
func (p picture) path() string {
	return "pictures/" + p.silhouette.slug() + "-" + p.tone.slug() + ".png"
}

// pictureOf returns the picture of silhouette s closest in colour to t: each silhouette is drawn in a few
// tones only, and a white rabbit mitten shown grey is a fair price for keeping the picture count small.
func pictureOf(s silhouette, t tone) picture {
	best, bestDistance := s.tones()[0], -1
	for _, candidate := range s.tones() {
		if d := distance(candidate.rgb(), t.rgb()); bestDistance < 0 || d < bestDistance {
			best, bestDistance = candidate, d
		}
	}
	return picture{s, best}
}

// distance returns the squared distance of two colours in RGB space.
func distance(a, b color.RGBA) int {
	dr, dg, db := int(a.R)-int(b.R), int(a.G)-int(b.G), int(a.B)-int(b.B)
	return dr*dr + dg*dg + db*db
}

// productPictures returns a product's pictures, main first: its silhouette in its colour, then often a
// close-up of the fur, and for some garments the lining. furTone is the colour of the fur in the close-up.
func productPictures(k kind, c colour, furTone tone, closeUp, lining bool) []picture {
	pics := []picture{pictureOf(k.silhouette, c.tone)}
	if closeUp {
		pics = append(pics, pictureOf(silhouetteSwatch, furTone))
		if lining && k.garment {
			pics = append(pics, picture{silhouetteLining, toneBurgundy})
		}
	}
	return pics
}

// drawPictures draws the pictures and returns them as the files of a file system, at their paths. Each
// silhouette is drawn once and shared by its tones, which differ in palette only. A PNG of a few flat colours
// is small even at the fastest compression (better compression would take seconds for little gain), and
// Go's encoder writes the same bytes for the same image.
func drawPictures(pics map[picture]bool) fs.FS {
	fsys := fstest.MapFS{}
	drawn := make(map[silhouette]*image.Paletted)
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	for p := range pics {
		shape, ok := drawn[p.silhouette]
		if !ok {
			shape = p.silhouette.draw()
			drawn[p.silhouette] = shape
		}
		img := *shape // shares the pixels
		img.Palette = paletteOf(p.tone)
		var buf bytes.Buffer
		if err := enc.Encode(&buf, &img); err != nil {
			// Encoding into memory fails only for an image PNG cannot hold, and these are all alike.
			panic("demo: encoding a picture: " + err.Error())
		}
		fsys[p.path()] = &fstest.MapFile{Data: buf.Bytes(), Mode: 0o444}
	}
	return fsys
}

// tone is a colour pictures are drawn in.
type tone int

const (
	toneBlack tone = iota
	toneBrown
	toneGrey
	toneWhite
	toneBeige
	toneGinger
	toneKhaki
	toneNavy
	toneBurgundy // the store's lining colour
)

// slug names the tone in picture file names.
func (t tone) slug() string {
	switch t {
	case toneBlack:
		return "black"
	case toneBrown:
		return "brown"
	case toneGrey:
		return "grey"
	case toneWhite:
		return "white"
	case toneBeige:
		return "beige"
	case toneGinger:
		return "ginger"
	case toneKhaki:
		return "khaki"
	case toneNavy:
		return "navy"
	}
	return "burgundy"
}

// rgb returns the tone's middle shade; pictures darken and lighten it for light and shadow.
func (t tone) rgb() color.RGBA {
	switch t {
	case toneBlack:
		return color.RGBA{0x2a, 0x27, 0x28, 0xff}
	case toneBrown:
		return color.RGBA{0x6b, 0x48, 0x32, 0xff}
	case toneGrey:
		return color.RGBA{0x8c, 0x8b, 0x90, 0xff}
	case toneWhite:
		return color.RGBA{0xe4, 0xe0, 0xd8, 0xff}
	case toneBeige:
		return color.RGBA{0xc4, 0xa8, 0x86, 0xff}
	case toneGinger:
		return color.RGBA{0xc0, 0x6a, 0x34, 0xff}
	case toneKhaki:
		return color.RGBA{0x6d, 0x6a, 0x45, 0xff}
	case toneNavy:
		return color.RGBA{0x27, 0x32, 0x4a, 0xff}
	}
	return color.RGBA{0x6e, 0x1f, 0x2b, 0xff}
}

// silhouette is a shape pictures are drawn in: a garment, a hat, an accessory, or a close-up.
type silhouette int

const (
	silhouetteCoat silhouette = iota
	silhouetteJacket
	silhouetteZhilet
	silhouetteParka
	silhouettePalto
	silhouetteKurtka
	silhouetteShapka
	silhouetteBeret
	silhouetteUshanka
	silhouettePovyazka
	silhouettePalantin
	silhouetteSumka
	silhouetteVarezhki
	silhouetteSwatch // a close-up of the fur
	silhouetteLining // the lining with the store's label
)

// slug names the silhouette in picture file names.
func (s silhouette) slug() string {
	switch s {
	case silhouetteCoat:
		return "shuba"
	case silhouetteJacket:
		return "polushubok"
	case silhouetteZhilet:
		return "zhilet"
	case silhouetteParka:
		return "parka"
	case silhouettePalto:
		return "palto"
	case silhouetteKurtka:
		return "kurtka"
	case silhouetteShapka:
		return "shapka"
	case silhouetteBeret:
		return "beret"
	case silhouetteUshanka:
		return "ushanka"
	case silhouettePovyazka:
		return "povyazka"
	case silhouettePalantin:
		return "palantin"
	case silhouetteSumka:
		return "sumka"
	case silhouetteVarezhki:
		return "varezhki"
	case silhouetteSwatch:
		return "mekh"
	}
	return "podkladka"
}

// tones returns the tones the silhouette is drawn in: enough to tell a black coat from a ginger one, few
// enough that the whole catalog needs about forty pictures.
func (s silhouette) tones() []tone {
	switch s {
	case silhouetteCoat, silhouetteJacket, silhouetteSwatch:
		return []tone{toneBlack, toneBrown, toneGrey, toneWhite, toneBeige, toneGinger}
	case silhouetteZhilet:
		return []tone{toneBlack, toneBrown, toneGrey}
	case silhouetteParka:
		return []tone{toneBlack, toneKhaki}
	case silhouettePalto:
		return []tone{toneBlack, toneGrey, toneBeige}
	case silhouetteBeret, silhouetteSumka:
		return []tone{toneBlack, toneBeige}
	case silhouetteKurtka:
		return []tone{toneBlack, toneNavy}
	case silhouetteShapka:
		return []tone{toneBlack, toneBrown, toneWhite}
	case silhouetteUshanka:
		return []tone{toneBrown, toneGrey}
	case silhouettePovyazka:
		return []tone{toneWhite, toneGinger}
	case silhouettePalantin:
		return []tone{toneBrown, toneWhite}
	case silhouetteVarezhki:
		return []tone{toneGrey}
	}
	return []tone{toneBurgundy}
}
