package main

import (
	"errors"

	"github.com/tally-book/tally/runner"
	"github.com/tally-book/tally/site"
)

// Book-wide settings of the site.
const (
	bookTitle       = "How Neural Networks Learn"
	bookDescription = "Losses, entropy, gradients and SGD on real MNIST, in Go. Every number in the text is computed by the code beside it, and checked."
)

// renderSite writes the pages of the book into dir. With keepGoing, a
// site whose chapters have problems is still written, with the problems
// marked on their pages.
func renderSite(b *runner.Book, res *runner.Results, root, dir string, keepGoing bool) error {
	err := site.Build(b, res, site.Options{Out: dir, Root: root, KeepGoing: keepGoing, Title: bookTitle, Description: bookDescription})
	if keepGoing && errors.Is(err, site.ErrProblems) {
		return nil
	}
	return err
}
