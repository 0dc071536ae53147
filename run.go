package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/tally-book/tally/check"
	"github.com/tally-book/tally/runner"
	"github.com/tally-book/tally/runner/chapter"
)

// loadTargets parses the books that hold the given chapters or folders
// (the module's chapters/ when none) and returns the chapters to run, in
// order. Chapters are always loaded with their whole folder, so that uses:
// can find the chapters they name.
func loadTargets(args []string, m *bookModule) ([]*chapter.Book, [][]*chapter.Chapter, error) {
	if len(args) == 0 {
		args = []string{m.path("chapters")}
	}
	var books []*chapter.Book
	var sel [][]*chapter.Chapter
	byDir := map[string]int{}
	for _, a := range args {
		fi, err := os.Stat(a)
		if err != nil {
			return nil, nil, err
		}
		dir, file := a, ""
		if !fi.IsDir() {
			// A chapter runs in its book (chapters/, a blog's content/ or
			// _posts/), where uses: finds the chapters it names.
			dir, file = chapter.BookOf(a), a
		}
		dir = filepath.Clean(dir)
		i, ok := byDir[dir]
		if !ok {
			b, err := chapter.LoadBook(dir)
			if err != nil {
				return nil, nil, err
			}
			i = len(books)
			byDir[dir] = i
			books = append(books, b)
			sel = append(sel, nil)
		}
		b := books[i]
		if file == "" {
			sel[i] = append(sel[i], b.Chapters...)
			continue
		}
		ch := b.Chapter(file)
		if tr := translationAt(b, file); tr != nil {
			ch = tr.Source // a translation: run its source, which checks it too
		}
		if ch == nil {
			return nil, nil, fmt.Errorf("%s: not a chapter (chapters are *.md files)", file)
		}
		sel[i] = append(sel[i], ch)
	}
	// A chapter named twice (or with its translation) runs once.
	for i, chs := range sel {
		seen := map[*chapter.Chapter]bool{}
		var out []*chapter.Chapter
		for _, ch := range chs {
			if !seen[ch] {
				seen[ch] = true
				out = append(out, ch)
			}
		}
		sel[i] = out
	}
	return books, sel, nil
}

// translationAt returns the translation of b at path file, or nil.
func translationAt(b *chapter.Book, file string) *chapter.Translation {
	for _, t := range b.Translations {
		if filepath.Clean(t.Ch.Path) == filepath.Clean(file) {
			return t
		}
	}
	return nil
}

// runTargets runs the chosen chapters and returns their results.
// runTargets runs the chapters that args name (all of the book when none)
// and checks their translations. It returns the results, and the chapters
// run, in the order of the results' chapters.
func runTargets(ctx context.Context, c *common, m *bookModule, args []string, stderr io.Writer) (*runner.Results, []*chapter.Chapter, error) {
	books, sel, err := loadTargets(args, m)
	if err != nil {
		return nil, nil, err
	}
	var all []*chapter.Chapter
	for _, s := range sel {
		all = append(all, s...)
	}
	if unknown := runner.UnknownParams(all, c.set.m); len(unknown) > 0 {
		return nil, nil, usageError{fmt.Errorf("-set: no chapter has a parameter %s", strings.Join(unknown, ", "))}
	}
	r, err := c.runner(stderr)
	if err != nil {
		return nil, nil, err
	}
	res := &runner.Results{}
	for i, b := range books {
		var runs []*runner.ChapterResult
		for _, ch := range sel[i] {
			runs = append(runs, r.Run(ctx, b, ch))
		}
		trs := runner.CheckTranslations(b, runs)
		runner.CheckRefs(b, runs, trs)
		res.Chapters = append(res.Chapters, runs...)
		res.Translations = append(res.Translations, trs...)
	}
	res.GoVersion = runtime.Version()
	return res, all, nil
}

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("run", stderr, "run [flags] CHAPTER...")
	var c common
	c.register(fs)
	asJSON := fs.Bool("json", false, "print the results as JSON")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		fs.Usage()
		return usageError{fmt.Errorf("name at least one chapter")}
	}
	m, err := findModule()
	if err != nil {
		return err
	}
	c.root = m.root
	res, _, err := runTargets(ctx, &c, m, pos, stderr)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(stdout, res)
	}
	failed := false
	for _, ch := range res.Chapters {
		printChapter(stdout, ch)
		if !ch.OK() {
			failed = true
		}
	}
	// The claims in one line each, at the end, where the reader looks.
	for _, ch := range res.Chapters {
		if len(ch.Errors) == 0 && len(ch.Claims) > 0 {
			fmt.Fprintf(stdout, "%s: %s\n", ch.Path, runner.Summary(ch.Overrides, ch.Claims))
		}
	}
	for _, tr := range res.Translations {
		if tr.SourceRun != nil && len(tr.SourceRun.Errors) == 0 && len(tr.Claims) > 0 {
			fmt.Fprintf(stdout, "%s: %s\n", tr.Path, runner.Summary(tr.SourceRun.Overrides, tr.Claims))
		}
	}
	if failed {
		return errFailed
	}
	return nil
}

// printChapter writes what a chapter's run gave, for people.
func printChapter(w io.Writer, ch *runner.ChapterResult) {
	fmt.Fprintf(w, "== %s (%s, ran in %.2fs)\n", ch.Path, ch.Cache, ch.Duration)
	for _, p := range ch.Params {
		mark := ""
		if _, ok := ch.Overrides[p.Name]; ok {
			mark = " (overridden)"
		}
		fmt.Fprintf(w, "param %s = %s%s\n", p.Name, runner.Printable(fmt.Sprint(p.Value)), mark)
	}
	for _, s := range ch.Snippets {
		if !s.Ran {
			continue
		}
		fmt.Fprintf(w, "-- %s:%d (%.3fs)\n", ch.Path, s.Line, s.Duration)
		if s.Stdout != "" {
			fmt.Fprint(w, indentLines(runner.Printable(s.Stdout), "  "))
		}
		if s.Stderr != "" {
			fmt.Fprint(w, indentLines(runner.Printable(s.Stderr), "  stderr: "))
		}
		if s.Output != nil && s.Output.Status != check.Pass {
			fmt.Fprintf(w, "  output block at line %d: %s\n", s.Output.Line, s.Output.Status)
		}
	}
	for _, v := range ch.Values {
		fmt.Fprintf(w, "value %s = %s\n", v.Name, runner.Printable(v.Value.String()))
	}
	for _, f := range ch.Figures {
		fmt.Fprintf(w, "figure %s: %s\n", f.Name, f.Path)
	}
	for _, cl := range ch.Claims {
		fmt.Fprintf(w, "claim %s:%d %s %s: %s (computed %s, %s)\n", ch.Path, cl.Line, cl.Text, cl.Ref, cl.Status, cl.Shown, cl.Rule)
		if cl.Message != "" && cl.Status != check.Pass {
			fmt.Fprintf(w, "\t%s\n", runner.Printable(cl.Message))
		}
	}
	for _, e := range ch.Problems() {
		fmt.Fprintln(w, runner.Printable(e.Error()))
	}
}

func indentLines(s, prefix string) string {
	s = strings.TrimRight(s, "\n")
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix) + "\n"
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
