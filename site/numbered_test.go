package site

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/tally-book/tally/runner"
)

// TestNumberedSections: a numbered book's headings and table of contents
// show the sections' numbers, which references print too; a heading's
// {#sec:NAME} is its anchor. A book that is not numbered shows none.
func TestNumberedSections(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "chapters")
	book := func() *runner.Book {
		return runner.NewBook(map[string][]byte{
			filepath.Join(dir, "01-a.md"): []byte("# A\n\n## Start\n\nSee [](#sec:gd).\n"),
			filepath.Join(dir, "02-b.md"): []byte("---\ntoc: true\n---\n# B\n\n## Losses\n\nText.\n\n## Gradient descent {#sec:gd}\n\n### The step\n\nText.\n"),
		})
	}
	for _, numbered := range []bool{true, false} {
		out := t.TempDir()
		if err := Build(book(), nil, Options{Out: out, Numbered: numbered}); err != nil {
			t.Fatal(err)
		}
		a, _ := os.ReadFile(filepath.Join(out, "01-a.html"))
		b, _ := os.ReadFile(filepath.Join(out, "02-b.html"))
		for _, want := range []string{
			`<h2 id="gd"><span class="secnum">2.2</span> Gradient descent <a class="anchor" href="#gd"`,
			`<h3 id="the-step"><span class="secnum">2.2.1</span> The step`,
			`<a href="#gd"><span class="toc-num">2.2</span> Gradient descent</a>`,
			`<a href="#losses"><span class="toc-num">2.1</span> Losses</a>`,
		} {
			if got := bytes.Contains(b, []byte(want)); got != numbered {
				t.Errorf("numbered %v: the page has %s: %v", numbered, want, got)
			}
		}
		if !bytes.Contains(b, []byte(`<h2 id="gd">`)) {
			t.Errorf("numbered %v: no heading with the label's anchor", numbered)
		}
		if !bytes.Contains(a, []byte(`href="02-b.html#gd"`)) {
			t.Errorf("numbered %v: the reference does not link to the labelled section", numbered)
		}
		if bytes.Contains(b, []byte(`{#sec:`)) {
			t.Errorf("numbered %v: the label shows", numbered)
		}
	}
}
