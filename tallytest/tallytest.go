// Package tallytest verifies a tally book from go test: a book's
// book_test.go is
//
//	func TestBook(t *testing.T) { tallytest.Book(t, "chapters") }
//
// and go test ./... then runs every chapter, as tally test does, with one
// subtest per chapter and one per claim and expected output, so that
// go test -run 'Book/02' checks chapter 2 alone and a false claim fails
// with its chapters/NN-name.md:LINE. Runs come from the cache in _tally/
// when a chapter's code did not change.
package tallytest

import (
	"fmt"
	"testing"

	"github.com/tally-book/tally/check"
	"github.com/tally-book/tally/runner"
	"github.com/tally-book/tally/runner/chapter"
)

// Book runs the chapters of dir (a folder of the module the test runs in,
// such as "chapters") and checks their claims and expected outputs, and
// the claims of their translations, each as a subtest: SLUG, SLUG/lineN_REF,
// SLUG/lineN_output, and LANG/SLUG for a translation.
func Book(t *testing.T, dir string) {
	t.Helper()
	b, err := chapter.LoadBook(dir)
	if err != nil {
		t.Fatal(err)
	}
	// Imports: the chapters' imports of other modules are kept in
	// runner.ImportsFile, so that go mod tidy keeps their modules.
	r, err := runner.New(runner.Config{Imports: true})
	if err != nil {
		t.Fatal(err)
	}
	runs := map[*chapter.Chapter]*runner.ChapterResult{}
	for _, ch := range b.Chapters {
		t.Run(ch.Slug, func(t *testing.T) {
			res := r.Run(t.Context(), b, ch)
			runs[ch] = res
			t.Logf("%s: %s, %.2fs", ch.Path, res.Cache, res.Elapsed)
			for _, e := range res.Errors {
				t.Error(e)
			}
			for _, c := range res.Claims {
				t.Run(fmt.Sprintf("line%d_%s", c.Line, c.Ref), func(t *testing.T) {
					if c.Status != check.Pass {
						t.Errorf("%s:%d: %s", ch.Path, c.Line, c.Message)
					}
				})
			}
			for _, s := range res.Snippets {
				if s.Output == nil {
					continue
				}
				t.Run(fmt.Sprintf("line%d_output", s.Output.Line), func(t *testing.T) {
					if s.Output.Status != check.Pass {
						t.Errorf("%s:%d: %s", ch.Path, s.Output.Line, s.Output.Message)
					}
				})
			}
		})
	}
	// Translations: their claims against the values of their source's run.
	for _, tr := range b.Translations {
		t.Run(tr.Lang+"/"+tr.Ch.Slug, func(t *testing.T) {
			src := runs[tr.Source]
			if src == nil {
				if tr.Source == nil {
					t.Fatal(b.Errors[tr.Ch])
				}
				t.Skip("source chapter not run (filtered out by -run)")
			}
			res := runner.CheckTranslation(tr, src)
			for _, e := range append(b.Errors[tr.Ch], res.Errors...) {
				t.Error(e)
			}
			for _, u := range res.Unchecked {
				t.Logf("%s:%d: %s reads like the source's claim of %s but carries no check", tr.Ch.Path, u.Line, u.Text, u.Ref)
			}
			for _, s := range res.Stale {
				t.Logf("%s:%d: stale: %s", tr.Ch.Path, s.Line, s.Reason)
			}
			for _, c := range res.Claims {
				t.Run(fmt.Sprintf("line%d_%s", c.Line, c.Ref), func(t *testing.T) {
					if c.Status != check.Pass {
						t.Errorf("%s:%d: %s", tr.Ch.Path, c.Line, c.Message)
					}
				})
			}
		})
	}
}
