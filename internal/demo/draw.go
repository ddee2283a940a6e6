package demo

import (
	"image"
	"image/color"
	"math"
	"slices"
)

// The size of every picture: a 3:4 portrait, the usual shape of a product photo.
const (
	pictureWidth  = 480
	pictureHeight = 640
)

// The palette of every picture has 18 colours. More than 16 makes PNG store a byte a pixel, which Go's encoder
// copies straight from the image, several times faster than it packs four-bit pixels; the files still stay
// under 30 KB.
const (
	backgroundFirst = 0 // three bands of a light studio background
	shadowIndex     = 3
	mainFirst       = 4 // the picture's tone in nine shades, darkest first
	mainShades      = 9
	darkIndex       = mainFirst + mainShades // seams, openings, leather
	trimFirst       = darkIndex + 1          // the natural fur that trims fabric garments, in three shades
	accentIndex     = trimFirst + 3          // clasps and the label
	paletteSize     = accentIndex + 1
)

// paint says how the pixels of a layer are coloured.
type paint int

const (
	paintFur      paint = iota // the tone, lit from the upper left, in strands of fur
	paintFurLight              // the same a shade lighter, to set brims and cuffs apart
	paintFabric                // the tone, lit, without strands
	paintSatin                 // the tone in diagonal sheen, for the lining
	paintTrim                  // the natural trim fur, in strands
	paintDark
	paintAccent
	paintShadow
)

// pt is a point in fractions of the picture's width and height, so shapes are drawn at any size.
type pt struct{ x, y float64 }

// layer is a shape filled with one paint. Its contours are filled by the even-odd rule, so a contour inside
// another one cuts a hole.
type layer struct {
	paint    paint
	contours [][]pt
}

// canvas is a picture being drawn.
type canvas struct {
	img   *image.Paletted
	grain int // the scale of the fur strands: 1 for whole garments, more for close-ups
}

// paletteOf returns the palette of pictures in tone t. Only the palette depends on the tone: the pixels are
// indices into it, so one drawing of a silhouette serves all its tones.
func paletteOf(t tone) color.Palette {
	pal := make(color.Palette, paletteSize)
	for i, c := range []color.RGBA{{0xf7, 0xf4, 0xef, 0xff}, {0xf0, 0xec, 0xe5, 0xff}, {0xe8, 0xe3, 0xda, 0xff}} {
		pal[backgroundFirst+i] = c
	}
	pal[shadowIndex] = color.RGBA{0xd8, 0xd2, 0xc7, 0xff}
	base := t.rgb()
	for i := range mainShades {
		switch d := i - mainShades/2; {
		case d < 0:
			pal[mainFirst+i] = blend(base, color.RGBA{0, 0, 0, 0xff}, float64(-d)*0.13)
		default:
			pal[mainFirst+i] = blend(base, color.RGBA{0xff, 0xff, 0xff, 0xff}, float64(d)*0.11)
		}
	}
	pal[darkIndex] = blend(base, color.RGBA{0x10, 0x0c, 0x0a, 0xff}, 0.7)
	trim := color.RGBA{0xa3, 0x94, 0x82, 0xff} // raccoon-like grey-beige: every trim is drawn in it
	pal[trimFirst] = blend(trim, color.RGBA{0, 0, 0, 0xff}, 0.25)
	pal[trimFirst+1] = trim
	pal[trimFirst+2] = blend(trim, color.RGBA{0xff, 0xff, 0xff, 0xff}, 0.3)
	pal[accentIndex] = color.RGBA{0xcf, 0xb7, 0x7c, 0xff}
	return pal
}

// newCanvas returns a canvas filled with the background and without a palette yet.
func newCanvas(grain int) *canvas {
	img := image.NewPaletted(image.Rect(0, 0, pictureWidth, pictureHeight), nil)
	for y := range pictureHeight {
		band := uint8(backgroundFirst)
		switch {
		case y > pictureHeight*85/100:
			band += 2
		case y > pictureHeight*55/100:
			band++
		}
		row := img.Pix[y*img.Stride : y*img.Stride+pictureWidth]
		for x := range row {
			row[x] = band
		}
	}
	return &canvas{img: img, grain: grain}
}

// blend mixes a with b, taking the fraction f of b.
func blend(a, b color.RGBA, f float64) color.RGBA {
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*(1-f) + float64(y)*f)) }
	return color.RGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 0xff}
}

// fill paints the pixels whose centres lie inside the layer, scanline by scanline.
func (c *canvas) fill(l layer) {
	var xs []float64
	for y := range pictureHeight {
		cy := float64(y) + 0.5
		xs = xs[:0]
		for _, contour := range l.contours {
			for i, a := range contour {
				b := contour[(i+1)%len(contour)]
				ay, by := a.y*pictureHeight, b.y*pictureHeight
				if (ay <= cy) != (by <= cy) {
					xs = append(xs, (a.x+(cy-ay)/(by-ay)*(b.x-a.x))*pictureWidth)
				}
			}
		}
		slices.Sort(xs)
		for i := 0; i+1 < len(xs); i += 2 {
			from := max(int(math.Ceil(xs[i]-0.5)), 0)
			to := min(int(math.Floor(xs[i+1]-0.5)), pictureWidth-1)
			for x := from; x <= to; x++ {
				c.img.Pix[y*c.img.Stride+x] = c.colourAt(l.paint, x, y)
			}
		}
	}
}

// colourAt returns the palette index a paint gives the pixel (x, y).
func (c *canvas) colourAt(p paint, x, y int) uint8 {
	switch p {
	case paintFur:
		return shade(light(x, y) + c.strand(x, y))
	case paintFurLight:
		return shade(light(x, y) + c.strand(x, y) + 1)
	case paintFabric:
		return shade(light(x, y))
	case paintSatin:
		return shade(int(math.Round(1.6 * math.Sin(float64(x+y)/38))))
	case paintTrim:
		return trimFirst + uint8(1+c.strand(x, y))
	case paintDark:
		return darkIndex
	case paintAccent:
		return accentIndex
	}
	return shadowIndex
}

// shade returns the palette index of the main tone lightened (d > 0) or darkened (d < 0) by d shades.
func shade(d int) uint8 {
	return mainFirst + uint8(min(max(mainShades/2+d, 0), mainShades-1))
}

// light returns how many shades lighter than the tone a pixel is under a light from the upper left.
func light(x, y int) int {
	l := 1 - 1.4*(0.55*float64(x)/pictureWidth+0.45*float64(y)/pictureHeight)
	return int(math.Round(2.5*l - 0.7))
}

// strand returns -1, 0 or +1 shades for the pixel's place in a strand of fur: short slanted dashes, each a
// little darker or lighter than its neighbours. It hashes the position, so a picture needs no random state.
func (c *canvas) strand(x, y int) int {
	length := 12 * c.grain
	column := (x + y/4) / (2 * c.grain)
	segment := (y + int(hash(uint32(column), 0x5bd1)%uint32(length))) / length
	switch hash(uint32(column), uint32(segment)) % 6 {
	case 0, 1:
		return -1
	case 2:
		return 1
	}
	return 0
}

// hash mixes two numbers into a well-spread one (a multiply-xorshift finaliser).
func hash(a, b uint32) uint32 {
	h := a*0x9e3779b1 ^ b*0x85ebca77
	h ^= h >> 15
	h *= 0x2c1b3c6d
	h ^= h >> 12
	h *= 0x297a2d39
	h ^= h >> 15
	return h
}
