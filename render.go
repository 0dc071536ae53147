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

// editions names the book's editions: the English one of the chapters,
// and the translations of chapters/<lang>/, which site.Build writes under
// <lang>/ from the same run.
var editions = []site.Language{
	{Code: "en", Name: "English"},
	{Code: "ko", Name: "한국어", Title: "신경망은 어떻게 학습하는가",
		Description: "손실 함수, 엔트로피, 기울기, 확률적 경사 하강법을 실제 MNIST 데이터와 Go 코드로 살펴봅니다. 본문의 모든 수치는 옆의 코드가 계산하고, 빌드할 때마다 검증합니다."},
}

// renderSite writes the pages of the book into dir: the English edition
// at its root and each translation's edition in a folder of its language.
// With keepGoing, a site whose chapters have problems is still written,
// with the problems marked on their pages. The rendered math is kept in
// cache, between builds; memo, when not nil, keeps more between the
// builds of tally serve (site.Memo).
func renderSite(b *runner.Book, res *runner.Results, cache, dir string, keepGoing bool, wasm *siteWasm, memo *site.Memo) error {
	opts := site.Options{Out: dir, Cache: cache, KeepGoing: keepGoing, Memo: memo,
		Title: bookTitle, Description: bookDescription, Languages: editions}
	if wasm != nil {
		opts.Wasm, opts.WasmExec, opts.Timeout, opts.Data = wasm.program, wasm.exec, wasm.timeout, wasm.data
	}
	err := site.Build(b, res, opts)
	if keepGoing && errors.Is(err, site.ErrProblems) {
		return nil
	}
	return err
}
