package runner

import (
	"os"
	"path/filepath"
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

// FuzzTranslation checks the translation headings parser: stamps are read
// from any heading, stamping is idempotent, and a stamped translation of
// an unchanged source has no stale section that names a source section.
func FuzzTranslation(f *testing.F) {
	// The seeds are the headings of each translated chapter and of its
	// source, each with the line after it: whole chapters are too large
	// for the fuzzer to mutate and minimize at a useful speed.
	ko, _ := filepath.Glob("../chapters/ko/*.md")
	for _, p := range ko {
		tr, err1 := os.ReadFile(p)
		src, err2 := os.ReadFile(filepath.Join("../chapters", filepath.Base(p)))
		if err1 == nil && err2 == nil {
			f.Add(headingsOf(src), headingsOf(tr))
		}
	}
	f.Add([]byte(enSource), []byte(koText))
	f.Add([]byte("# A\n## A\n### a-1\n"), []byte("# x <!--from a@zz-->\n## y <!--from a-1-->\n# <!--from -->\n"))
	f.Fuzz(func(t *testing.T, src, tr []byte) {
		source, _ := Parse("01-x.md", src)
		stamped := StampText(tr, source)
		if again := StampText(stamped, source); string(again) != string(stamped) {
			t.Fatalf("stamping twice differs:\n%q\n%q", stamped, again)
		}
		ch, _ := Parse("ko/01-x.md", stamped)
		trans, _ := newTranslation("ko", ch, source)
		lines := strings.Count(string(Normalize(stamped)), "\n") + 1
		for _, st := range trans.Sections {
			if st.Line < 1 || st.Line > lines {
				t.Errorf("heading line %d outside 1..%d", st.Line, lines)
			}
		}
		r := CheckTranslation(trans, &ChapterResult{Chapter: source})
		secs := map[string]string{}
		for _, s := range Sections(source) {
			secs[s.ID] = s.Hash
		}
		for _, s := range r.Stale {
			if h, ok := secs[s.ID]; ok && s.ID != "" && strings.Contains(s.Reason, "changed since") {
				t.Errorf("section #%s (hash %s) stale right after stamping: %s", s.ID, h, s.Reason)
			}
		}
	})
}

// headingsOf returns the heading lines of a chapter, each with the line
// that follows it.
func headingsOf(src []byte) []byte {
	var out []byte
	lines := strings.Split(string(src), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "#") {
			out = append(out, l+"\n"...)
			if i+1 < len(lines) {
				out = append(out, lines[i+1]+"\n"...)
			}
		}
	}
	return out
}
