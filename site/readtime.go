package site

import (
	"github.com/tally-book/tally/runner"
	"math"
	"unicode"

	"github.com/yuin/goldmark/ast"
)

// Reading speeds behind the estimated reading time.
const (
	wordsPerMinute     = 220 // English prose
	syllablesPerMinute = 500 // Hangul prose
	codeLinesPerMinute = 30  // code is read slowly
)

// readingMinutes estimates the time to read a chapter: its words, its
// Hangul syllables and its lines of code (with extraCode lines shown from
// elsewhere), at least one minute.
func readingMinutes(doc ast.Node, src []byte, extraCode int) int {
	words, syllables, code := 0, 0, extraCode
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			code += n.Lines().Len()
			return ast.WalkSkipChildren, nil
		case *runner.FigureNode:
			return ast.WalkSkipChildren, nil // a figure is looked at, not read
		case *ast.Text:
			w, s := countWords(n.Segment.Value(src))
			words += w
			syllables += s
		}
		return ast.WalkContinue, nil
	})
	m := float64(words)/wordsPerMinute + float64(syllables)/syllablesPerMinute + float64(code)/codeLinesPerMinute
	return max(1, int(math.Round(m)))
}

// countWords counts the non-Hangul words and the Hangul syllables of b.
func countWords(b []byte) (words, syllables int) {
	in := false
	for _, r := range string(b) {
		switch {
		case isHangul(r):
			syllables++
			in = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if !in {
				words++
			}
			in = true
		default:
			in = false
		}
	}
	return words, syllables
}
