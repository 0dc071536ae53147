package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"

	"github.com/tally-book/tally/runner/chapter"
)

// cmdStamp records, in each <!--from ID--> stamp of the given translations,
// the hash of the source section as it is now: the author says "this
// section is translated from the current source".
func cmdStamp(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("stamp", stderr, "stamp TRANSLATION...")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		fs.Usage()
		return usageError{fmt.Errorf("name at least one translation (chapters/ko/01-losses.md)")}
	}
	if _, err := findModule(); err != nil {
		return err
	}
	for _, p := range pos {
		b, err := chapter.LoadBook(chapter.BookOf(p))
		if err != nil {
			return err
		}
		tr := translationAt(b, p)
		if tr == nil {
			return fmt.Errorf("%s: not a translation (translations live in a language folder such as chapters/ko/)", p)
		}
		if tr.Source == nil {
			return fmt.Errorf("%s: no source chapter to stamp against", p)
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out := chapter.StampText(src, tr.Source)
		if bytes.Equal(out, src) {
			fmt.Fprintf(stdout, "%s: up to date\n", p)
			continue
		}
		if err := os.WriteFile(p, out, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s: stamped against %s\n", p, tr.Source.Path)
	}
	return nil
}
