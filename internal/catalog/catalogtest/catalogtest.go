// Package catalogtest holds a small known catalog for the tests of the catalog and of the HTTP API.
package catalogtest

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"
	"testing/fstest"

	"github.com/mekhaishuby/furstore/internal/catalog"
)

// File is a small store: Женщинам → Шубы → {Норковые, Собольи}; Женщинам → Жакеты; Аксессуары.
func File() *catalog.ImportFile {
	no := false
	return &catalog.ImportFile{
		Categories: []catalog.ImportCategory{
			{Slug: "norkovye-shuby", Name: "Норковые шубы", Parent: "shuby"}, // before its parent on purpose
			{Slug: "zhenshchinam", Name: "Женщинам"},
			{Slug: "shuby", Name: "Шубы", Parent: "zhenshchinam", Position: 1},
			{Slug: "sobolya", Name: "Собольи шубы", Parent: "shuby"},
			{Slug: "zhakety", Name: "Жакеты", Parent: "zhenshchinam", Position: 2},
			{Slug: "aksessuary", Name: "Аксессуары"},
		},
		Products: []catalog.ImportProduct{
			{Slug: "shuba-elena", Name: "Норковая шуба «Елена»", Category: "norkovye-shuby", Price: 18500000, Stock: 2,
				Attributes: []catalog.Attribute{{Name: "Мех", Value: "Норка"}, {Name: "Цвет", Value: "Чёрный"}},
				Images:     []string{"a.png", "b.png"}, Description: "Длинная шуба."},
			{Slug: "shuba-anna", Name: "Норковая шуба «Анна»", Category: "norkovye-shuby", Price: 2570000, Stock: 0},
			{Slug: "shuba-sobol", Name: "Соболья шуба «Царица»", Category: "sobolya", Price: 90000000, Stock: 1},
			{Slug: "zhaket-vera", Name: "Жакет «Вера»", Category: "zhakety", Price: 1640000, Stock: 5, Images: []string{"b.png"}},
			{Slug: "zhaket-olga", Name: "Жакет «Ольга»", Category: "zhakety", Price: 1640000, Stock: 3},
			{Slug: "zhaket-hidden", Name: "Жакет «Скрытый»", Category: "zhakety", Price: 2000000, Stock: 3, IsActive: &no},
			{Slug: "palantin", Name: "Палантин из норки", Category: "aksessuary", Price: 1999050, Stock: 7},
		},
	}
}

// Pictures returns the picture files File refers to, plus one file that is not a picture.
func Pictures(t testing.TB) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, c := range map[string]color.RGBA{"a.png": {20, 20, 20, 255}, "b.png": {120, 80, 40, 255}} {
		img := image.NewRGBA(image.Rect(0, 0, 4, 4))
		for i := range img.Pix {
			img.Pix[i] = []uint8{c.R, c.G, c.B, c.A}[i%4]
		}
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			t.Fatal(err)
		}
		fsys[name] = &fstest.MapFile{Data: buf.Bytes()}
	}
	// Not a picture, whatever its name says.
	fsys["not-a-picture.png"] = &fstest.MapFile{Data: []byte("MZ\x90\x00 an executable")}
	return fsys
}
