package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/tally-book/tally/check"
	"github.com/tally-book/tally/internal/report"
	"github.com/tally-book/tally/runner/chapter"
)

// cmdTest runs chapters (or books) and reports every failing snippet,
// claim and output in the format -format asks for; it fails when any
// fails.
func cmdTest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("test", stderr, "test [flags] [CHAPTER|DIR]...")
	var c common
	c.register(fs)
	asJSON := fs.Bool("json", false, "print the results as JSON (the same as -format json)")
	format := fs.String("format", "text", "output: text, json (the results) or github (GitHub Actions annotations)")
	unclaimed := fs.Bool("unclaimed", false, "also list the decimal numbers of the prose that carry no claim (notices: they fail nothing)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if *asJSON {
		*format = "json"
	}
	if !slices.Contains(report.Formats, *format) {
		return usageError{fmt.Errorf("-format %s: want one of %s", *format, strings.Join(report.Formats, ", "))}
	}
	m, err := findModule()
	if err != nil {
		return err
	}
	c.root = m.root
	res, chapters, err := runTargets(ctx, &c, m, pos, stderr)
	if err != nil {
		return err
	}
	if *format == "json" {
		if err := writeJSON(stdout, res); err != nil {
			return err
		}
	}
	rep := &report.Reporter{W: stdout, Format: *format}
	var passed, failed, info int
	for i, ch := range res.Chapters {
		probs := ch.Problems()
		for _, p := range probs {
			rep.Problem(p)
		}
		if *unclaimed {
			for _, u := range chapters[i].Unclaimed() {
				msg := u.Text + " carries no claim"
				if u.InCode {
					msg += " (the code writes it too: an input?)"
				}
				rep.Notice(chapter.Pos{File: ch.Path, Line: u.Line}, msg)
			}
		}
		for _, cl := range ch.Claims {
			switch cl.Status {
			case check.Pass:
				passed++
			case check.Info:
				info++
				rep.Notice(chapter.Pos{File: ch.Path, Line: cl.Line}, cl.Message)
			}
		}
		failed += len(probs) // failed claims and outputs, and run errors
		status := "ok  "
		if len(probs) > 0 {
			status = "FAIL"
		}
		rep.Printf("%s %s\t%d claims\t%s\t%.2fs\n", status, ch.Path, len(ch.Claims), ch.Cache, ch.Elapsed)
	}
	for _, tr := range res.Translations {
		probs := tr.Problems()
		for _, p := range probs {
			rep.Problem(p)
		}
		for _, cl := range tr.Claims {
			if cl.Status == check.Pass {
				passed++
			} else if cl.Status == check.Info {
				info++
			}
		}
		failed += len(probs)
		for _, s := range tr.Stale {
			rep.Notice(chapter.Pos{File: tr.Path, Line: s.Line}, "stale: "+s.Reason)
		}
		for _, m := range tr.FigureText {
			rep.Warning(chapter.Pos{File: tr.Path}, fmt.Sprintf("figure %s: no translation of %q in figure_text", m.Figure, m.Text))
		}
		for _, c := range tr.CodeText {
			rep.Warning(chapter.Pos{File: tr.Source, Line: c.Line}, fmt.Sprintf("comment %q: no translation in the code_text of %s", c.Text, tr.Path))
		}
		for _, k := range tr.CodeStale {
			rep.Warning(chapter.Pos{File: tr.Path}, fmt.Sprintf("code_text: %q is no comment of the code of %s any more (stale)", k, tr.Source))
		}
		for _, u := range tr.Unchecked {
			rep.Warning(chapter.Pos{File: tr.Path, Line: u.Line}, fmt.Sprintf("%s reads like the source's claim of %s but carries no check", u.Text, u.Ref))
		}
		if len(tr.Untranslated) > 0 {
			rep.Notice(chapter.Pos{File: tr.Path}, fmt.Sprintf("untranslated sections of %s: #%s", tr.Source, strings.Join(tr.Untranslated, " #")))
		}
		status := "ok  "
		if len(probs) > 0 {
			status = "FAIL"
		}
		rep.Printf("%s %s\t%d claims\t%s of %s\t%d stale sections\n", status, tr.Path, len(tr.Claims), tr.Lang, tr.Source, len(tr.Stale))
	}
	rep.Printf("%d chapters: %d passed, %d failed", len(res.Chapters)+len(res.Translations), passed, failed)
	if info > 0 {
		rep.Printf(", %d reported under overrides", info)
	}
	rep.Printf("\n")
	if failed > 0 {
		return errFailed
	}
	return nil
}
