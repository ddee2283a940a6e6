package demo

import (
	"math/rand/v2"
	"strings"
)

// description assembles two to four sentences: how the kind is worn, what the fur is like, and up to two of
// the cut, the country and the care, each with even odds, so that neighbouring products read differently.
func description(r *rand.Rand, k kind, f fur, feat feature, country string) string {
	sentences := []string{pick(r, k.openings), pick(r, f.about)}
	extras := []string{feat.sentence, countrySentence(country), pick(r, careSentences(k.garment))}
	for _, s := range extras {
		if s != "" && len(sentences) < 4 && r.IntN(2) == 0 {
			sentences = append(sentences, s)
		}
	}
	return strings.Join(sentences, " ")
}

// countrySentence says where the product was sewn; it is empty for a country it has nothing to say about.
func countrySentence(country string) string {
	switch country {
	case "Греция":
		return "Сшито в Греции, в Кастории, где скорняжному делу учатся с детства."
	case "Италия":
		return "Сшито в Италии: итальянские мастера славятся точной посадкой и аккуратной отделкой."
	case "Россия":
		return "Сшито в России, на фабрике с многолетним опытом работы с мехом."
	case "Китай":
		return "Отшито в Китае на фабрике, которая работает по европейским лекалам."
	case "Турция":
		return "Сшито в Турции из кожи, выделанной по европейским стандартам."
	}
	return ""
}

// careSentences returns advice on keeping the product, which differs for garments and for small things.
func careSentences(garment bool) []string {
	if garment {
		return []string{
			"Храните изделие на широких плечиках в дышащем чехле, подальше от батареи.",
			"Если мех намок, просушите его при комнатной температуре, без фена.",
			"Чистку доверьте химчистке, которая работает с натуральным мехом.",
			"В комплекте — фирменный чехол и плечики.",
		}
	}
	return []string{
		"Летом храните изделие в коробке, переложив его мешочком с лавандой от моли.",
		"Если мех намок, просушите его при комнатной температуре, без фена.",
		"Изделие упаковано в фирменную коробку — его удобно дарить.",
	}
}
