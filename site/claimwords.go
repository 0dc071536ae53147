package site

import "github.com/tally-book/tally/check"

// The words of the claim rules ("rounded to 4 decimals", "0.31 ± 0.01
// 이내") are package check's: the interface words take them in, so a
// page describes a claim in its language and a book's words: can give
// them for any other, by check.English's keys.
func init() {
	addWords(enText, check.English)
	addWords(koText, check.Korean)
}

// addWords adds words to an interface's; a key of both is a mistake.
func addWords(text map[string]string, words check.Words) {
	for k, v := range words {
		if _, dup := text[k]; dup {
			panic("site: the claim rules' word " + k + " is a word of the site too")
		}
		text[k] = v
	}
}
