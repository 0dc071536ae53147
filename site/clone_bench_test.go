package site

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/tally-book/tally/runner"
)

// BenchmarkPageTree compares what a page does to get a tree it may
// rewrite, for the book's chapters: copy the runner's (now) or parse the
// chapter again (before).
//
//	go test ./site/ -run X -bench PageTree
func BenchmarkPageTree(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join("..", "chapters", "*.md"))
	var chs []*runner.Chapter
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		ch, _ := runner.Parse(f, src)
		chs = append(chs, ch)
	}
	if len(chs) == 0 {
		b.Skip("no chapters")
	}
	b.Run("copy", func(b *testing.B) {
		for b.Loop() {
			for _, ch := range chs {
				cloneTree(ch.Doc)
			}
		}
	})
	b.Run("parse", func(b *testing.B) {
		for b.Loop() {
			for _, ch := range chs {
				_, _ = runner.ParseWith(runner.Markdown(ch.Math), ch.Math, ch.Path, ch.Source)
			}
		}
	})
}
