package demo

// kind is a type of garment or accessory: what it is called, how it is drawn, which characteristics it has and
// how its description opens.
type kind struct {
	nouns      []string // «шуба»; a few kinds sell under several nouns of one gender («шапка», «кепка»)
	gender     gender
	silhouette silhouette
	garment    bool     // worn on the body, so it has the Длина and Капюшон characteristics
	sleeves    []string // values of Рукав; nil for kinds without sleeves (vests, hats, accessories)
	length     [2]int   // Длина in centimetres, for garments
	sizing     sizing
	// marked tells whether the kind needs a КИЗ marking (MarkedFur). The demo's rule: a garment whose body is
	// natural fur — шубы, полушубки, жакеты, жилеты, children's шубки — is marked; дублёнки (leather side
	// out), fabric garments merely trimmed with fur, hats and accessories are not.
	marked bool
	// trims are how a fabric or leather garment carries its fur («с опушкой из» енота); nil when the whole
	// garment is fur. A trimmed garment's Цвет is its fabric's, picked from fabrics.
	trims     []string
	fabrics   []colour
	features  []feature
	openings  []string // first sentences of the description
	countries []string // where such things are sewn, repeated to weight the choice
}

// sizing says which scale a kind's Размер is on.
type sizing int

const (
	sizeNone sizing = iota // stoles, bags: one size, so no Размер at all
	sizeBody
	sizeHead
	sizeHands
)

// hoodness is what a feature implies about the hood.
type hoodness int

const (
	hoodMaybe hoodness = iota
	hoodYes
	hoodNo
)

// feature is a detail of the cut, named after the model («…„Елена“ с капюшоном») and explained in the
// description. An empty phrase adds nothing to the name.
type feature struct {
	phrase   string
	hood     hoodness
	sentence string
}

// kindSet names every kind the catalog sells.
type kindSet struct {
	shuba, shubka, polushubok, zhaket, zhilet, dublyonkaShort, dublyonkaLong kind
	parka, palto, kurtka                                                     kind
	shapka, menHat, beret, ushanka, povyazka                                 kind
	palantin, gorzhetka, varezhki, sumka                                     kind
}

