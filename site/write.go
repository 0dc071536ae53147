package site

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"

	"github.com/tally-book/tally/check"
	"github.com/tally-book/tally/runner"
	"github.com/tally-book/tally/runner/chapter"
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

// pageView is what the templates show of a page besides what rendering
// made (page.out): worked out once, from the page's chapter, results and
// problems, when its edition is written.
type pageView struct {
	slug       string // the page's name, as in every edition
	file       string // its site path
	sourceFile string // the site path of the chapter's Markdown
	title      string
	lang       string // the language of the prose
	fallback   bool   // the chapter in another language than the edition's, which has no translation of it
	desc       string // the front matter's description, summary or excerpt
	summary    template.HTML
	tags       []string
	claims     claimCount
	problems   []string
	facts      chapterFacts // with Href the page's site path
}

// newPageView works out the view of a rendered page.
func newPageView(p *page) *pageView {
	b := p.b
	v := &pageView{slug: p.code.Slug, file: p.file(), title: chapterTitle(p.ch), lang: p.lang,
		fallback: p.fallback && p.lang != b.lang, desc: description(p.ch.Meta.Extra), tags: tags(p.ch.Meta.Extra),
		claims: countClaims(len(p.ch.Claims), p.claims), problems: shownProblems(p)}
	v.sourceFile = "source/" + p.ch.Slug + ".md"
	if p.tr != nil { // in its edition's folder
		v.sourceFile = b.dir + "source/" + v.slug + ".md"
	}
	v.summary = p.out.summaryHTML
	if v.desc != "" {
		v.summary = template.HTML(template.HTMLEscapeString(v.desc))
	}
	v.facts = chapterFacts{Title: v.title, Lang: otherLang(v.lang, b.lang), Href: v.file, GoVersion: b.goVersion, Status: "not run"}
	if r := p.res; r != nil {
		v.facts.Ran = r.Ran()
		v.facts.Status = "ok"
		if !r.OK() || (p.ed.trRes != nil && !p.ed.trRes.OK()) {
			v.facts.Status = "problems"
		}
	}
	return v
}

