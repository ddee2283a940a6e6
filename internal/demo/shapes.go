package demo

import (
	"image"
	"math"
)

// draw draws the silhouette, leaving the palette, and so the tone, to the caller.
func (s silhouette) draw() *image.Paletted {
	grain := 1
	if s == silhouetteSwatch {
		grain = 3 // a close-up shows the strands larger
	}
	c := newCanvas(grain)
	for _, l := range s.layers() {
		c.fill(l)
	}
	return c.img
}

// layers returns the silhouette's shapes, back to front.
func (s silhouette) layers() []layer {
	switch s {
	case silhouetteCoat:
		return []layer{
			floorShadow(0.93, 0.3), {paintFur, [][]pt{coatOutline()}}, opening(0.13, 0.92),
			{paintFurLight, [][]pt{collar(0.1)}},
		}
	case silhouetteParka:
		return []layer{
			floorShadow(0.93, 0.3), {paintFabric, [][]pt{coatOutline()}}, opening(0.17, 0.92),
			{paintTrim, [][]pt{ellipse(0.5, 0.12, 0.13, 0.095, 0, 360)}},
			{paintDark, [][]pt{ellipse(0.5, 0.125, 0.075, 0.06, 0, 360)}},
		}
	case silhouettePalto:
		return []layer{
			floorShadow(0.93, 0.3), {paintFabric, [][]pt{coatOutline()}}, opening(0.3, 0.92),
			{paintTrim, [][]pt{collar(0.1)}}, buttons(0.4, 0.52, 0.64, 0.76),
		}
	case silhouetteJacket:
		return []layer{
			floorShadow(0.77, 0.28), {paintFur, [][]pt{jacketOutline()}}, opening(0.17, 0.755),
			{paintFurLight, [][]pt{collar(0.14)}},
		}
	case silhouetteKurtka:
		return []layer{
			floorShadow(0.77, 0.28), {paintFabric, [][]pt{jacketOutline()}}, opening(0.3, 0.755),
			{paintTrim, [][]pt{collar(0.14)}},
		}
	case silhouetteZhilet:
		return []layer{
			floorShadow(0.84, 0.24),
			{paintFur, [][]pt{symmetric(
				pt{0.5, 0.32}, pt{0.565, 0.15}, pt{0.62, 0.16}, pt{0.66, 0.2}, pt{0.65, 0.28}, pt{0.66, 0.35},
				pt{0.7, 0.39}, pt{0.72, 0.8}, pt{0.5, 0.82},
			)}},
			opening(0.32, 0.82),
		}
	case silhouetteShapka:
		return []layer{
			floorShadow(0.7, 0.26),
			{paintFur, [][]pt{ellipse(0.5, 0.56, 0.25, 0.25, 180, 360)}},
			{paintDark, [][]pt{capsule(0.215, 0.785, 0.515, 0.665)}},
			{paintFurLight, [][]pt{capsule(0.22, 0.78, 0.52, 0.66)}},
		}
	case silhouetteBeret:
		return []layer{
			floorShadow(0.66, 0.24),
			{paintFur, [][]pt{ellipse(0.5, 0.48, 0.32, 0.13, 0, 360)}},
			{paintDark, [][]pt{capsule(0.325, 0.675, 0.545, 0.625), ellipse(0.5, 0.345, 0.012, 0.02, 0, 360)}},
			{paintFurLight, [][]pt{capsule(0.33, 0.67, 0.55, 0.62)}},
		}
	case silhouetteUshanka:
		flap := []pt{{0.22, 0.5}, {0.34, 0.5}, {0.34, 0.76}, {0.3, 0.8}, {0.26, 0.8}, {0.22, 0.76}}
		return []layer{
			floorShadow(0.86, 0.26),
			{paintFur, [][]pt{ellipse(0.5, 0.54, 0.25, 0.25, 180, 360), flap, mirror(flap)}},
			{paintDark, [][]pt{
				capsule(0.235, 0.765, 0.455, 0.585),
				{{0.277, 0.8}, {0.283, 0.8}, {0.283, 0.86}, {0.277, 0.86}},
				{{0.717, 0.8}, {0.723, 0.8}, {0.723, 0.86}, {0.717, 0.86}},
			}},
			{paintFurLight, [][]pt{capsule(0.24, 0.76, 0.46, 0.58)}},
		}
	case silhouettePovyazka:
		return []layer{
			floorShadow(0.76, 0.26),
			{paintFur, [][]pt{ellipse(0.5, 0.5, 0.3, 0.22, 0, 360), ellipse(0.5, 0.5, 0.21, 0.13, 0, 360)}},
			{paintFurLight, [][]pt{ellipse(0.5, 0.29, 0.06, 0.05, 0, 360)}},
		}
	case silhouettePalantin:
		drape := append(ellipse(0.5, 0.3, 0.25, 0.15, 180, 360),
			pt{0.75, 0.88}, pt{0.61, 0.88}, pt{0.61, 0.32})
		drape = append(drape, ellipse(0.5, 0.32, 0.11, 0.07, 360, 180)...)
		drape = append(drape, pt{0.39, 0.88}, pt{0.25, 0.88})
		return []layer{
			floorShadow(0.91, 0.2), {paintFur, [][]pt{drape}},
			{paintFurLight, [][]pt{
				{{0.25, 0.84}, {0.39, 0.84}, {0.39, 0.88}, {0.25, 0.88}},
				{{0.61, 0.84}, {0.75, 0.84}, {0.75, 0.88}, {0.61, 0.88}},
			}},
		}
	case silhouetteSumka:
		handle := append(ellipse(0.5, 0.46, 0.2, 0.15, 180, 360), ellipse(0.5, 0.46, 0.165, 0.12, 360, 180)...)
		return []layer{
			floorShadow(0.84, 0.3), {paintDark, [][]pt{handle}},
			{paintFur, [][]pt{{{0.22, 0.45}, {0.78, 0.45}, {0.83, 0.8}, {0.8, 0.83}, {0.2, 0.83}, {0.17, 0.8}}}},
			{paintAccent, [][]pt{{{0.47, 0.47}, {0.53, 0.47}, {0.53, 0.52}, {0.47, 0.52}}}},
		}
	case silhouetteVarezhki:
		mitten := append(ellipse(0.33, 0.38, 0.11, 0.1, 180, 360), pt{0.44, 0.7}, pt{0.22, 0.7})
		thumb := ellipse(0.215, 0.52, 0.045, 0.08, 0, 360)
		cuff := []pt{{0.21, 0.69}, {0.45, 0.69}, {0.45, 0.8}, {0.21, 0.8}}
		return []layer{
			floorShadow(0.83, 0.3),
			{paintFur, [][]pt{thumb, mirror(thumb)}},
			{paintFur, [][]pt{mitten, mirror(mitten)}},
			{paintFurLight, [][]pt{cuff, mirror(cuff)}},
		}
	case silhouetteSwatch:
		return []layer{{paintFur, [][]pt{{{0, 0}, {1, 0}, {1, 1}, {0, 1}}}}}
	}
	// The lining: satin across the picture with the store's label sewn on.
	return []layer{
		{paintSatin, [][]pt{{{0, 0}, {1, 0}, {1, 1}, {0, 1}}}},
		{paintAccent, [][]pt{{{0.34, 0.4}, {0.66, 0.4}, {0.66, 0.52}, {0.34, 0.52}}}},
		{paintDark, [][]pt{
			{{0.39, 0.43}, {0.61, 0.43}, {0.61, 0.445}, {0.39, 0.445}},
			{{0.42, 0.465}, {0.58, 0.465}, {0.58, 0.475}, {0.42, 0.475}},
			{{0.44, 0.49}, {0.56, 0.49}, {0.56, 0.497}, {0.44, 0.497}},
		}},
	}
}

