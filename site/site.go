package site

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/tally-book/tally/internal/katexdist"
	"github.com/tally-book/tally/runner"
	"github.com/tally-book/tally/runner/chapter"
)

// Options configures Build. The zero value, with Out set, builds an
// English site that fails on any problem.
type Options struct {
	Out         string                       // folder to write the site into (made if missing); the caller swaps it into place
	KeepGoing   bool                         // mark failed claims, outputs and runs in red instead of failing the build
	Title       string                       // book title, in the top bar and on the index page; the book's (chapter.Settings) when empty, or "tally"
	Description string                       // a sentence under the title on the index page; the book's when empty
	Lang        string                       // language of the book's chapters (BCP 47); the book's when empty, or "en"
	Languages   []Language                   // names, titles and descriptions of the editions; the book's editions when nil
	Words       map[string]map[string]string // the site's words by language code and key, over the built-in ones; the book's when nil
	Numbered    bool                         // number the sections of the pages, "2.3 Gradient descent" (numbered.go); or the book's numbered:
	KaTeXDir    string                       // folder of katex.min.js, katex.min.css and fonts/*.woff2 to use instead of the KaTeX embedded in tally
	Cache       string                       // folder that keeps rendered math and highlighted code between builds (e.g. _tally/site); none when empty
	Wasm        *Wasm                        // the book's program built for the browser, for the static re-run; nil for none
	WasmExec    string                       // the Go distribution's wasm_exec.js (runner.WasmExec); needed when Wasm is set
	Data        map[string]string            // data files of the chapters the program re-runs: front matter name → file on disk (runner.DataFiles)
	Timeout     time.Duration                // limit of a re-run in the browser when the chapter's front matter sets none; runner.DefaultTimeout when zero
	Memo        *Memo                        // what the builds of one process share (tally serve); nil for none
}

// Language describes an edition of the book: the one of its chapters
// (Options.Lang) or a translation. Build makes an edition for every
// language the book has translations in; Languages only names them.
type Language struct {
	Code        string // BCP 47 code, the name of the translations' folder, e.g. "ko"
	Name        string // name in that language, for the switcher, e.g. "한국어"; a default for common languages
	Title       string // the book's title in that language; Options.Title when empty
	Description string // the sentence under the title on that edition's index page; Options.Description when empty
}

// ErrProblems wraps the error of a build whose chapters have problems.
var ErrProblems = errors.New("site: the book has problems")

// builder holds what the pages of one edition share; the editions of a
// build share the writer and KaTeX.
type builder struct {
	opts      Options
	lang      string    // the edition's language
	name      string    // its name in itself, for the switcher
	dir       string    // its folder in the site: "" for the book's language, "ko/" for Korean
	title     string    // the book's title in it
	desc      string    // the index page's lead
	msg       *messages // the words of the interface
	all       []*builder
	out       *writer
	math      *mathCache
	code      *codeCache
	noKaTeXAt map[*page]bool
	pages     []*page
	views     []*pageView // what the templates show of each page, once it is rendered (write.go)
	labels    xrefs       // "eq:central" → what it numbers (xref.go)
	goVersion string
}

// primary reports whether the edition is the one of the book's chapters.
func (b *builder) primary() bool { return b.dir == "" }

