package chapter

import (
	"regexp"
	"strings"
	"testing"

	"github.com/tally-book/tally/internal/testkit"
)

var seedFrontRE = regexp.MustCompile(`(?s)\A---\n(.*?)\n---\n`)

// FuzzFrontMatter checks the front matter parser: whatever the YAML, Parse
// returns a chapter, and every problem and parameter lies inside the file.
func FuzzFrontMatter(f *testing.F) {
	for _, text := range testkit.SeedTexts(f) {
		if m := seedFrontRE.FindStringSubmatch(strings.ReplaceAll(text, "\r\n", "\n")); m != nil {
			f.Add(m[1])
		}
	}
	f.Add("params:\n  lr: {value: 0.1}\ntimeout: 0s\nuses: [a, a]")
	f.Add("title: [\nparams: !!binary aGk=")
	f.Fuzz(func(t *testing.T, fm string) {
		src := []byte("---\n" + fm + "\n---\n# T\n\nx 0.5<!--=lr-->\n")
		ch, err := Parse("f.md", src)
		if ch == nil {
			t.Fatal("nil chapter")
		}
		lines := strings.Count(string(Normalize(src)), "\n") + 1
		if list, ok := err.(ErrorList); ok {
			for _, e := range list {
				if e.Pos.File != "f.md" || e.Pos.Line < 0 || e.Pos.Line > lines {
					t.Errorf("problem at %v outside f.md:1..%d: %s", e.Pos, lines, e.Msg)
				}
			}
		}
		for _, p := range ch.Meta.Params {
			if p.Line < 1 || p.Line > lines {
				t.Errorf("param %s at line %d outside 1..%d", p.Name, p.Line, lines)
			}
			_ = p.GoLiteral()
		}
	})
}
