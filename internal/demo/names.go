package demo

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// look is everything a product's name is made of.
type look struct {
	kind     kind
	noun     string
	audience audience
	fur      fur
	colour   colour
	model    string
	feature  feature
	trim     string // how a trimmed garment carries its fur, e.g. «с опушкой из»; empty for fur garments
}

// nameStyle picks one of the word orders of productName, so that a page of products does not read like one
// template filled in over and over.
type nameStyle int

const (
	furFirst    nameStyle = iota // «Норковая шуба „Елена“ с капюшоном»
	colourFirst                  // «Чёрная норковая шуба „Елена“»
	furAfter                     // «Шуба из норки „Елена“ с капюшоном»

	nameStyles = iota // how many styles there are
)

// productName composes a product's name. Men's and children's products always open with «Мужская…» or
// «Детская…», which then takes the colour's place.
func productName(l look, style nameStyle) string {
	g := l.kind.gender
	lead := audiencePrefix(l.audience).agree(g)
	phrase := l.feature.phrase
	if lead == "" && style == colourFirst && l.colour.adj != (adjective{}) {
		lead = l.colour.adj.agree(g)
		phrase = "" // a colour and a feature make the name too long
	}
	model := "„" + l.model + "“"
	var words []string
	switch {
	case l.trim != "":
		words = []string{lead, l.noun, model, l.trim, l.fur.of}
	case l.fur.adj != (adjective{}) && style != furAfter:
		words = []string{lead, l.fur.adj.agree(g), l.noun, model, phrase}
	default:
		words = []string{lead, l.noun, "из", l.fur.of, model, phrase}
	}
	var b strings.Builder
	for _, w := range words {
		if w == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	return capitalize(b.String())
}

// capitalize upper-cases the first letter of s.
func capitalize(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:]
}

// audiencePrefix returns the adjective that opens the names of men's and children's products; women's
// products are the store's default and need none.
func audiencePrefix(a audience) adjective {
	switch a {
	case men:
		return adjective{"мужская", "мужской", "мужское", "мужские"}
	case children:
		return adjective{"детская", "детский", "детское", "детские"}
	}
	return adjective{}
}

// modelNames returns the names models are sold under, by audience: women's names and Italian towns for
// women, strong words and Siberian places for men, fairy-tale words for children.
func modelNames(a audience) []string {
	switch a {
	case men:
		return []string{
			"Граф", "Барон", "Магнат", "Норд", "Байкал", "Тайга", "Алтай", "Эльбрус", "Сенатор",
			"Командор", "Викинг", "Амур", "Енисей", "Урал", "Кедр", "Лидер",
		}
	case children:
		return []string{
			"Умка", "Снежинка", "Лисичка", "Пушинка", "Зайка", "Белёк", "Метелица", "Звёздочка", "Морозко",
			"Снежок", "Ёлочка", "Бельчонок",
		}
	}
	return []string{
		"Елена", "Вероника", "Милана", "Анастасия", "Виктория", "Ассоль", "Шарлотта", "Адель", "Эвелина",
		"Кира", "Злата", "Алиса", "Ника", "Вивьен", "Эмилия", "Диана", "Лаура", "Софи", "Марго", "Изабелла",
		"Жозефина", "Стефания", "Бьянка", "Ариадна", "Снежана", "Камилла", "Таисия", "Ульяна", "Ева", "Мирра",
		"Валенсия", "Венеция", "Флоренция", "Римини", "Сиена", "Верона", "Монако", "Грация", "Белла", "Ирэн",
	}
}