// writeSite writes every file of the site: the pages of every edition,
// then the assets they share.
func writeSite(eds []*builder) error {
	for _, b := range eds {
		b.views = make([]*pageView, len(b.pages))
		for i, p := range b.pages {
			b.views[i] = newPageView(p)
		}
	}
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
	for i, p := range b.pages {
		for _, f := range p.fig.all {
			if f.data != nil && f.rel != "" {
				if err := b.out.write(f.rel, f.data); err != nil {
					return err
				}
			}
		}
		for _, m := range p.links.media {
			if err := b.out.write(m.rel, m.data); err != nil {
				return err
			}
		}
		if err := b.out.write(b.views[i].sourceFile, p.ch.Source); err != nil {
			return err
		}
	}
	for i, v := range b.views {
		if err := b.writePage("chapter", v.file, b.chapterData(i)); err != nil {
			return err
		}
	}
	if err := b.writePage("index", b.dir+"index.html", b.indexData()); err != nil {
		return err
	}
	var indexed []searchPage // a fallback page is in another language: its edition's search has it
	for i, v := range b.views {
		if !v.fallback {
			indexed = append(indexed, searchPage{url: v.file, title: v.title, sections: b.pages[i].out.sections})
		}
	}
	return b.out.write(b.searchFile(), buildSearchIndex(b.lang, indexed))
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

// common fills the parts every page has: of the i-th chapter page, or of
// the index page when i is -1.
func (b *builder) common(i int) *pageData {
	file := b.dir + "index.html"
	var from *page
	if i >= 0 {
		from, file = b.pages[i], b.views[i].file
	}
	// A chapter of the book whose front matter gives it another language
	// (lang: ko in a post of an English blog) is a page in that language:
	// its lang attribute and the site's words follow it.
	lang, msg := b.lang, b.msg
	if from != nil && from.tr == nil && !from.fallback && from.lang != b.lang {
		lang, msg = from.lang, from.msg()
	}
	d := &pageData{
		T: msg, Lang: lang, BookTitle: b.title, Description: b.desc,
		Root: relURL(file, ""), Home: relURL(file, b.dir+"index.html"),
		CSS:         []string{relURL(file, "assets/tally.css")},
		Scripts:     []string{relURL(file, "assets/tally.js"), relURL(file, "assets/search.js")},
		SearchIndex: relURL(file, b.searchFile()),
		Languages:   b.languageLinks(i),
	}
	if from != nil && from.tex.used {
		d.CSS = append([]string{relURL(file, katexCSS)}, d.CSS...)
	}
	for j, v := range b.views {
		d.Nav = append(d.Nav, v.navItem(file, j == i, lang))
	}
	return d
}

// navItem returns the link to the page from the page at from, whose
// language is lang.
func (v *pageView) navItem(from string, current bool, lang string) navItem {
	return navItem{Href: relURL(from, v.file), Title: v.title, Lang: otherLang(v.lang, lang), Current: current, Fallback: v.fallback}
}

// factsFrom returns the run facts of the page's chapter, with a link to
// the page from the page at from.
func (v *pageView) factsFrom(from string) chapterFacts {
	f := v.facts
	f.Href = relURL(from, v.file)
	return f
}

// chapterData is the template data of the i-th chapter page.
func (b *builder) chapterData(i int) *pageData {
	p, v := b.pages[i], b.views[i]
	d := b.common(i)
	d.Title = v.title + " · " + b.title
	if v.desc != "" {
		d.Description = v.desc
	}
	d.ArticleLang = otherLang(v.lang, d.Lang)
	d.TitleHTML = p.out.titleHTML
	d.Body = p.out.body
	d.Tags = v.tags
	d.Minutes = p.out.minutes
	d.Claims = v.claims
	d.Source = relURL(v.file, v.sourceFile)
	d.SourceAs = p.ch.Path
	if wantsTOC(p.ch.Meta.Extra) {
		d.TOC = p.out.toc
	}
	if i > 0 {
		prev := b.views[i-1].navItem(v.file, false, d.Lang)
		d.Prev = &prev
	}
	if i+1 < len(b.views) {
		next := b.views[i+1].navItem(v.file, false, d.Lang)
		d.Next = &next
	}
	d.Problems = v.problems
	if d.Rerun = newRerunPanel(p.code, p.tr, &b.opts); d.Rerun != nil {
		d.Scripts = append(d.Scripts, relURL(v.file, "assets/rerun.js"))
	}
	d.Facts = v.factsFrom(v.file)
	d.GoVersion = d.Facts.GoVersion
	d.Fallback = v.fallback
	if p.tr != nil {
		original := b.all[0].url(p, v.slug+".html")
		d.Stale = p.ed.stale
		d.Untranslated = p.ed.untranslated(p.code, original)
		d.Original = original
		d.OriginalAs = p.code.Path
		d.OriginalLang = b.opts.Lang
	}
	return d
}

// indexData is the template data of the index page.
func (b *builder) indexData() *pageData {
	d := b.common(-1)
	d.Title = b.title
	d.Translation = !b.primary()
	index := b.dir + "index.html"
	math := false
	for i, v := range b.views {
		p := b.pages[i]
		if p.tex.inSummary && v.desc == "" && !math {
			math = true
			d.CSS = append([]string{relURL(index, katexCSS)}, d.CSS...)
		}
		d.Chapters = append(d.Chapters, chapterCard{Href: relURL(index, v.file), Title: v.title, Lang: otherLang(v.lang, b.lang), Summary: v.summary,
			Tags: v.tags, Minutes: p.out.minutes, Claims: v.claims, Problems: len(v.problems), Fallback: v.fallback})
		f := v.factsFrom(index)
		d.AllFacts = append(d.AllFacts, f)
		if d.GoVersion == "" {
			d.GoVersion = f.GoVersion
		}
	}
	return d
}

// chapterTitle returns the title of a chapter: its front matter's, or
// its slug.
func chapterTitle(ch *chapter.Chapter) string {
	if ch.Meta.Title != "" {
		return ch.Meta.Title
	}
	return ch.Slug
}

// countClaims counts n claims by the status of their checks; all are
// Other when they are unchecked (checks nil).
func countClaims(n int, checks []chapter.ClaimResult) claimCount {
	c := claimCount{Total: n}
	if checks == nil {
		c.Other = c.Total
		return c
	}
	for _, r := range checks {
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

// shownProblems lists the problems a page shows in its banner: its
// run's, or for a translation its check's and its source's run's, and the
// site's own.
func shownProblems(p *page) []string {
	var list chapter.ErrorList
	switch {
	case p.tr != nil:
		if p.ed.trRes != nil {
			list = append(list, p.ed.trRes.Problems()...)
		}
		if p.res != nil { // the source's run: what the outputs and figures come from
			list = append(list, p.res.Errors...)
			for _, s := range p.res.Snippets {
				if s.Output != nil && s.Output.Status == check.Fail {
					list.Add(chapter.Pos{File: p.res.Path, Line: s.Output.Line}, "%s", s.Output.Message)
				}
			}
		}
	case p.res != nil:
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

// description returns the front matter's description, summary or
// excerpt, from the keys the chapter format leaves to renderers.
func description(extra map[string]any) string {
	for _, k := range []string{"description", "summary", "excerpt"} {
		if v, ok := extra[k].(string); ok && v != "" {
			return v
		}
	}
	return ""
}

// tags returns the tags of the front matter: "tags" or "tag", a list or a
// single string, and "categories".
func tags(extra map[string]any) []string {
	var out []string
	seen := map[string]bool{}
	for _, key := range []string{"tags", "tag", "categories", "category"} {
		switch v := extra[key].(type) {
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
func wantsTOC(extra map[string]any) bool {
	v, _ := extra["toc"].(bool)
	return v
}

// goVersionOf returns the Go version of the results.
func goVersionOf(res *runner.Results) string {
	if res == nil {
		return ""
	}
	return strings.TrimSpace(res.GoVersion)
}
