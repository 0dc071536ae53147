package main

import (
	"os"
	"path/filepath"

	"github.com/tally-book/tally/runner"
	"github.com/tally-book/tally/runner/book"
)

// renderSite writes the pages of the book into dir.
func renderSite(b *runner.Book, res *runner.Results, root, dir string, keepGoing bool) error {
	for _, ch := range res.Chapters {
		for _, f := range ch.Figures {
			if err := book.ValidName(f.Name); err != nil {
				return err
			}
			data, err := os.ReadFile(f.Path)
			if err != nil {
				return err
			}
			fd := filepath.Join(dir, "figures", ch.Slug)
			if err := os.MkdirAll(fd, 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(fd, f.Name+".png"), data, 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}