// coatOutline is a long coat on a hanger: sleeves down the sides, a slightly flared hem.
func coatOutline() []pt {
	return symmetric(
		pt{0.5, 0.13}, pt{0.57, 0.11}, pt{0.68, 0.16}, pt{0.75, 0.22}, pt{0.83, 0.55}, pt{0.745, 0.575},
		pt{0.7, 0.34}, pt{0.685, 0.36}, pt{0.75, 0.9}, pt{0.5, 0.92},
	)
}

// jacketOutline is a hip-length jacket: the coat cut short.
func jacketOutline() []pt {
	return symmetric(
		pt{0.5, 0.17}, pt{0.57, 0.15}, pt{0.68, 0.2}, pt{0.75, 0.26}, pt{0.82, 0.62}, pt{0.735, 0.645},
		pt{0.695, 0.38}, pt{0.68, 0.4}, pt{0.71, 0.74}, pt{0.5, 0.755},
	)
}

// collar is a fur collar lying around the neck, whose top edge is at height top.
func collar(top float64) []pt {
	return symmetric(pt{0.5, top + 0.01}, pt{0.6, top}, pt{0.68, top + 0.06}, pt{0.6, top + 0.2}, pt{0.5, top + 0.23})
}

// opening is the dark line where the two fronts meet.
func opening(top, bottom float64) layer {
	return layer{paintDark, [][]pt{{{0.497, top}, {0.503, top}, {0.503, bottom}, {0.497, bottom}}}}
}

// buttons are dark buttons down the front at the given heights.
func buttons(heights ...float64) layer {
	l := layer{paint: paintDark}
	for _, y := range heights {
		l.contours = append(l.contours, ellipse(0.5, y, 0.014, 0.0105, 0, 360))
	}
	return l
}

// floorShadow is the soft shadow under a thing standing at height y, half as wide as w.
func floorShadow(y, w float64) layer {
	return layer{paintShadow, [][]pt{ellipse(0.5, y, w, 0.02, 0, 360)}}
}

// symmetric returns a contour symmetric about the vertical middle, given its right half from top to bottom.
func symmetric(right ...pt) []pt {
	contour := append([]pt(nil), right...)
	for i := len(right) - 2; i > 0; i-- {
		contour = append(contour, pt{1 - right[i].x, right[i].y})
	}
	return contour
}

// mirror returns the contour reflected about the vertical middle.
func mirror(contour []pt) []pt {
	m := make([]pt, len(contour))
	for i, p := range contour {
		m[i] = pt{1 - p.x, p.y}
	}
	return m
}

// ellipse returns points along an ellipse from angle `from` to `to`, in degrees: 0° points right, 90° down
// (the picture's y grows downwards), so 180→360 is the upper half.
func ellipse(cx, cy, rx, ry, from, to float64) []pt {
	const steps = 48
	points := make([]pt, 0, steps+1)
	for i := range steps + 1 {
		a := (from + (to-from)*float64(i)/steps) * math.Pi / 180
		points = append(points, pt{cx + rx*math.Cos(a), cy + ry*math.Sin(a)})
	}
	return points
}

// capsule returns a band from x0 to x1 and y0 to y1 with round ends, like the brim of a hat.
func capsule(x0, x1, y0, y1 float64) []pt {
	ry := (y1 - y0) / 2
	rx := ry * pictureHeight / pictureWidth // round in pixels, not in fractions
	right := ellipse(x1-rx, y0+ry, rx, ry, 270, 450)
	return append(right, ellipse(x0+rx, y0+ry, rx, ry, 90, 270)...)
}
