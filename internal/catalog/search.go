package catalog

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Search limits: a search box's text, not a document.
const (
	maxQueryRunes  = 200
	maxSearchWords = 8
	maxWordRunes   = 40
)

// SearchWords makes the words a search asks for out of what a customer typed: lower case, ё read as е, split
// at anything that is not a letter or a digit (so text-search syntax, quotes and SQL are only separators),
// each word once, at most eight, the longest first. None (q of punctuation only) is an empty list: a search
// that finds nothing.
func SearchWords(q string) ([]string, error) {
	switch {
	case !utf8.ValidString(q):
		return nil, errors.New("must be UTF-8 text")
	case utf8.RuneCountInString(q) > maxQueryRunes:
		return nil, fmt.Errorf("must be at most %d characters", maxQueryRunes)
	}
	q = strings.ReplaceAll(strings.ToLower(q), "ё", "е")
	words := []string{}
	for _, w := range strings.FieldsFunc(q, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if utf8.RuneCountInString(w) > maxWordRunes {
			w = string([]rune(w)[:maxWordRunes])
		}
		if !slices.Contains(words, w) && len(words) < maxSearchWords {
			words = append(words, w)
		}
	}
	// The longest word first: the listing finds its candidates by the first word that asks something
	// (search_lead, migration 00015), and a long word is the most telling one.
	if i := longest(words); i > 0 {
		words = append(append([]string{words[i]}, words[:i]...), words[i+1:]...)
	}
	return words, nil
}

func longest(words []string) int {
	at := -1
	for i, w := range words {
		if at < 0 || utf8.RuneCountInString(w) > utf8.RuneCountInString(words[at]) {
			at = i
		}
	}
	return at
}
