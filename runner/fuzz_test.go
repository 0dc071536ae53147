package runner

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tally-book/tally/book"
	"github.com/tally-book/tally/check"
)

// FuzzParse feeds arbitrary text through the Markdown → snippets → claims
// extraction: it must never panic, every position must lie in the file, and
// claims must check without panicking.
func FuzzParse(f *testing.F) {
	chapters, _ := filepath.Glob("../chapters/*.md")
	fixtures, _ := filepath.Glob("testdata/*.txtar")
	for _, p := range append(chapters, fixtures...) {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("---\nparams: {lr: 0.1}\n---\nx 0.5<!--=lr-->\n```go\nx := 1\n```\n```output\n1\n```\n"))
	f.Add([]byte("(−6.1e-10<!--=g[0]-->, 8<!--=g[1] ±0.5-->) **9%**<!--=a >=-->"))
	f.Add([]byte("It is round. *Every* arrow, at $x$,\npoints in<!--?ok-->, and back<!--?lr-->! Done<!--?no-->.\\\nx<!--?ok-->"))
	values := map[string]book.Value{"lr": {Kind: "number", Num: 0.1}, "g": {Kind: "vector", Vec: []book.Number{1, 2}}, "ok": {Kind: "bool", Str: "true"}}
	f.Fuzz(func(t *testing.T, src []byte) {
		ch, _ := Parse("f.md", src)
		if ch == nil {
			t.Fatal("nil chapter")
		}
		lines := 1 // as an editor counts them: a lone CR ends a line too
		for _, c := range Normalize(src) {
			if c == '\n' {
				lines++
			}
		}
		for _, s := range ch.Snippets {
			if s.Line < 1 || s.Line > lines+1 {
				t.Errorf("snippet line %d outside 1..%d", s.Line, lines+1)
			}
			_, _ = splitSnippet(s.Code)
		}
		for _, c := range ch.Claims {
			if c.Pos.Line < 1 || c.Pos.Line > lines {
				t.Errorf("claim line %d outside 1..%d", c.Pos.Line, lines)
			}
			_ = c.Check(values)
			if c.Op == check.OpStatement && (strings.TrimSpace(c.Written.Text) == "" || strings.ContainsAny(c.Written.Text, "\n\r")) {
				t.Errorf("statement %s at line %d covers %q", c.Ref(), c.Pos.Line, c.Written.Text)
			}
		}
	})
}