// kinds returns the catalog's kinds, with fabrics coloured from c.
func kinds(c colourSet) kindSet {
	coatSleeves := []string{"Втачной", "Реглан", "Прямой", "Расклешённый"}
	jacketSleeves := []string{"Втачной", "Реглан", "Три четверти", "Укороченный"}
	furCountries := []string{"Греция", "Греция", "Греция", "Россия", "Россия", "Италия", "Китай"}
	// Features several kinds share.
	none := feature{"", hoodMaybe, ""}
	hood := feature{"с капюшоном", hoodYes, "Капюшон защищает от ветра и снега и с успехом заменяет шапку."}
	englishCollar := feature{"с английским воротником", hoodNo,
		"Английский воротник красиво обрамляет лицо, его можно носить и поднятым."}
	standCollar := feature{"с воротником-стойкой", hoodNo,
		"Воротник-стойка закрывает шею от ветра, так что шарф можно оставить дома."}
	turnDownCollar := feature{"с отложным воротником", hoodNo,
		"Отложной воротник — классика, которая подходит к любому образу."}
	furBelt := feature{"с поясом", hoodMaybe, "Пояс из того же меха подчёркивает талию."}
	zip := feature{"на молнии", hoodMaybe, "Застёжка на молнии закрывается быстро и надёжно держит тепло."}
	crosswise := feature{"в поперечной раскладке", hoodMaybe,
		"Поперечная раскладка шкурок делает мех особенно пышным и зрительно стройнит."}
	coatFeatures := []feature{
		none, hood, englishCollar, standCollar, turnDownCollar, furBelt, crosswise,
		{"в продольной раскладке", hoodMaybe,
			"Шкурки собраны в продольной раскладке: длинные ровные линии вытягивают силуэт."},
		{"свободного кроя", hoodMaybe, "Свободный крой не стесняет движений, под низ легко надеть объёмный свитер."},
	}
	jacketFeatures := []feature{
		none, hood, standCollar, turnDownCollar, furBelt, zip, crosswise,
		{"без воротника", hoodNo, "Модель без воротника хорошо смотрится с шейным платком или длинными серьгами."},
	}
	dublyonkaFeatures := []feature{
		none, hood, englishCollar, zip, {"с поясом", hoodMaybe, "Пояс из той же кожи подчёркивает талию."},
	}
	dublyonkaOpenings := []string{
		"Дублёнка — практичная верхняя одежда на каждый день, которая не боится снега и слякоти.",
		"Классическая дублёнка мехом внутрь: тёплая, лёгкая и удобная в транспорте.",
	}
	dublyonkaCountries := []string{"Турция", "Турция", "Россия", "Россия", "Италия", "Китай"}
	fabricCountries := []string{"Россия", "Россия", "Италия", "Китай", "Китай"}
	return kindSet{
		shuba: kind{
			nouns: []string{"шуба"}, gender: feminine, silhouette: silhouetteCoat,
			garment: true, sleeves: coatSleeves, length: [2]int{90, 125}, sizing: sizeBody, marked: true,
			features: coatFeatures,
			openings: []string{
				"Классическая шуба, которая согреет в самый сильный мороз и не выйдет из моды через пару сезонов.",
				"Шуба для долгой русской зимы: тёплая, лёгкая и удобная и на прогулке, и за рулём.",
				"Нарядная шуба, в которой одинаково уместно выйти и в театр, и в магазин.",
			},
			countries: furCountries,
		},
		shubka: kind{
			nouns: []string{"шубка"}, gender: feminine, silhouette: silhouetteJacket,
			garment: true, sleeves: []string{"Втачной", "Реглан"}, length: [2]int{50, 75}, sizing: sizeBody,
			marked: true, features: []feature{none, hood, standCollar, turnDownCollar, zip},
			openings: []string{
				"Тёплая детская шубка, в которой не холодно гулять даже в крещенские морозы.",
				"Лёгкая шубка не сковывает движений: в ней удобно кататься с горки и лепить снеговика.",
			},
			countries: []string{"Россия", "Россия", "Китай"},
		},
		polushubok: kind{
			nouns: []string{"полушубок"}, gender: masculine, silhouette: silhouetteJacket,
			garment: true, sleeves: jacketSleeves, length: [2]int{65, 85}, sizing: sizeBody, marked: true,
			features: jacketFeatures,
			openings: []string{
				"Полушубок — удобная длина для города: не мешает за рулём и хорошо смотрится с брюками.",
				"Короткий полушубок согреет в мороз и не покажется тяжёлым к концу дня.",
			},
			countries: furCountries,
		},
		zhaket: kind{
			nouns: []string{"жакет"}, gender: masculine, silhouette: silhouetteJacket,
			garment: true, sleeves: jacketSleeves, length: [2]int{48, 62}, sizing: sizeBody, marked: true,
			features: jacketFeatures,
			openings: []string{
				"Меховой жакет — лёгкая вещь для межсезонья и тёплой зимы.",
				"Жакет легко надеть на платье или деловой костюм, и образ сразу становится наряднее.",
			},
			countries: furCountries,
		},
		zhilet: kind{
			nouns: []string{"жилет"}, gender: masculine, silhouette: silhouetteZhilet,
			garment: true, length: [2]int{55, 85}, sizing: sizeBody, marked: true,
			features: []feature{
				none, hood, furBelt, crosswise,
				{"с карманами", hoodMaybe, "Глубокие карманы на мягкой подкладке согреют руки."},
			},
			openings: []string{
				"Меховой жилет согревает, оставляя руки свободными, и носится поверх свитера или водолазки.",
				"Жилет — универсальная вещь: с ним одинаково хороши джинсы и строгое платье.",
			},
			countries: furCountries,
		},
		dublyonkaShort: kind{
			nouns: []string{"дублёнка"}, gender: feminine, silhouette: silhouetteJacket,
			garment: true, sleeves: jacketSleeves[:2], length: [2]int{65, 85}, sizing: sizeBody,
			features: dublyonkaFeatures, openings: dublyonkaOpenings, countries: dublyonkaCountries,
		},
		dublyonkaLong: kind{
			nouns: []string{"дублёнка"}, gender: feminine, silhouette: silhouetteCoat,
			garment: true, sleeves: coatSleeves[:2], length: [2]int{95, 120}, sizing: sizeBody,
			features: dublyonkaFeatures, openings: dublyonkaOpenings, countries: dublyonkaCountries,
		},
		parka: kind{
			nouns: []string{"парка"}, gender: feminine, silhouette: silhouetteParka,
			garment: true, sleeves: []string{"Втачной", "Реглан"}, length: [2]int{75, 100}, sizing: sizeBody,
			trims:   []string{"с опушкой из", "с отделкой из", "с подстёжкой из"},
			fabrics: []colour{c.black, c.khaki, c.navy, c.beige},
			features: []feature{
				{"", hoodYes, "Глубокий капюшон с меховой опушкой закрывает лицо от ветра."},
				{"", hoodYes, "Мембранная ткань не пропускает ветер и влагу, а швы проклеены."},
				{"", hoodYes, "Утеплитель рассчитан на морозы до −30 °C."},
			},
			openings: []string{
				"Парка для настоящей зимы: длинная, тёплая и непродуваемая.",
				"Спортивная парка, в которой удобно и в городе, и за городом.",
			},
			countries: fabricCountries,
		},
		palto: kind{
			nouns: []string{"пальто"}, gender: neuter, silhouette: silhouettePalto,
			garment: true, sleeves: []string{"Втачной", "Реглан"}, length: [2]int{95, 120}, sizing: sizeBody,
			trims:   []string{"с воротником из", "с отделкой из"},
			fabrics: []colour{c.black, c.grey, c.beige, c.powder, c.navy},
			features: []feature{
				{"", hoodNo, "Шерсть с кашемиром приятна на ощупь и почти не мнётся."},
				{"", hoodNo, "Меховой воротник можно отстегнуть и носить пальто ранней осенью."},
				{"", hoodNo, "Приталенный силуэт подчёркивает фигуру."},
			},
			openings: []string{
				"Пальто с мехом — элегантный выбор для поздней осени и мягкой зимы.",
				"Строгое пальто с натуральным мехом подойдёт и к деловому, и к вечернему образу.",
			},
			countries: fabricCountries,
		},
		kurtka: kind{
			nouns: []string{"куртка"}, gender: feminine, silhouette: silhouetteKurtka,
			garment: true, sleeves: []string{"Втачной", "Реглан"}, length: [2]int{65, 80}, sizing: sizeBody,
			trims:   []string{"с воротником из", "с отделкой из", "с подкладкой из"},
			fabrics: []colour{c.black, c.navy, c.brown, c.khaki},
			features: []feature{
				{"", hoodMaybe, "Кожа пропитана водоотталкивающим составом и не боится мокрого снега."},
				{"", hoodMaybe, "Съёмный меховой воротник позволяет носить куртку с ранней осени до весны."},
				{"", hoodMaybe, "В куртке такой длины удобно сидеть за рулём."},
			},
			openings: []string{
				"Куртка с натуральным мехом — тёплая и практичная вещь на каждый день.",
				"Кожаная куртка с мехом не боится ветра и хорошо держит форму.",
			},
			countries: []string{"Россия", "Турция", "Турция", "Италия", "Китай"},
		},
		shapka: kind{
			nouns: []string{"шапка"}, gender: feminine, silhouette: silhouetteShapka, sizing: sizeHead,
			features: []feature{
				none,
				{"с помпоном", hoodMaybe, "Пушистый помпон делает образ чуть озорным."},
				{"на трикотажной основе", hoodMaybe, "Трикотажная основа тянется и облегает голову, не сдавливая её."},
				{"с отворотом", hoodMaybe, "Широкий отворот можно опустить, чтобы закрыть уши в сильный мороз."},
			},
			openings: []string{
				"Меховая шапка — лучшая защита от мороза и ветра.",
				"Тёплая шапка, которая не мнёт причёску и не сползает на глаза.",
			},
			countries: fabricCountries,
		},
		menHat: kind{
			nouns: []string{"шапка", "кепка"}, gender: feminine, silhouette: silhouetteShapka, sizing: sizeHead,
			features: []feature{
				none,
				{"на трикотажной основе", hoodMaybe, "Трикотажная основа тянется и облегает голову, не сдавливая её."},
				{"с кожаным верхом", hoodMaybe, "Кожаный верх не промокает под снегом."},
			},
			openings: []string{
				"Мужской головной убор, который носится не один сезон.",
				"Классический зимний головной убор, тёплый и удобный.",
			},
			countries: fabricCountries,
		},
		beret: kind{
			nouns: []string{"берет"}, gender: masculine, silhouette: silhouetteBeret, sizing: sizeHead,
			features: []feature{
				none,
				{"на трикотажной основе", hoodMaybe, "Трикотажная основа тянется и облегает голову, не сдавливая её."},
				{"с брошью", hoodMaybe, "Съёмная брошь добавляет берету нарядности."},
			},
			openings: []string{
				"Меховой берет — изящная альтернатива шапке.",
				"Берет легко сочетается и с шубой, и с пальто.",
			},
			countries: fabricCountries,
		},
		ushanka: kind{
			nouns: []string{"ушанка"}, gender: feminine, silhouette: silhouetteUshanka, sizing: sizeHead,
			features: []feature{
				none,
				{"с кожаным верхом", hoodMaybe, "Кожаный верх не промокает под снегом."},
				{"на трикотажной основе", hoodMaybe, "Трикотажная основа тянется и облегает голову, не сдавливая её."},
			},
			openings: []string{
				"Ушанка — самый тёплый головной убор для настоящих морозов.",
				"Традиционная ушанка: «уши» можно опустить и завязать или поднять наверх.",
			},
			countries: []string{"Россия", "Россия", "Китай"},
		},
		povyazka: kind{
			nouns: []string{"повязка"}, gender: feminine, silhouette: silhouettePovyazka, sizing: sizeHead,
			features: []feature{
				none,
				{"на резинке", hoodMaybe, "Мягкая резинка держит повязку на голове и не давит."},
				{"с узлом", hoodMaybe, "Узел спереди делает повязку похожей на модный тюрбан."},
			},
			openings: []string{
				"Меховая повязка закрывает уши и не портит причёску.",
				"Лёгкая повязка для мягкой зимы и прохладной осени.",
			},
			countries: fabricCountries,
		},
		palantin: kind{
			nouns: []string{"палантин"}, gender: masculine, silhouette: silhouettePalantin,
			features: []feature{
				none,
				{"с кистями", hoodMaybe, "Кисти на концах палантина красиво двигаются при ходьбе."},
				{"на трикотажной основе", hoodMaybe, "Вязаная основа делает палантин лёгким и мягким."},
			},
			openings: []string{
				"Меховой палантин можно накинуть на плечи поверх платья или пальто.",
				"Палантин — нарядный аксессуар для вечернего выхода.",
			},
			countries: furCountries,
		},
		gorzhetka: kind{
			nouns: []string{"горжетка"}, gender: feminine, silhouette: silhouettePalantin,
			features: []feature{
				none,
				{"с зажимом", hoodMaybe, "Зажим-застёжка держит горжетку на плечах без булавок."},
			},
			openings: []string{
				"Горжетка — эффектный аксессуар, который превращает простое платье в вечерний наряд.",
				"Горжетку носят с пальто, жакетом или платьем.",
			},
			countries: furCountries,
		},
		varezhki: kind{
			nouns: []string{"варежки", "перчатки"}, gender: plural, silhouette: silhouetteVarezhki, sizing: sizeHands,
			features: []feature{
				none,
				{"на флисовой подкладке", hoodMaybe, "Флисовая подкладка сохраняет тепло даже в сильный мороз."},
				{"с кожаной ладонью", hoodMaybe, "Кожаная ладонь не скользит и не протирается."},
			},
			openings: []string{
				"Мех согревает руки даже в сильный мороз, а плотная основа не пропускает ветер.",
				"Тёплый аксессуар, который приятно носить всю зиму.",
			},
			countries: fabricCountries,
		},
		sumka: kind{
			nouns: []string{"сумка"}, gender: feminine, silhouette: silhouetteSumka,
			features: []feature{
				none,
				{"с кожаными ручками", hoodMaybe, "Ручки из гладкой кожи удобно лежат в руке."},
				{"на цепочке", hoodMaybe, "Цепочку можно перекинуть через плечо."},
			},
			openings: []string{
				"Меховая сумка — заметный акцент зимнего образа.",
				"Вместительная сумка, в которую помещается всё необходимое.",
			},
			countries: []string{"Италия", "Италия", "Россия", "Китай"},
		},
	}
}
