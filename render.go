package main

import (
	"errors"

	"github.com/tally-book/tally/runner"
	"github.com/tally-book/tally/runner/chapter"
	"github.com/tally-book/tally/site"
)

// renderSite writes the pages of the book into dir: the edition of its
// chapters at its root and each translation's edition in a folder of its
// language, named and titled as the book says (b.Settings: its book file,
// or its blog's configuration). With keepGoing, a site whose chapters have
// problems is still written, with the problems marked on their pages. The
// rendered math is kept in cache, between builds; memo, when not nil,
// keeps more between the builds of tally serve (site.Memo).
func renderSite(b *chapter.Book, res *runner.Results, cache, dir string, keepGoing bool, wasm *siteWasm, memo *site.Memo) error {
	opts := site.Options{Out: dir, Cache: cache, KeepGoing: keepGoing, Memo: memo}
	if wasm != nil {
		opts.Wasm, opts.WasmExec, opts.Timeout, opts.Data = wasm.program, wasm.exec, wasm.timeout, wasm.data
	}
	err := site.Build(b, res, opts)
	if keepGoing && errors.Is(err, site.ErrProblems) {
		return nil
	}
	return err
}
