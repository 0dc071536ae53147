package site

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/tally-book/tally/runner"
)

// Options configures Build. The zero value, with Out set, builds an
// English site that fails on any problem.
type Options struct {
	Out         string     // folder to write the site into (made if missing); the caller swaps it into place
	Root        string     // module root: KaTeX is read from Root/node_modules/katex/dist; "." when empty
	KeepGoing   bool       // mark failed claims, outputs and runs in red instead of failing the build
	Title       string     // book title, in the top bar and on the index page; "tally" when empty
	Description string     // a sentence under the title on the index page
	Lang        string     // language of the pages (BCP 47), "en" when empty
	Languages   []Language // editions for the language switcher; none for a book in one language
	KaTeXDir    string     // folder of katex.min.js, katex.min.css and fonts/; Root/node_modules/katex/dist when empty
}

// Language is an edition of the book, for the language switcher.
type Language struct {
	Code string // BCP 47 code, e.g. "ko"
	Name string // name in that language, e.g. "한국어"
	Root string // that edition's site root relative to this one's, e.g. "ko/" or "../"; "" for this edition
}

// ErrProblems wraps the error of a build whose chapters have problems.
var ErrProblems = errors.New("site: the book has problems")

// builder holds what the pages of one build share.
type builder struct {
	opts      Options
	out       writer
	math      *katex
	noKaTeXAt map[*page]bool
	pages     []*page
	goVersion string
}

// Build writes the site of book b, with the results res of its run, into
// opts.Out: a page per chapter, an index, the figures, the chapters'
// Markdown, the search index, and the assets (CSS, scripts, KaTeX's CSS
// and fonts). res may be nil, for a site of the prose alone.
//
// Build writes the whole site even when it finds problems, marking each on
// its page, and then returns them as a runner.ErrorList (wrapped with
// ErrProblems) whose entries say chapter.md:LINE. Invalid TeX, a figure
// reference to no figure and an unsafe file name are always problems; a
// false claim, a differing output and a failed run are problems unless
// opts.KeepGoing is set. A failure to write is returned at once.
func Build(b *runner.Book, res *runner.Results, opts Options) error {
	if opts.Out == "" {
		return errors.New("site: no output folder")
	}
	if opts.Root == "" {
		opts.Root = "."
	}
	if opts.Title == "" {
		opts.Title = "tally"
	}
	if opts.Lang == "" {
		opts.Lang = "en"
	}
	if opts.KaTeXDir == "" {
		opts.KaTeXDir = filepath.Join(opts.Root, "node_modules", "katex", "dist")
	}
	if err := os.MkdirAll(opts.Out, 0o755); err != nil {
		return err
	}
	bl := &builder{opts: opts, out: writer{root: opts.Out}, math: newKaTeX(opts.KaTeXDir),
		noKaTeXAt: map[*page]bool{}, goVersion: goVersionOf(res)}

	var errs runner.ErrorList
	results := map[string]*runner.ChapterResult{}
	if res != nil {
		for _, r := range res.Chapters {
			results[filepath.ToSlash(r.Path)] = r
		}
	}
	for _, ch := range b.Chapters {
		if err := safeName("chapter", ch.Slug); err != nil {
			errs.Add(runner.Pos{File: ch.Path}, "%v", err)
			continue
		}
		r := results[filepath.ToSlash(ch.Path)]
		if res != nil && r == nil {
			errs.Add(runner.Pos{File: ch.Path}, "site: the results have no chapter %s", ch.Path)
		}
		p := bl.newPage(ch, r)
		bl.pages = append(bl.pages, p)
	}
	for _, p := range bl.pages {
		p.render()
	}
	for _, p := range bl.pages {
		errs = append(errs, p.errs...)
		if p.res != nil && !opts.KeepGoing {
			errs = append(errs, p.res.Problems()...)
		}
	}
	if err := bl.write(); err != nil {
		return err
	}
	if len(errs) > 0 {
		errs.Sort()
		return fmt.Errorf("%w:\n%w", ErrProblems, errs)
	}
	return nil
}

// noKaTeX records, once per page, that the page has math and KaTeX is
// missing.
func (b *builder) noKaTeX(p *page, line int) {
	if b.noKaTeXAt[p] || p.summary {
		return
	}
	b.noKaTeXAt[p] = true
	p.errorf(line, "math: %v (looked in %s)", ErrNoKaTeX, b.opts.KaTeXDir)
}

// file returns the site path of a page.
func (p *page) file() string { return p.ch.Slug + ".html" }

// title returns the chapter title.
func (p *page) title() string {
	if p.ch.Meta.Title != "" {
		return p.ch.Meta.Title
	}
	return p.ch.Slug
}

// sourceName is the chapter file as messages name it.
func (p *page) sourceName() string { return p.ch.Path }

// sourceFile is the site path of the chapter's Markdown.
func (p *page) sourceFile() string { return "source/" + p.ch.Slug + ".md" }

// url returns the URL of a site path as seen from page p.
func (b *builder) url(p *page, rel string) string {
	if p == nil {
		return relURL("index.html", rel)
	}
	return relURL(p.file(), rel)
}

// problems lists the problems the page shows in its banner: the run's and
// the site's own.
func (p *page) problems() []string {
	var list runner.ErrorList
	if p.res != nil {
		list = append(list, p.res.Problems()...)
	}
	list = append(list, p.errs...)
	list.Sort()
	out := make([]string, len(list))
	for i, e := range list {
		out[i] = e.Error()
	}
	return out
}

// tags returns the tags of the front matter: "tags" or "tag", a list or a
// single string, and "categories".
func (p *page) tags() []string {
	var out []string
	seen := map[string]bool{}
	for _, key := range []string{"tags", "tag", "categories", "category"} {
		switch v := p.ch.Meta.Extra[key].(type) {
		case string:
			for _, t := range strings.Fields(v) {
				if !seen[t] {
					seen[t] = true
					out = append(out, t)
				}
			}
		case []any:
			for _, x := range v {
				if t := strings.TrimSpace(fmt.Sprint(x)); t != "" && !seen[t] {
					seen[t] = true
					out = append(out, t)
				}
			}
		}
	}
	return out
}

// wantsTOC reports whether the front matter asks for an in-page table of
// contents (toc: true).
func (p *page) wantsTOC() bool {
	v, _ := p.ch.Meta.Extra["toc"].(bool)
	return v
}
