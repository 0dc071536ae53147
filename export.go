package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/tally-book/tally/internal/export"
	"github.com/tally-book/tally/runner/chapter"
)

// cmdExport runs the book and writes each chapter back as Markdown for a
// blog engine (package internal/export), with every snippet's output and
// its figures inlined.
func cmdExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("export", stderr, "export -format jekyll|hugo -out DIR [flags] [BOOK]")
	var c common
	c.register(fs)
	format := fs.String("format", "", "jekyll (DIR/SLUG.md, figures in ASSETS/SLUG/) or hugo (page bundles: DIR/SLUG/index.md and its figures)")
	out := fs.String("out", "", "folder to write the posts into (for Jekyll, the site's _posts or a folder of it)")
	assets := fs.String("assets", "", "jekyll: folder of the figures, one folder per post, which the site publishes (default assets/tally in the site: the folder above the _posts of -out, else above -out)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if !slices.Contains(export.Formats, *format) {
		return usageError{fmt.Errorf("-format %q: want one of %s", *format, strings.Join(export.Formats, ", "))}
	}
	if *out == "" {
		return usageError{errors.New("-out DIR is needed")}
	}
	ex, err := export.New(export.Options{Format: *format, Out: *out, Assets: *assets})
	if err != nil {
		return usageError{err}
	}
	m, err := findModule()
	if err != nil {
		return err
	}
	c.root = m.root
	dir, err := bookDir("export", pos, m)
	if err != nil {
		return err
	}
	b, _, res, err := runBook(ctx, &c, dir, stderr)
	if err != nil {
		return err
	}
	var probs chapter.ErrorList
	for _, ch := range res.Chapters {
		probs = append(probs, ch.Problems()...)
	}
	for _, p := range probs {
		fmt.Fprintln(stderr, p)
	}
	if len(probs) > 0 {
		return fmt.Errorf("%d problems; nothing exported", len(probs))
	}
	ex.Index(b, res.Chapters)
	var files []export.File
	for _, ch := range res.Chapters {
		plan, err := ex.Plan(b.Dir, ch)
		if err != nil {
			return err
		}
		files = append(files, plan...)
	}
	if err := export.Check(files); err != nil {
		return err
	}
	return export.Write(files, stdout)
}
