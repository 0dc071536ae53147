package site

import (
	"bufio"
	"bytes"
	"html/template"

	"github.com/tally-book/tally/runner"
	"github.com/tally-book/tally/runner/chapter"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
)

// page is one chapter while it is rendered: the chapter as the runner
// parsed it (with a tree of its own, which the page rewrites), its
// results, its language and what rendering made. What the templates show
// of it besides is its view (write.go's pageView).
type page struct {
	b    *builder
	ch   *chapter.Chapter     // the chapter whose prose the page shows: a chapter or a translation
	code *chapter.Chapter     // the chapter whose code, outputs and figures it shows: ch, or the translation's source
	tr   *chapter.Translation // a translation's page: the translation; nil otherwise

	// The results.
	res    *runner.ChapterResult // the run of code; nil when there are no results
	claims []chapter.ClaimResult // the checks of ch's claims, by their node's index; nil when unchecked
	errs   chapter.ErrorList     // the site's own problems with the page

	// The language of the prose: the front matter's lang, else the
	// translation's, else the book's.
	lang    string
	bodyMsg *messages // the words of the interface inside the prose: the prose's language
	// A fallback page shows a chapter in an edition that has no
	// translation of it.
	fallback bool

	// The body.
	summary bool     // rendering the summary: claims without marks, no errors
	out     rendered // what rendering made

	// The state of the page's features, each kept by its own file.
	ed    editionState     // edition.go: the translation's check, where it shows its source's outputs, its stale sections
	snip  *snippetRenderer // snippet.go: the snippets by their nodes, their renderer
	fig   *figures         // figure.go: the published figures, where they go, their renderer
	tex   *pageMath        // math.go: whether the page and its summary use math, its renderer
	links *pageLinks       // links.go: the images of the prose copied into the site, the link renderer
	num   sectionNumbers   // numbered.go: the chapter's number in the book, whether its sections are numbered
}

// rendered is what rendering a page made, for its templates.
type rendered struct {
	summaryHTML template.HTML // the first paragraph, for the index page
	titleHTML   template.HTML // the rendered first heading, or the escaped title
	body        template.HTML
	toc         []tocEntry
	sections    []searchSection
	anchors     []string // the ids of its headings, for the language switcher
	minutes     int
}

// newPage makes the page of a chapter and its results.
func (b *builder) newPage(src *chapter.Chapter, res *runner.ChapterResult) *page {
	p := b.pageOf(src, res, nil)
	if p.lang != b.lang {
		p.bodyMsg = b.messages(p.lang) // a chapter in another language than the book's
	}
	if res != nil && res.Chapter != nil && res.Chapter != src {
		p.errorf(0, "results do not match the chapter (they are of another reading of it): run it again")
		p.res = nil
	}
	if p.res != nil {
		p.claims = p.res.Claims
	}
	return p
}

// pageOf takes the runner's parse of a chapter, with a copy of its
// tree to render, and indexes its snippets. Its claims are nodes of the
// tree (chapter.ClaimNode), with their index in res.Claims. A
// translation's page (tr not nil) shows the code of tr.Source.
func (b *builder) pageOf(src *chapter.Chapter, res *runner.ChapterResult, tr *chapter.Translation) *page {
	ch := *src
	doc, of := cloneTree(src.Doc)
	ch.Doc = doc
	p := &page{b: b, ch: &ch, code: &ch, tr: tr, res: res, bodyMsg: b.msg, lang: b.opts.Lang}
	if tr != nil {
		p.code, p.lang = tr.Source, tr.Lang
	}
	if l, ok := src.Meta.Extra["lang"].(string); ok && l != "" {
		p.lang = l
	}
	p.snip, p.fig, p.tex = newSnippets(p, of), newFigures(p), &pageMath{p: p}
	p.links = &pageLinks{p: p}
	return p
}

