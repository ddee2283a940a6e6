package demo

// fur is one value of the Мех characteristic, with what names and descriptions say about it.
type fur struct {
	name    string    // the characteristic's value: "Норка"
	of      string    // the genitive that follows «из»: «шуба из норки»
	adj     adjective // «норковая шуба»; zero for sheepskins, which Russian names with «из» only
	colours []colour  // the colours it comes in, its natural colour first
	country string    // where it is sewn when the fur decides that (sable is Russian); empty lets the kind decide
	about   []string  // description sentences about the fur, one of which each product gets
}

// furSet names every fur the catalog uses.
type furSet struct {
	mink, sable, fox, arcticFox, raccoon, karakul, rabbit, beaver fur
	muton, sheepskin, toscana, merino                             fur
}

// furs returns the catalog's furs, coloured from c.
func furs(c colourSet) furSet {
	return furSet{
		mink: fur{
			name: "Норка", of: "норки",
			adj:     adjective{"норковая", "норковый", "норковое", "норковые"},
			colours: []colour{c.darkBrown, c.black, c.brown, c.graphite, c.silver, c.blue, c.white, c.powder, c.beige},
			about: []string{
				"Норка — самый популярный мех для шуб: лёгкий, ноский и устойчивый к мокрому снегу.",
				"Мех норки короткий и плотный, с ровной блестящей остью; при бережном уходе изделие прослужит много сезонов.",
			},
		},
		sable: fur{
			name: "Соболь", of: "соболя",
			adj:     adjective{"соболья", "соболий", "соболье", "собольи"},
			colours: []colour{c.brown, c.darkBrown, c.sand},
			country: "Россия",
			about: []string{
				"Соболь — царский мех: невероятно лёгкий, шелковистый и тёплый, с живым серебристым отливом.",
				"Баргузинский соболь — мех, ради которого на пушные аукционы в Санкт-Петербург съезжаются скорняки со всего мира.",
			},
		},
		fox: fur{
			name: "Лиса", of: "лисы",
			adj:     adjective{"лисья", "лисий", "лисье", "лисьи"},
			colours: []colour{c.ginger, c.silver, c.white, c.beige},
			about: []string{
				"Лисий мех длинный, пышный и объёмный: в нём не страшен даже сильный ветер.",
				"Лиса придаёт образу яркость, а густой подшёрсток надёжно держит тепло.",
			},
		},
		arcticFox: fur{
			name: "Песец", of: "песца",
			adj:     adjective{"песцовая", "песцовый", "песцовое", "песцовые"},
			colours: []colour{c.white, c.blue, c.grey, c.beige, c.black},
			about: []string{
				"Песец — один из самых тёплых мехов: густой подшёрсток не пропускает холод даже в сильный мороз.",
				"Пушистый мех песца красиво обрамляет лицо и хорошо держит форму.",
			},
		},
		raccoon: fur{
			name: "Енот", of: "енота",
			adj:     adjective{"енотовая", "енотовый", "енотовое", "енотовые"},
			colours: []colour{c.grey, c.beige, c.brown},
			about: []string{
				"Мех енота плотный и тёплый, с красивой длинной остью и естественным переливом оттенков.",
				"Енот — практичный выбор для холодной зимы: мех не боится влаги и долго сохраняет вид.",
			},
		},
		karakul: fur{
			name: "Каракуль", of: "каракуля",
			adj:     adjective{"каракулевая", "каракулевый", "каракулевое", "каракулевые"},
			colours: []colour{c.black, c.brown, c.grey},
			about: []string{
				"Каракуль с муаровым завитком — лёгкий и изящный мех, который не утяжеляет силуэт.",
				"Мех каракуля тонкий и пластичный, поэтому изделия из него сидят почти как ткань.",
			},
		},
		rabbit: fur{
			name: "Кролик", of: "кролика",
			adj:     adjective{"кроличья", "кроличий", "кроличье", "кроличьи"},
			colours: []colour{c.grey, c.white, c.black, c.beige, c.brown, c.powder},
			about: []string{
				"Мех кролика мягкий и нежный на ощупь, а изделия из него доступны по цене.",
				"Кролик рекс с бархатистым ворсом выглядит дороже своей цены и приятно ощущается на коже.",
			},
		},
		beaver: fur{
			name: "Бобёр", of: "бобра",
			adj:     adjective{"бобровая", "бобровый", "бобровое", "бобровые"},
			colours: []colour{c.brown, c.darkBrown, c.black},
			about: []string{
				"Стриженый бобёр почти не боится снега и дождя и носится годами.",
				"Мех бобра густой и прочный: его выбирают те, кто ценит надёжность.",
			},
		},
		muton: fur{
			name: "Мутон", of: "мутона",
			adj:     adjective{"мутоновая", "мутоновый", "мутоновое", "мутоновые"},
			colours: []colour{c.brown, c.black, c.grey, c.beige},
			about: []string{
				"Мутон — особым образом выделанная овчина: прочный, тёплый и неприхотливый мех.",
				"Мех мутона хорошо переносит влагу, так что изделие можно носить каждый день.",
			},
		},
		sheepskin: fur{
			name: "Овчина", of: "овчины",
			colours: []colour{c.brown, c.black, c.darkBrown, c.beige, c.sand},
			about: []string{
				"Натуральная овчина тёплая и дышащая: в ней не жарко в транспорте и не холодно на улице.",
				"Кожа овчины мягкая и прочная, а густой мех с изнанки сохраняет тепло.",
			},
		},
		toscana: fur{
			name: "Тоскана", of: "тосканы",
			colours: []colour{c.beige, c.sand, c.grey, c.black, c.brown},
			about: []string{
				"Тоскана — овчина с длинным шелковистым мехом, лёгкая и очень тёплая.",
				"Длинный ворс тосканы выглядит нарядно, а сама шкурка остаётся мягкой и лёгкой.",
			},
		},
		merino: fur{
			name: "Меринос", of: "мериноса",
			colours: []colour{c.brown, c.black, c.darkBrown, c.graphite},
			about: []string{
				"Меринос — тонкорунная овчина с густым коротким мехом и мягкой кожей.",
				"Мех мериноса плотный и упругий, а дублёнка из него легче обычной овчинной.",
			},
		},
	}
}
