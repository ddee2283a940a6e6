package demo

import (
	"math/rand/v2"
	"strconv"

	"github.com/mekhaishuby/furstore/internal/catalog"
)

// Attribute names, in the order a product card shows them.
const (
	attrFur        = "Мех"
	attrColour     = "Цвет"
	attrLength     = "Длина"
	attrSilhouette = "Силуэт"
	attrHood       = "Капюшон"
	attrSleeve     = "Рукав"
	attrCountry    = "Страна"
	attrBrand      = "Бренд"
	attrSize       = "Размер"
)

// attributeStream seeds the random generator that picks the characteristics added for the filters (Силуэт,
// Бренд), apart from the one that makes products, so that adding them changed no product otherwise.
const attributeStream = 0x7072_697a_6e61_6b69 // "priznaki"

// definitions are the typed characteristics the demo defines, which its products' pairs link to and listings
// filter by (Размер is not one: the size facet comes from the variants). The slugs are what filter[…] takes.
func definitions() []catalog.ImportAttribute {
	cm := "см"
	return []catalog.ImportAttribute{
		{Slug: "fur", Name: attrFur, Kind: catalog.KindChoice, Position: 1},
		{Slug: "color", Name: attrColour, Kind: catalog.KindChoice, Position: 2},
		{Slug: "length", Name: attrLength, Kind: catalog.KindNumber, Unit: &cm, Position: 3},
		{Slug: "silhouette", Name: attrSilhouette, Kind: catalog.KindChoice, Position: 4},
		{Slug: "hood", Name: attrHood, Kind: catalog.KindBool, Position: 5},
		{Slug: "country", Name: attrCountry, Kind: catalog.KindChoice, Position: 6},
		{Slug: "brand", Name: attrBrand, Kind: catalog.KindChoice, Position: 7},
	}
}

// Silhouettes of garments: long ones (шубы, пальто, парки) and short ones (жакеты, жилеты, куртки).
var (
	longSilhouettes  = []string{"Прямой", "Прямой", "Приталенный", "Приталенный", "Трапеция", "Кокон"}
	shortSilhouettes = []string{"Прямой", "Прямой", "Приталенный", "Оверсайз"}
)

// brands are the labels the demo's products carry, repeated to weight the choice: mostly the store's own.
var brands = []string{"Меха и Шубы", "Меха и Шубы", "Меха и Шубы", "Северная корона", "Соболиная марка", "Helga Furs",
	"Nord Pelz", "Аврора"}

// characterise adds to a product of look l the characteristics the filters need beyond those attributes gave
// it: a garment's Силуэт after its Длина, and every product's Бренд after its Страна.
func characterise(r *rand.Rand, p *catalog.ImportProduct, l look) {
	var out []catalog.Attribute
	for _, a := range p.Attributes {
		out = append(out, a)
		switch a.Name {
		case attrLength:
			shapes := longSilhouettes
			if l.kind.length[1] < 90 {
				shapes = shortSilhouettes
			}
			out = append(out, catalog.Attribute{Name: attrSilhouette, Value: pick(r, shapes)})
		case attrCountry:
			out = append(out, catalog.Attribute{Name: attrBrand, Value: pick(r, brands)})
		}
	}
	p.Attributes = out
}

// attributes returns a product's characteristics in display order, leaving out those its kind does not
// have: only garments have Длина and Капюшон, only garments with sleeves have Рукав, and one-size things
// (stoles, bags) have no Размер.
func attributes(r *rand.Rand, l look, country string) []catalog.Attribute {
	k := l.kind
	attrs := []catalog.Attribute{{Name: attrFur, Value: l.fur.name}, {Name: attrColour, Value: l.colour.name}}
	if k.garment {
		steps := (k.length[1] - k.length[0]) / 5
		length := k.length[0] + 5*r.IntN(steps+1)
		hood := l.feature.hood == hoodYes || l.feature.hood == hoodMaybe && r.IntN(5) == 0
		attrs = append(attrs,
			catalog.Attribute{Name: attrLength, Value: strconv.Itoa(length) + " см"},
			catalog.Attribute{Name: attrHood, Value: yesNo(hood)})
	}
	if k.sleeves != nil {
		attrs = append(attrs, catalog.Attribute{Name: attrSleeve, Value: pick(r, k.sleeves)})
	}
	attrs = append(attrs, catalog.Attribute{Name: attrCountry, Value: country})
	if sizes := sizeRanges(k.sizing, l.audience); sizes != nil {
		attrs = append(attrs, catalog.Attribute{Name: attrSize, Value: pick(r, sizes)})
	}
	return attrs
}

// yesNo spells a flag the way the product card shows it.
func yesNo(b bool) string {
	if b {
		return "Да"
	}
	return "Нет"
}

// sizeRanges returns the size ranges a product can come in, on its kind's scale and for its audience: Russian
// clothing sizes, head circumference in centimetres, glove sizes, and age for children's mittens.
func sizeRanges(s sizing, a audience) []string {
	switch s {
	case sizeBody:
		switch a {
		case men:
			return []string{"46–52", "48–54", "50–56", "52–58", "54–60"}
		case children:
			return []string{"26–30", "28–32", "30–34", "32–36"}
		}
		return []string{"40–46", "42–48", "44–50", "46–52", "42–50", "44–54", "48–56"}
	case sizeHead:
		switch a {
		case men:
			return []string{"56–58", "57–59", "58–60"}
		case children:
			return []string{"48–50", "50–52", "52–54"}
		}
		return []string{"54–56", "55–57", "56–58"}
	case sizeHands:
		switch a {
		case men:
			return []string{"8–9", "8,5–9,5", "9–10"}
		case children:
			return []string{"3–5 лет", "5–8 лет"}
		}
		return []string{"6–7", "6,5–7,5", "7–8"}
	}
	return nil
}
