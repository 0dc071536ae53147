package site

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"

	"github.com/tally-book/tally/check"
	"github.com/tally-book/tally/runner"
)

// navItem is a chapter in the sidebar and the previous/next links.
type navItem struct {
	Href     string
	Title    string
	Lang     string // when the chapter's language is not the edition's
	Current  bool
	Fallback bool // a chapter not translated yet, shown in the original
}

// pageData is what the page templates see.
type pageData struct {
	T           *messages // the words of the interface
	Lang        string
	BookTitle   string
	Title       string // the <title>
	Description string
	Root        string // URL prefix of the site root from this page, "" or "../"
	Home        string
	CSS         []string
	Scripts     []string
	Nav         []navItem
	Languages   []languageLink
	SearchIndex string // URL of the search index script

	// chapter pages
	ArticleLang  string // the language of the prose, when it is not the edition's
	TitleHTML    template.HTML
	Body         template.HTML
	Tags         []string
	Minutes      int
	Claims       claimCount
	Source       string // URL of the chapter's Markdown
	SourceAs     string // its name in the book, e.g. chapters/01-losses.md
	TOC          []tocEntry
	Prev         *navItem
	Next         *navItem
	Problems     []string
	Facts        chapterFacts
	Fallback     bool               // a chapter shown in the original, in an edition that has no translation of it
	Stale        []staleEntry       // the out-of-date sections of a translation
	Untranslated []untranslatedLink // the source sections it does not translate
	Original     string             // URL of the page a translation translates
	OriginalAs   string             // the source chapter's file
	OriginalLang string
	Rerun        *rerunPanel // the parameter panel, when the chapter has parameters

	// the index page
	Chapters    []chapterCard
	GoVersion   string
	AllFacts    []chapterFacts
	Translation bool // the index of a translated edition
}

// languageLink is an entry of the language switcher.
type languageLink struct {
	Code    string
	Name    string
	Href    string
	Current bool
	Anchors string // the ids of the target page's headings, space-separated
	Note    string // the target is not translated yet
}

// claimCount sums up the checked numbers of a chapter.
type claimCount struct {
	Total, Pass, Fail, Other int
}

// chapterFacts are the run facts of a chapter. They come from its results
// and leave out how this build got them (ran or from the cache, when, how
// long), so that the site depends only on the sources, the results and
// the tool: two builds of the same results are the same bytes.
type chapterFacts struct {
	Title     string
	Lang      string // when the chapter's language is not the edition's
	Href      string
	GoVersion string
	Ran       bool   // the chapter has code, and it ran
	Status    string // "ok", "problems" or "not run"
}

// chapterCard is a chapter on the index page.
type chapterCard struct {
	Href     string
	Title    string
	Lang     string // when the chapter's language is not the edition's
	Summary  template.HTML
	Tags     []string
	Minutes  int
	Claims   claimCount
	Problems int
	Fallback bool
}

// writeSite writes every file of the site: the pages of every edition,
// then the assets they share.
func writeSite(eds []*builder) error {
	usesMath := false
	for _, b := range eds {
		if err := b.write(); err != nil {
			return err
		}
		for _, p := range b.pages {
			usesMath = usesMath || p.tex.used || p.tex.inSummary
		}
	}
	// GitHub Pages would run the Markdown sources through Jekyll.
	if err := eds[0].out.write(".nojekyll", nil); err != nil {
		return err
	}
	return eds[0].writeAssets(usesMath)
}

// write writes the files of one edition: its pages, their figures, media
// and Markdown, its index and its search index.
func (b *builder) write() error {
	for _, p := range b.pages {
		for _, f := range p.fig.all {
			if f.data != nil && f.rel != "" {
				if err := b.out.write(f.rel, f.data); err != nil {
					return err
				}
			}
		}
		for _, m := range p.media {
			if err := b.out.write(m.rel, m.data); err != nil {
				return err
			}
		}
		if err := b.out.write(p.sourceFile(), p.ch.Source); err != nil {
			return err
		}
	}
	for i, p := range b.pages {
		if err := b.writePage("chapter", p.file(), b.chapterData(i)); err != nil {
			return err
		}
	}
	if err := b.writePage("index", b.dir+"index.html", b.indexData()); err != nil {
		return err
	}
	var indexed []*page // a fallback page is in another language: its edition's search has it
	for _, p := range b.pages {
		if !p.isFallback() {
			indexed = append(indexed, p)
		}
	}
	return b.out.write(b.searchFile(), buildSearchIndex(b.lang, indexed, func(p *page) string { return p.file() }))
}

func (b *builder) searchFile() string { return "assets/search-" + b.lang + ".js" }

// writePage executes a page template into a file.
func (b *builder) writePage(kind, file string, d *pageData) error {
	var buf bytes.Buffer
	if err := templates.ExecuteTemplate(&buf, kind, d); err != nil {
		return fmt.Errorf("site: %s: %w", file, err)
	}
	return b.out.write(file, buf.Bytes())
}

