package book

import (
	"regexp"
	"testing"

	"github.com/tally-book/tally/internal/testkit"
)

// TestNamesAsExpressions checks the hand-written readers of names against
// the expressions they stand for, on corners and on random strings of the
// characters the forms are made of.
func TestNamesAsExpressions(t *testing.T) {
	for _, c := range []struct {
		re *regexp.Regexp
		f  func(string) bool
	}{
		{regexp.MustCompile(`^[a-z][a-z0-9_]*$`), isName},
		{regexp.MustCompile(`^[a-z][A-Za-z0-9_]*$`), isValueName},
		{regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z]{2,4})?$`), ValidLang},
	} {
		cases := []string{"", "a", "ab", "abc", "abcd", "ko", "pt-BR", "pt-", "-BR", "pt-B", "pt-Hans", "pt-Hanse", "pt-BR-x",
			"zh-hant", "KO", "k", "x1", "batchSize", "lr_2", "_a", "1a", "a b", "a\n", "é", "a-b"}
		cases = append(cases, testkit.RandomStrings(1, "abzAZ09_-é \n", 9, 20000)...)
		for _, s := range cases {
			if got, want := c.f(s), c.re.MatchString(s); got != want {
				t.Errorf("%s: %q gives %v, want %v", c.re, s, got, want)
			}
		}
	}
}
