package site

import (
	"testing"

	"github.com/tally-book/tally/runner/chapter"
)

// TestClaimWords describes claims in the page's language: the rules'
// words come from package check's tables, and a book's words: may give
// them for a language tally does not know.
func TestClaimWords(t *testing.T) {
	words := map[string]map[string]string{"fr": {"rule.range": "entre %s et %s", "rule.round.decimals": "arrondi à %d décimales"}}
	if errs := checkWords(words, nil); len(errs) > 0 {
		t.Fatalf("the rules' words are not words of the site: %v", errs)
	}
	tests := []struct {
		prose, body, lang, want string
	}{
		{"0.0975", "sse", "en", "rounded to 4 decimals"},
		{"0.5", "sse", "en", "rounded to 1 decimal"},
		{"0.0975", "sse", "ko", "소수점 아래 4자리로 반올림"},
		{"0.0975", "sse", "ko-KR", "소수점 아래 4자리로 반올림"},
		{"94.6%", "acc", "ko", "백분율을 소수점 아래 1자리로 반올림"},
		{"-6.11e-10", "tiny", "ko", "유효숫자 3자리로 반올림"},
		{"0.31", "loss ±0.01", "en", "within ±0.01 of 0.31"},
		{"0.31", "loss ±5%", "ko", "0.31 ± 5% 이내"},
		{"0.94", "acc ≥", "ko", "0.94 이상"},
		{"0.4–0.6", "acc", "ko", "0.4 이상 0.6 이하"},
		{"0.4–0.6", "acc", "fr", "entre 0.4 et 0.6"},
		{"0.0975", "sse", "fr-CA", "arrondi à 4 décimales"},
		{"0.94", "acc >", "fr", "> 0.94"}, // English where the book gives no word
	}
	for _, tt := range tests {
		c, err := chapter.ParseClaim(tt.body)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Follow(tt.prose); err != nil {
			t.Fatal(err)
		}
		if got := c.Describe(withWords(tt.lang, words)); got != tt.want {
			t.Errorf("%s<!--=%s--> in %s: %q, want %q", tt.prose, tt.body, tt.lang, got, tt.want)
		}
	}
}