// render prepares the tree (title, figures, claims, sections) and renders
// it.
func (p *page) render() {
	doc, src := p.ch.Doc, p.ch.Source
	if p.tr != nil {
		p.ed.prepare(p.tr, doc, src, p.ch.Line, p.msg(), p.b.all[0].url(p, p.code.Slug+".html"))
	}
	p.fig.place()
	p.b.labels.wrap(p.ch)
	joinParticles(doc, src)
	p.out.anchors = headingIDs(doc)
	p.ed.markStale(doc, p.ch.Line, true)
	md := newMarkdown(p, p.ch.Math)
	p.takeTitle(md)
	p.renderSummary(md)
	p.out.toc = collectTOC(doc, src)
	p.num.apply(doc, p.out.toc)
	p.out.sections = searchSections(p.ch, p.fig)
	p.out.minutes = readingMinutes(doc, src, sourceCodeLines(p.tr, p.code))
	markDeepDives(doc, src)
	p.ed.markStale(doc, p.ch.Line, false)
	addAnchors(doc, p.msg().T("anchor"))

	var buf bytes.Buffer
	if err := md.Renderer().Render(&buf, src, doc); err != nil {
		p.errorf(0, "rendering: %v", err)
	}
	if len(p.fig.tail) > 0 {
		bw := bufio.NewWriter(&buf)
		for _, f := range p.fig.tail {
			p.fig.write(bw, f, "", "")
		}
		if err := bw.Flush(); err != nil {
			p.errorf(0, "rendering: %v", err)
		}
	}
	p.out.body = template.HTML(buf.String())
}

// takeTitle removes a first-level heading that opens the chapter and
// renders it apart, so that the page can put the chapter facts under it.
func (p *page) takeTitle(md goldmark.Markdown) {
	doc := p.ch.Doc
	p.out.titleHTML = template.HTML("<h1>" + template.HTMLEscapeString(chapterTitle(p.ch)) + "</h1>")
	first := doc.FirstChild()
	h, ok := first.(*ast.Heading)
	if !ok || h.Level != 1 {
		return
	}
	doc.RemoveChild(doc, h)
	var buf bytes.Buffer
	if err := md.Renderer().Render(&buf, p.ch.Source, h); err != nil {
		p.errorf(0, "rendering the title: %v", err)
		return
	}
	p.out.titleHTML = template.HTML(bytes.TrimSpace(buf.Bytes()))
}

// renderSummary renders the first paragraph of the chapter for the index
// page, with its math but without claim marks.
func (p *page) renderSummary(md goldmark.Markdown) {
	var para ast.Node
	for n := p.ch.Doc.FirstChild(); n != nil; n = n.NextSibling() {
		if n.Kind() == ast.KindParagraph {
			para = n
			break
		}
	}
	if para == nil {
		return
	}
	math := p.tex.used
	p.summary = true
	var buf bytes.Buffer
	err := md.Renderer().Render(&buf, p.ch.Source, para)
	p.summary = false
	p.tex.inSummary, p.tex.used = p.tex.used, math
	if err == nil {
		s := bytes.TrimSpace(buf.Bytes())
		s = bytes.TrimSuffix(bytes.TrimPrefix(s, []byte("<p>")), []byte("</p>"))
		p.out.summaryHTML = template.HTML(s)
	}
}

// msg returns the words of the interface inside the page's prose (claim
// tips, output labels, figure numbers): those of its edition, or of the
// original on a fallback page.
func (p *page) msg() *messages { return p.bodyMsg }

// file returns the site path of a page: its edition's folder and the
// name of its chapter's file, or for a translation its source's, so that
// the editions have the same names.
func (p *page) file() string { return p.b.dir + p.code.Slug + ".html" }

// errorf records a problem of the page at a line of the chapter.
func (p *page) errorf(line int, format string, args ...any) {
	if p.summary {
		return // the page's own rendering reports it
	}
	p.errs.Add(chapter.Pos{File: p.ch.Path, Line: line}, format, args...)
}

// nodeLine returns the line of an inline node of ch: that of its first
// text, of the text before it, or of its paragraph.
func nodeLine(ch *chapter.Chapter, n ast.Node) int {
	if t := firstText(n); t != nil {
		return ch.Line(t.Segment.Start)
	}
	for c := n.PreviousSibling(); c != nil; c = c.PreviousSibling() {
		if t, ok := c.(*ast.Text); ok {
			return ch.Line(t.Segment.Stop)
		}
	}
	for c := n; c != nil; c = c.Parent() {
		if c.Type() == ast.TypeBlock && c.Lines().Len() > 0 {
			return ch.Line(c.Lines().At(0).Start)
		}
	}
	return 0
}

func firstText(n ast.Node) *ast.Text {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok {
			return t
		}
		if t := firstText(c); t != nil {
			return t
		}
	}
	return nil
}