// Build writes the site of book b, with the results res of its run, into
// opts.Out: a page per chapter, an index, the figures, the chapters'
// Markdown, the search index, and the assets (CSS, scripts, KaTeX's CSS
// and fonts). res may be nil, for a site of the prose alone. A book with
// translations (b.Translations, checked in res.Translations) gets an
// edition per language, in a folder named by the language code.
//
// Build writes the whole site even when it finds problems, marking each on
// its page, and then returns them as a chapter.ErrorList (wrapped with
// ErrProblems) whose entries say chapter.md:LINE. Invalid TeX, a figure
// reference to no figure and an unsafe file name are always problems; a
// false claim, a differing output, a failed run and a translation whose
// code differs from its source are problems unless opts.KeepGoing is set.
// A failure to write is returned at once.
func Build(b *chapter.Book, res *runner.Results, opts Options) error {
	if opts.Out == "" {
		return errors.New("site: no output folder")
	}
	var errs chapter.ErrorList
	if st := b.Settings; st != nil {
		if opts.Title == "" {
			opts.Title = st.Title
		}
		if opts.Description == "" {
			opts.Description = st.Description
		}
		if opts.Lang == "" {
			opts.Lang = st.Language
		}
		if opts.Languages == nil {
			for _, e := range st.Editions {
				opts.Languages = append(opts.Languages, Language{Code: e.Code, Name: e.Name, Title: e.Title, Description: e.Description})
			}
		}
		opts.Numbered = opts.Numbered || st.Numbered
		if opts.Words == nil {
			opts.Words = st.Words
			errs = append(errs, checkWords(opts.Words, st)...)
		}
	}
	if opts.Title == "" {
		opts.Title = "tally"
	}
	if opts.Lang == "" {
		opts.Lang = "en"
	}
	if len(errs) == 0 {
		errs = checkWords(opts.Words, nil)
	}
	if err := os.MkdirAll(opts.Out, 0o755); err != nil {
		return err
	}
	out := &writer{root: opts.Out, done: map[string]bool{}, memo: opts.Memo}
	var k *katex
	if opts.KaTeXDir != "" {
		k = newKaTeX(os.DirFS(opts.KaTeXDir))
	} else {
		k = newKaTeX(katexdist.FS)
	}
	var mathDir, codeDir string
	if opts.Cache != "" {
		mathDir, codeDir = filepath.Join(opts.Cache, "math"), filepath.Join(opts.Cache, "code")
	}
	math := newMathCache(k, mathDir)
	code := newCodeCache(codeDir)
	// A build that takes math or code from a Memo does not read their disk
	// entries, so it cannot tell which ones are still used: only a build
	// that starts from an empty memo sweeps the disk cache.
	sweep := true
	if opts.Memo != nil {
		math.memo, code.memo = opts.Memo.start(opts.KaTeXDir)
		sweep = len(math.memo) == 0 && len(code.memo) == 0
	}
	var eds []*builder
	for _, lang := range editionLangs(b, opts.Lang) {
		eds = append(eds, newBuilder(opts, lang, out, math, code, res))
	}
	for _, e := range eds {
		e.all = eds
	}
	primary := eds[0]

	results := map[string]*runner.ChapterResult{}
	trResults := map[*chapter.Translation]*runner.TranslationResult{}
	if res != nil {
		for _, r := range res.Chapters {
			results[filepath.ToSlash(r.Path)] = r
		}
		for _, r := range res.Translations {
			if r.Translation != nil {
				trResults[r.Translation] = r
			}
		}
	}
	var chapters []*chapter.Chapter // the chapters with a page
	for _, ch := range b.Chapters {
		if err := safeName("chapter", ch.Slug); err != nil {
			errs.Add(chapter.Pos{File: ch.Path}, "%v", err)
			continue
		}
		chapters = append(chapters, ch)
		r := results[filepath.ToSlash(ch.Path)]
		if res != nil && r == nil {
			errs.Add(chapter.Pos{File: ch.Path}, "site: the results have no chapter %s", ch.Path)
		}
		primary.pages = append(primary.pages, primary.newPage(ch, r))
	}
	for _, e := range eds[1:] {
		of := map[*chapter.Chapter]*chapter.Translation{}
		for _, tr := range b.Translations {
			if tr.Lang != e.lang || tr.Source == nil {
				continue // a translation of no chapter: the runner reports it
			}
			if first, dup := of[tr.Source]; dup {
				errs.Add(chapter.Pos{File: tr.Ch.Path, Line: 1}, "site: a second translation of %s into %s; the site shows %s", tr.Source.Path, e.lang, first.Ch.Path)
				continue
			}
			of[tr.Source] = tr
			if res != nil && trResults[tr] == nil {
				errs.Add(chapter.Pos{File: tr.Ch.Path}, "site: the results have no translation %s", tr.Ch.Path)
			}
		}
		for _, ch := range chapters {
			r := results[filepath.ToSlash(ch.Path)]
			if tr := of[ch]; tr != nil {
				e.pages = append(e.pages, e.newTranslationPage(tr, trResults[tr], r))
			} else {
				e.pages = append(e.pages, e.newFallbackPage(ch, r))
			}
		}
	}
	for _, e := range eds {
		numberPages(e.pages, opts.Numbered)
		e.labels = numberLabels(e.pages)
	}
	for _, e := range eds {
		for _, p := range e.pages {
			p.render()
		}
	}
	for _, e := range eds {
		for _, p := range e.pages {
			errs = append(errs, e.problemsOf(p)...)
		}
	}
	if res != nil && !opts.KeepGoing {
		for _, r := range res.Translations {
			if r.Translation == nil || r.Translation.Source == nil {
				errs = append(errs, r.Problems()...) // a translation of no chapter has no page
			}
		}
	}
	if err := writeSite(eds); err != nil {
		return err
	}
	if err := writeWasm(out, opts); err != nil {
		return err
	}
	if len(errs) == 0 && sweep {
		now := time.Now()
		math.disk.sweep(now)
		code.disk.sweep(now)
	}
	if len(errs) > 0 {
		errs.Sort()
		return fmt.Errorf("%w:\n%w", ErrProblems, errs)
	}
	return nil
}