// common fills the parts every page has.
func (b *builder) common(from *page) *pageData {
	file := b.dir + "index.html"
	if from != nil {
		file = from.file()
	}
	// A chapter of the book whose front matter gives it another language
	// (lang: ko in a post of an English blog) is a page in that language:
	// its lang attribute and the site's words follow it.
	lang, msg := b.lang, b.msg
	if from != nil && from.tr == nil && !from.fallback && from.contentLang() != b.lang {
		lang, msg = from.contentLang(), from.msg()
	}
	d := &pageData{
		T: msg, Lang: lang, BookTitle: b.title, Description: b.desc,
		Root: relURL(file, ""), Home: relURL(file, b.dir+"index.html"),
		CSS:         []string{relURL(file, "assets/tally.css")},
		Scripts:     []string{relURL(file, "assets/tally.js"), relURL(file, "assets/search.js")},
		SearchIndex: relURL(file, b.searchFile()),
		Languages:   b.languageLinks(from),
	}
	if from != nil && from.tex.used {
		d.CSS = append([]string{relURL(file, katexCSS)}, d.CSS...)
	}
	for _, p := range b.pages {
		d.Nav = append(d.Nav, p.navItem(file, p == from, lang))
	}
	return d
}

// navItem returns the link to the page from the page at file, whose
// language is lang.
func (p *page) navItem(file string, current bool, lang string) navItem {
	return navItem{Href: relURL(file, p.file()), Title: p.title(), Lang: p.langIn(lang), Current: current, Fallback: p.isFallback()}
}

// isFallback reports whether the page shows a chapter in another
// language than its edition's because it has no translation.
func (p *page) isFallback() bool { return p.fallback && p.contentLang() != p.b.lang }

// chapterData is the template data of the i-th chapter page.
func (b *builder) chapterData(i int) *pageData {
	p := b.pages[i]
	d := b.common(p)
	d.Title = p.title() + " · " + b.title
	if v := p.description(); v != "" {
		d.Description = v
	}
	d.ArticleLang = p.langIn(d.Lang)
	d.TitleHTML = p.out.titleHTML
	d.Body = p.out.body
	d.Tags = p.tags()
	d.Minutes = p.out.minutes
	d.Claims = p.claimCount()
	d.Source = relURL(p.file(), p.sourceFile())
	d.SourceAs = p.sourceName()
	if p.wantsTOC() {
		d.TOC = p.out.toc
	}
	if i > 0 {
		prev := b.pages[i-1].navItem(p.file(), false, d.Lang)
		d.Prev = &prev
	}
	if i+1 < len(b.pages) {
		next := b.pages[i+1].navItem(p.file(), false, d.Lang)
		d.Next = &next
	}
	d.Problems = p.problems()
	if d.Rerun = newRerunPanel(p.code, p.tr, &b.opts); d.Rerun != nil {
		d.Scripts = append(d.Scripts, relURL(p.file(), "assets/rerun.js"))
	}
	d.Facts = p.facts(p.file())
	d.GoVersion = d.Facts.GoVersion
	d.Fallback = p.isFallback()
	if p.tr != nil {
		d.Stale = p.ed.stale
		d.Untranslated = p.untranslated()
		d.Original = b.all[0].url(p, p.slug()+".html")
		d.OriginalAs = p.code.Path
		d.OriginalLang = b.opts.Lang
	}
	return d
}

// indexData is the template data of the index page.
func (b *builder) indexData() *pageData {
	d := b.common(nil)
	d.Title = b.title
	d.Translation = !b.primary()
	index := b.dir + "index.html"
	math := false
	for _, p := range b.pages {
		if p.tex.inSummary && !p.hasDescription() && !math {
			math = true
			d.CSS = append([]string{relURL(index, katexCSS)}, d.CSS...)
		}
		d.Chapters = append(d.Chapters, chapterCard{Href: relURL(index, p.file()), Title: p.title(), Lang: p.lang(), Summary: p.summaryText(),
			Tags: p.tags(), Minutes: p.out.minutes, Claims: p.claimCount(), Problems: len(p.problems()), Fallback: p.isFallback()})
		f := p.facts(index)
		d.AllFacts = append(d.AllFacts, f)
		if d.GoVersion == "" {
			d.GoVersion = f.GoVersion
		}
	}
	return d
}

// claimCount counts the page's claims by status.
func (p *page) claimCount() claimCount {
	c := claimCount{Total: len(p.ch.Claims)}
	if p.claims == nil {
		c.Other = c.Total
		return c
	}
	for _, r := range p.claims {
		switch r.Status {
		case check.Pass:
			c.Pass++
		case check.Fail, check.Error:
			c.Fail++
		default:
			c.Other++
		}
	}
	return c
}

// facts returns the run facts of the page's chapter, with a link to the
// page from the page at from.
func (p *page) facts(from string) chapterFacts {
	f := chapterFacts{Title: p.title(), Lang: p.lang(), Href: relURL(from, p.file()), GoVersion: p.b.goVersion, Status: "not run"}
	r := p.res
	if r == nil {
		return f
	}
	f.Ran = r.Ran()
	f.Status = "ok"
	if !r.OK() || (p.trRes != nil && !p.trRes.OK()) {
		f.Status = "problems"
	}
	return f
}

// summaryText returns the front matter's description, or the first
// paragraph.
func (p *page) summaryText() template.HTML {
	if d := p.description(); d != "" {
		return template.HTML(template.HTMLEscapeString(d))
	}
	return p.out.summaryHTML
}

// description returns the front matter's description, summary or excerpt.
func (p *page) description() string {
	for _, k := range []string{"description", "summary", "excerpt"} {
		if v, ok := p.ch.Meta.Extra[k].(string); ok && v != "" {
			return v
		}
	}
	return ""
}

func (p *page) hasDescription() bool { return p.description() != "" }

// goVersionOf returns the Go version of the results.
func goVersionOf(res *runner.Results) string {
	if res == nil {
		return ""
	}
	return strings.TrimSpace(res.GoVersion)
}
