package demo

// gender is the grammatical gender of a Russian noun, which its adjectives agree with. Plural nouns such as
// «варежки» get their own forms.
type gender int

const (
	feminine gender = iota
	masculine
	neuter
	plural
)

// adjective holds the nominative forms of an adjective, indexed by gender: «чёрная», «чёрный», «чёрное»,
// «чёрные». A zero adjective means the word has no usual adjective.
type adjective [4]string

// agree returns the form that goes with a noun of gender g.
func (a adjective) agree(g gender) string { return a[g] }

// colour is one value of the Цвет characteristic.
type colour struct {
	name string    // the characteristic's value: "Чёрный"
	adj  adjective // for product names: «чёрная шуба», «чёрный жакет»
	tone tone      // the colour the product's pictures are drawn in
}

// colourSet names every colour the catalog uses, so that furs and kinds can list theirs by field.
type colourSet struct {
	black, white, grey, graphite, silver, blue colour
	brown, darkBrown, beige, sand, powder      colour
	ginger, khaki, navy                        colour
}

// colours returns the catalog's colours. Tones are coarser than colours on purpose: a couple dozen pictures
// have to do for the whole catalog.
func colours() colourSet {
	return colourSet{
		black:    colour{"Чёрный", adjective{"чёрная", "чёрный", "чёрное", "чёрные"}, toneBlack},
		white:    colour{"Белый", adjective{"белая", "белый", "белое", "белые"}, toneWhite},
		grey:     colour{"Серый", adjective{"серая", "серый", "серое", "серые"}, toneGrey},
		graphite: colour{"Графитовый", adjective{"графитовая", "графитовый", "графитовое", "графитовые"}, toneGrey},
		silver:   colour{"Серебристый", adjective{"серебристая", "серебристый", "серебристое", "серебристые"}, toneGrey},
		blue:     colour{"Голубой", adjective{"голубая", "голубой", "голубое", "голубые"}, toneGrey},
		brown:    colour{"Коричневый", adjective{"коричневая", "коричневый", "коричневое", "коричневые"}, toneBrown},
		darkBrown: colour{"Тёмно-коричневый",
			adjective{"тёмно-коричневая", "тёмно-коричневый", "тёмно-коричневое", "тёмно-коричневые"}, toneBrown},
		beige:  colour{"Бежевый", adjective{"бежевая", "бежевый", "бежевое", "бежевые"}, toneBeige},
		sand:   colour{"Песочный", adjective{"песочная", "песочный", "песочное", "песочные"}, toneBeige},
		powder: colour{"Пудровый", adjective{"пудровая", "пудровый", "пудровое", "пудровые"}, toneBeige},
		ginger: colour{"Рыжий", adjective{"рыжая", "рыжий", "рыжее", "рыжие"}, toneGinger},
		khaki:  colour{"Хаки", adjective{}, toneKhaki}, // «хаки» does not decline, so it stays out of names
		navy:   colour{"Тёмно-синий", adjective{"тёмно-синяя", "тёмно-синий", "тёмно-синее", "тёмно-синие"}, toneNavy},
	}
}
