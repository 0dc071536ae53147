package check

import "fmt"

// Words are the messages of the claim rules in one language, by key: how
// a page describes a claim's rule. English and Korean are built in; a
// book gives other languages, or other words, in its book file (words:),
// by the keys of English, which package site takes into its interface
// words. A key.one entry is the singular of key.
type Words map[string]string

// F formats the message of key with args, in English when w lacks it.
func (w Words) F(key string, args ...any) string {
	return fmt.Sprintf(w.text(key), args...)
}

// N formats the message of key with args; n chooses key.one when it is 1
// and w has one.
func (w Words) N(key string, n int, args ...any) string {
	if s, ok := w[key+".one"]; ok && n == 1 {
		return fmt.Sprintf(s, args...)
	}
	return w.F(key, args...)
}

func (w Words) text(key string) string {
	if s, ok := w[key]; ok {
		return s
	}
	if s, ok := English[key]; ok {
		return s
	}
	panic("check: no message " + key)
}

// English are the rules' words in English, the language of tally test.
var English = Words{
	"rule.round.decimals":     "rounded to %d decimals",
	"rule.round.decimals.one": "rounded to %d decimal",
	"rule.round.integer":      "rounded to an integer",
	"rule.round.percent":      "as a percentage rounded to %d decimals",
	"rule.round.percent.one":  "as a percentage rounded to %d decimal",
	"rule.round.sig":          "rounded to %d significant digits",
	"rule.round.sig.one":      "rounded to %d significant digit",
	"rule.tol":                "within ±%[1]s of %[2]s",
	"rule.tol.rel":            "within ±%[1]s%% of %[2]s",
	"rule.lt":                 "< %s",
	"rule.le":                 "<= %s",
	"rule.gt":                 "> %s",
	"rule.ge":                 ">= %s",
	"rule.range":              "between %s and %s",
	"rule.statement":          "the run finds it true",
}

// Korean are the rules' words in Korean.
var Korean = Words{
	"rule.round.decimals": "소수점 아래 %d자리로 반올림",
	"rule.round.integer":  "정수로 반올림",
	"rule.round.percent":  "백분율을 소수점 아래 %d자리로 반올림",
	"rule.round.sig":      "유효숫자 %d자리로 반올림",
	"rule.tol":            "%[2]s ± %[1]s 이내",
	"rule.tol.rel":        "%[2]s ± %[1]s%% 이내",
	"rule.lt":             "%s 미만",
	"rule.le":             "%s 이하",
	"rule.gt":             "%s 초과",
	"rule.ge":             "%s 이상",
	"rule.range":          "%s 이상 %s 이하",
	"rule.statement":      "실행 결과가 참",
}
