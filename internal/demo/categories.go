package demo

// audience is who a leaf's products are for: it picks the model names, the «мужская»/«детская» that opens
// a product's name, and the size scale.
type audience int

const (
	women audience = iota
	men
	children
)

// node is a category of the demo tree. Its slug is its transliterated name, which the tree keeps unique by
// naming men's and children's categories «Мужские …», «Детские …». A node with a leaf holds products and
// has no children.
type node struct {
	name     string
	children []node
	leaf     *leaf
}

// leaf describes the products of a leaf category.
type leaf struct {
	share    int // per mille of the catalog's products
	kind     kind
	audience audience
	lines    []line
}

// line is one fur a leaf's products are made of (or trimmed with), how often it is picked, and its price
// range in whole roubles.
type line struct {
	fur    fur
	weight int
	lo, hi int64
}

// category returns an inner node.
func category(name string, subcategories ...node) node {
	return node{name: name, children: subcategories}
}

// sells returns a leaf node: a category that sells products of one kind.
func sells(name string, share int, k kind, a audience, lines ...line) node {
	return node{name: name, leaf: &leaf{share: share, kind: k, audience: a, lines: lines}}
}

// categoryTree returns the store's category tree, parents before children and siblings in display order.
//
// The shares add up to 1000. The six leaves under «Шубы» hold 124 ‰, so that a 10 000-product catalog has
// about 1 200 active coats there; rabbit jackets are priced 15–28 thousand roubles, so that the seed's
// example filter (16 400–25 700 ₽ in «Жакеты») finds some even in the 360-product demo.
func categoryTree() []node {
	c := colours()
	f, k := furs(c), kinds(c)
	mittens := k.varezhki
	mittens.nouns = []string{"варежки"} // children wear mittens, not gloves
	return []node{
		category("Женщинам",
			category("Шубы",
				sells("Норковые шубы", 45, k.shuba, women, line{f.mink, 1, 90_000, 450_000}),
				sells("Собольи шубы", 10, k.shuba, women, line{f.sable, 1, 380_000, 900_000}),
				sells("Шубы из лисы", 22, k.shuba, women, line{f.fox, 1, 70_000, 260_000}),
				sells("Шубы из енота", 15, k.shuba, women, line{f.raccoon, 1, 55_000, 170_000}),
				sells("Шубы из каракуля", 12, k.shuba, women, line{f.karakul, 1, 80_000, 290_000}),
				sells("Шубы из кролика", 20, k.shuba, women, line{f.rabbit, 1, 18_000, 60_000}),
			),
			category("Полушубки",
				sells("Норковые полушубки", 25, k.polushubok, women, line{f.mink, 1, 65_000, 220_000}),
				sells("Полушубки из лисы", 20, k.polushubok, women, line{f.fox, 1, 45_000, 150_000}),
				sells("Полушубки из мутона", 15, k.polushubok, women, line{f.muton, 1, 28_000, 75_000}),
			),
			category("Жакеты",
				sells("Норковые жакеты", 25, k.zhaket, women, line{f.mink, 1, 48_000, 180_000}),
				sells("Жакеты из кролика", 25, k.zhaket, women, line{f.rabbit, 1, 15_000, 28_000}),
			),
			category("Жилеты",
				sells("Норковые жилеты", 20, k.zhilet, women, line{f.mink, 1, 32_000, 110_000}),
				sells("Жилеты из лисы", 20, k.zhilet, women, line{f.fox, 1, 22_000, 80_000}),
			),
			category("Дублёнки",
				sells("Короткие дублёнки", 30, k.dublyonkaShort, women,
					line{f.sheepskin, 3, 25_000, 70_000}, line{f.merino, 2, 35_000, 85_000},
					line{f.toscana, 2, 45_000, 110_000}),
				sells("Длинные дублёнки", 25, k.dublyonkaLong, women,
					line{f.sheepskin, 3, 35_000, 95_000}, line{f.merino, 2, 45_000, 120_000},
					line{f.toscana, 2, 60_000, 150_000}),
			),
			sells("Парки с мехом", 55, k.parka, women,
				line{f.raccoon, 3, 19_000, 65_000}, line{f.arcticFox, 2, 22_000, 75_000},
				line{f.fox, 2, 24_000, 85_000}, line{f.rabbit, 1, 15_000, 40_000}),
			sells("Пальто с мехом", 50, k.palto, women,
				line{f.mink, 2, 45_000, 160_000}, line{f.arcticFox, 1, 30_000, 95_000},
				line{f.fox, 1, 32_000, 110_000}),
			category("Головные уборы",
				sells("Шапки", 60, k.shapka, women,
					line{f.mink, 3, 12_000, 48_000}, line{f.sable, 1, 45_000, 140_000},
					line{f.arcticFox, 2, 9_000, 35_000}, line{f.fox, 2, 9_000, 32_000},
					line{f.rabbit, 2, 5_000, 12_000}),
				sells("Береты", 25, k.beret, women,
					line{f.mink, 2, 9_000, 30_000}, line{f.rabbit, 1, 5_000, 10_000},
					line{f.karakul, 1, 8_000, 24_000}),
				sells("Ушанки", 25, k.ushanka, women,
					line{f.mink, 2, 15_000, 55_000}, line{f.arcticFox, 2, 10_000, 38_000},
					line{f.rabbit, 1, 6_000, 14_000}, line{f.muton, 1, 7_000, 18_000}),
				sells("Повязки", 25, k.povyazka, women,
					line{f.mink, 1, 6_000, 16_000}, line{f.fox, 1, 5_000, 12_000},
					line{f.rabbit, 1, 5_000, 8_000}),
			),
			category("Аксессуары",
				sells("Палантины", 45, k.palantin, women,
					line{f.mink, 3, 25_000, 120_000}, line{f.sable, 1, 90_000, 350_000},
					line{f.rabbit, 2, 6_000, 18_000}, line{f.fox, 2, 15_000, 60_000}),
				sells("Горжетки", 30, k.gorzhetka, women,
					line{f.fox, 2, 9_000, 38_000}, line{f.arcticFox, 2, 10_000, 40_000},
					line{f.mink, 1, 14_000, 55_000}),
				sells("Варежки и перчатки", 40, k.varezhki, women,
					line{f.rabbit, 3, 5_000, 11_000}, line{f.mink, 1, 8_000, 25_000},
					line{f.sheepskin, 2, 5_000, 12_000}),
				sells("Сумки", 25, k.sumka, women,
					line{f.mink, 1, 15_000, 70_000}, line{f.rabbit, 2, 6_000, 18_000},
					line{f.karakul, 1, 12_000, 45_000}),
			),
		),
		category("Мужчинам",
			sells("Мужские шубы", 30, k.shuba, men,
				line{f.mink, 3, 150_000, 600_000}, line{f.beaver, 2, 140_000, 480_000},
				line{f.sable, 1, 500_000, 900_000}, line{f.raccoon, 1, 90_000, 220_000}),
			sells("Мужские дублёнки", 40, k.dublyonkaShort, men,
				line{f.sheepskin, 3, 30_000, 95_000}, line{f.merino, 2, 45_000, 120_000},
				line{f.toscana, 1, 60_000, 150_000}),
			sells("Куртки с мехом", 45, k.kurtka, men,
				line{f.mink, 2, 40_000, 150_000}, line{f.raccoon, 2, 25_000, 80_000},
				line{f.beaver, 1, 50_000, 160_000}),
			sells("Мужские парки", 40, k.parka, men,
				line{f.raccoon, 3, 22_000, 75_000}, line{f.fox, 1, 25_000, 80_000},
				line{f.arcticFox, 1, 22_000, 70_000}),
			category("Мужские головные уборы",
				sells("Мужские шапки", 30, k.menHat, men,
					line{f.mink, 3, 14_000, 55_000}, line{f.sable, 1, 50_000, 160_000},
					line{f.beaver, 2, 12_000, 45_000}),
				sells("Мужские ушанки", 25, k.ushanka, men,
					line{f.mink, 2, 18_000, 60_000}, line{f.beaver, 1, 15_000, 50_000},
					line{f.muton, 2, 8_000, 20_000}),
			),
		),
		category("Детям",
			sells("Детские шубки", 30, k.shubka, children,
				line{f.rabbit, 2, 12_000, 32_000}, line{f.muton, 1, 15_000, 38_000}),
			sells("Детские шапки", 30, k.shapka, children,
				line{f.rabbit, 2, 5_000, 9_000}, line{f.arcticFox, 1, 6_000, 15_000}),
			sells("Детские варежки", 21, mittens, children,
				line{f.rabbit, 1, 5_000, 7_000}, line{f.sheepskin, 1, 5_000, 8_000}),
		),
	}
}