// editionLangs returns the languages of the editions: the book's first,
// then every language it has translations in, in order.
func editionLangs(b *chapter.Book, primary string) []string {
	seen := map[string]bool{primary: true}
	var langs []string
	for _, tr := range b.Translations {
		if !seen[tr.Lang] && safeName("language", tr.Lang) == nil {
			seen[tr.Lang] = true
			langs = append(langs, tr.Lang)
		}
	}
	sort.Strings(langs)
	return append([]string{primary}, langs...)
}

// newBuilder returns the builder of the edition in lang.
func newBuilder(opts Options, lang string, out *writer, math *mathCache, code *codeCache, res *runner.Results) *builder {
	b := &builder{opts: opts, lang: lang, out: out, math: math, code: code, msg: withWords(lang, opts.Words),
		noKaTeXAt: map[*page]bool{}, goVersion: goVersionOf(res),
		name: languageNames[baseLang(lang)], title: opts.Title, desc: opts.Description}
	if lang != opts.Lang {
		b.dir = lang + "/"
	}
	for _, l := range opts.Languages {
		if l.Code != lang {
			continue
		}
		if l.Name != "" {
			b.name = l.Name
		}
		if l.Title != "" {
			b.title = l.Title
		}
		if l.Description != "" {
			b.desc = l.Description
		}
	}
	if b.name == "" {
		b.name = lang
	}
	return b
}

// messages returns the interface words of lang, with the site's own
// words of Options.Words.
func (b *builder) messages(lang string) *messages { return withWords(lang, b.opts.Words) }

// noKaTeX records, once per page, that the page has math and KaTeX is
// missing.
func (b *builder) noKaTeX(p *page, line int) {
	if b.noKaTeXAt[p] || p.summary {
		return
	}
	b.noKaTeXAt[p] = true
	p.errorf(line, "math: %v (looked in %s)", ErrNoKaTeX, b.opts.KaTeXDir)
}

// url returns the URL of a site path as seen from page p, or from the
// edition's index page when p is nil.
func (b *builder) url(p *page, rel string) string {
	if p == nil {
		return relURL(b.dir+"index.html", rel)
	}
	return relURL(p.file(), rel)
}

// problemsOf are the problems of page p that Build returns: the site's
// own, and unless KeepGoing, those of its run or translation. A fallback
// page repeats its chapter's page, which reports them.
func (b *builder) problemsOf(p *page) chapter.ErrorList {
	if p.fallback {
		return nil
	}
	errs := append(chapter.ErrorList(nil), p.errs...)
	if b.opts.KeepGoing {
		return errs
	}
	switch {
	case p.tr != nil && p.ed.trRes != nil:
		errs = append(errs, p.ed.trRes.Problems()...)
	case p.tr == nil && p.res != nil:
		errs = append(errs, p.res.Problems()...)
	}
	return errs
}
