package main

import (
	"context"
	"time"

	"github.com/tally-book/tally/runner"
)

// siteWasm is what the static re-run adds to a site: the chapters'
// programs built for the browser, by slug, and wasm_exec.js.
type siteWasm struct {
	programs map[string]string
	exec     string
	sizes    map[string]int64 // bytes of each program
	timeout  time.Duration    // limit of a run when the chapter's front matter sets none (-timeout), which the page applies too
}

// rerunsInBrowser reports whether the page of ch re-runs it in the
// browser: it has parameters (and so a parameter panel), and its front
// matter does not say rerun: serve-only.
func rerunsInBrowser(ch *runner.Chapter) bool {
	return len(ch.Meta.Params) > 0 && ch.Meta.Rerun != runner.RerunServeOnly
}

// buildWasm builds the browser program of every chapter whose page
// re-runs it in the browser and whose run succeeded. A chapter whose
// program does not build for the browser is a problem, at its lines.
func buildWasm(ctx context.Context, r *runner.Runner, b *runner.Book, res *runner.Results) (*siteWasm, runner.ErrorList, error) {
	var probs runner.ErrorList
	w := &siteWasm{programs: map[string]string{}, sizes: map[string]int64{}}
	for _, cr := range res.Chapters {
		ch := cr.Chapter
		if ch == nil || !rerunsInBrowser(ch) || !cr.OK() {
			continue
		}
		p, err := r.BuildWasm(ctx, b, ch)
		if err != nil {
			if l, ok := err.(runner.ErrorList); ok {
				for _, e := range l {
					e.Msg += " (the chapter's page re-runs it in the browser; write rerun: serve-only in its front matter to re-run it only in tally serve)"
					probs = append(probs, e)
				}
				continue
			}
			return nil, nil, err
		}
		w.programs[ch.Slug], w.sizes[ch.Slug] = p.Path, p.Size
	}
	if len(w.programs) == 0 {
		return nil, probs, nil
	}
	exec, err := r.WasmExec(ctx)
	if err != nil {
		return nil, nil, err
	}
	w.exec = exec
	return w, probs, nil
}
