package runner

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tally-book/tally/book"
	"github.com/tally-book/tally/check"
	"github.com/tally-book/tally/runner/chapter"
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
		ch, _ := chapter.Parse("f.md", src)
		if ch == nil {
			t.Fatal("nil chapter")
		}
		lines := 1 // as an editor counts them: a lone CR ends a line too
		for _, c := range chapter.Normalize(src) {
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
			_ = c.Check(values, false)
			if c.Op == check.OpStatement && (strings.TrimSpace(c.Written.Text) == "" || strings.ContainsAny(c.Written.Text, "\n\r")) {
				t.Errorf("statement %s at line %d covers %q", c.Ref(), c.Pos.Line, c.Written.Text)
			}
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
		b := chapter.NewBook(map[string][]byte{"01-x.md": src})
		source := b.Chapters[0]
		stamped := chapter.StampText(tr, source)
		if again := chapter.StampText(stamped, source); string(again) != string(stamped) {
			t.Fatalf("stamping twice differs:\n%q\n%q", stamped, again)
		}
		trans := b.AddTranslation("ko", "ko/01-x.md", stamped)
		lines := strings.Count(string(chapter.Normalize(stamped)), "\n") + 1
		for _, st := range trans.Sections {
			if st.Line < 1 || st.Line > lines {
				t.Errorf("heading line %d outside 1..%d", st.Line, lines)
			}
		}
		r := CheckTranslation(trans, &ChapterResult{Chapter: source})
		secs := map[string]string{}
		for _, s := range chapter.Sections(source) {
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
