package site

import (
	"bytes"
	"html"
	"strconv"
	"strings"

	"github.com/tally-book/tally/runner"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// editionState is what a translation's page keeps of its edition: where
// the output and figures of its source's snippets go, and its out-of-date
// sections.
type editionState struct {
	group    map[int][]int      // shown source snippet → the source snippets whose output and figures come with it
	anchorOf map[int]int        // source snippet → the shown one it comes with, if the translation shows that
	stale    []staleEntry       // its out-of-date sections, for the banner
	staleAt  map[int]staleEntry // heading line → its entry
}

// newTranslationPage makes the page of a translation: its prose, with the
// code, outputs and figures of its source's run where its empty go blocks
// stand, and its claims marked with the checks of trRes.
func (b *builder) newTranslationPage(tr *runner.Translation, trRes *runner.TranslationResult, run *runner.ChapterResult) *page {
	if trRes != nil && trRes.SourceRun != nil {
		run = trRes.SourceRun
	}
	p := b.pageOf(tr.Ch, run)
	p.tr, p.trRes, p.code = tr, trRes, tr.Source
	if run != nil && run.Chapter != nil && run.Chapter != tr.Source {
		p.errorf(0, "results do not match %s (they are of another reading of it): run it again", tr.Source.Path)
		p.res = nil
	}
	if trRes != nil {
		if trRes.Translation == tr && len(trRes.Claims) == len(tr.Ch.Claims) && len(tr.Code) == len(tr.Ch.Snippets) {
			p.claims = trRes.Claims
		} else {
			p.errorf(0, "the check of the translation does not match it (it is of another reading of it): run it again")
		}
	}
	p.groupSnippets()
	return p
}

// newFallbackPage makes the page of a chapter in an edition that has no
// translation of it: the chapter as it is, under a notice.
func (b *builder) newFallbackPage(ch *runner.Chapter, res *runner.ChapterResult) *page {
	p := b.newPage(ch, res)
	p.fallback = true
	p.bodyMsg = b.messages(p.contentLang())
	return p
}

// shownSnippet reports whether a reader sees the code of a snippet: the
// snippets a translation's go blocks stand for.
func shownSnippet(s *runner.Snippet) bool { return s.Lang == "go" && !s.Has("hide") }

// groupSnippets decides where the output and figures of each source
// snippet go on a translation's page: a shown snippet's with its code,
// where the translation's go block stands for it; a hidden snippet's
// with the shown snippet before it (or the first, when none is before).
func (p *page) groupSnippets() {
	p.ed.group, p.ed.anchorOf = map[int][]int{}, map[int]int{}
	shown := map[int]bool{}
	for _, k := range p.tr.Code {
		if k >= 0 {
			shown[k] = true
		}
	}
	first := -1
	for _, s := range p.code.Snippets {
		if shownSnippet(s) {
			first = s.Index
			break
		}
	}
	prev := -1
	for _, s := range p.code.Snippets {
		var a int
		switch {
		case shownSnippet(s):
			prev, a = s.Index, s.Index
		case s.Lang == "go":
			a = prev
			if a < 0 {
				a = first
			}
		default:
			continue
		}
		if a >= 0 && shown[a] {
			p.ed.group[a] = append(p.ed.group[a], s.Index)
			p.ed.anchorOf[s.Index] = a
		}
	}
}

// showsSnippet reports whether the page shows the output and figures of
// snippet i of its code where they belong.
func (p *page) showsSnippet(i int) bool {
	if p.tr == nil {
		return true
	}
	_, ok := p.ed.anchorOf[i]
	return ok
}

// sourceCodeLines counts the lines of code a translation's page shows
// from its source, for the reading time.
func (p *page) sourceCodeLines() int {
	if p.tr == nil {
		return 0
	}
	n := 0
	for _, k := range p.tr.Code {
		if k >= 0 && k < len(p.code.Snippets) && p.code.Snippets[k].Node != nil {
			n += p.code.Snippets[k].Node.Lines().Len()
		}
	}
	return n
}

// staleEntry is a section of a translation that is out of date.
type staleEntry struct {
	ID       string // the heading's id on the page
	Title    string
	Mark     string // the marker after the heading
	Reason   string
	Original string // URL of the source section, "" when the source has none
}

// untranslatedLink is a section of the source that no heading of the
// translation translates.
type untranslatedLink struct {
	Href  string
	Title string
}

// prepareTranslation removes the <!--from ID@HASH--> stamps from the
// headings of a translation and gives each heading the id of the source
// section it translates, so that #fragment links work in both editions
// and the language switcher lands on the same section. A heading without
// a stamp keeps the id the parser made, numbered when taken.
func (p *page) prepareTranslation() {
	doc, src := p.ch.Doc, p.ch.Source
	stamps := map[int]runner.Stamp{}
	for _, st := range p.tr.Sections {
		stamps[st.Line] = st
	}
	stale := map[int]runner.Stale{}
	if p.trRes != nil {
		for _, s := range p.trRes.Stale {
			stale[s.Line] = s
		}
	}
	used := map[string]bool{}
	var heads, rest []*ast.Heading
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			removeStamps(h, src)
			heads = append(heads, h)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	lineOf := func(h *ast.Heading) int {
		if h.Lines().Len() == 0 {
			return 0
		}
		return p.line(h.Lines().At(0).Start)
	}
	for _, h := range heads {
		st, ok := stamps[lineOf(h)]
		if ok && h.Parent() == doc && st.ID != "" && !used[st.ID] {
			used[st.ID] = true
			h.SetAttributeString("id", []byte(st.ID))
		} else {
			rest = append(rest, h)
		}
	}
	for _, h := range rest {
		id := headingID(h)
		if id == "" {
			id = "section"
		}
		base := id
		for n := 1; used[id]; n++ {
			id = base + "-" + strconv.Itoa(n)
		}
		used[id] = true
		h.SetAttributeString("id", []byte(id))
	}

	original := p.b.all[0].url(p, p.slug()+".html")
	p.ed.staleAt = map[int]staleEntry{}
	for _, h := range heads {
		line := lineOf(h)
		s, ok := stale[line]
		if !ok || h.Parent() != doc {
			continue
		}
		st := stamps[line]
		title := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(runner.PlainText(h, src)), deepDiveMark))
		e := staleEntry{ID: headingID(h), Title: title, Mark: p.msg().T("stale.check")}
		switch {
		case st.ID == "":
			e.Reason = p.msg().T("why.nostamp")
		case s.Source == 0:
			e.Reason, e.Mark = p.msg().T("why.gone"), p.msg().T("stale.gone")
		case st.Hash == "":
			e.Reason = p.msg().T("why.unstamped")
			e.Original = original + "#" + st.ID
		default:
			e.Reason, e.Mark = p.msg().T("why.changed"), p.msg().T("stale.changed")
			e.Original = original + "#" + st.ID
		}
		p.ed.stale = append(p.ed.stale, e)
		p.ed.staleAt[line] = e
	}
}

// untranslated lists the source sections that no heading of the
// translation translates, with links to them.
func (p *page) untranslated() []untranslatedLink {
	if p.trRes == nil || len(p.trRes.Untranslated) == 0 {
		return nil
	}
	titles := map[string]string{}
	for _, s := range runner.Sections(p.code) {
		titles[s.ID] = s.Title
	}
	original := p.b.all[0].url(p, p.slug()+".html")
	var out []untranslatedLink
	for _, id := range p.trRes.Untranslated {
		t := titles[id]
		if t == "" {
			t = id
		}
		out = append(out, untranslatedLink{Href: original + "#" + id, Title: t})
	}
	return out
}

// removeStamps takes the <!--from …--> stamps out of a heading, with the
// space before them.
func removeStamps(h *ast.Heading, src []byte) {
	for c := h.FirstChild(); c != nil; {
		next := c.NextSibling()
		if raw, ok := c.(*ast.RawHTML); ok {
			var b bytes.Buffer
			for i := 0; i < raw.Segments.Len(); i++ {
				seg := raw.Segments.At(i)
				b.Write(seg.Value(src))
			}
			if bytes.HasPrefix(b.Bytes(), []byte("<!--from ")) {
				h.RemoveChild(h, c)
			}
		}
		c = next
	}
	if t, ok := h.LastChild().(*ast.Text); ok {
		v := bytes.TrimRight(t.Segment.Value(src), " \t")
		t.Segment = t.Segment.WithStop(t.Segment.Start + len(v))
	}
}

// staleMark follows the heading of an out-of-date section.
type staleMark struct {
	ast.BaseInline
	e staleEntry
}

// KindStaleMark is the node kind of the marker of an out-of-date section.
var KindStaleMark = ast.NewNodeKind("StaleMark")

func (n *staleMark) Kind() ast.NodeKind { return KindStaleMark }

func (n *staleMark) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"id": n.e.ID}, nil)
}

// markStale puts a marker after the heading of each out-of-date section:
// with title, only after the chapter's opening heading, before it is
// taken out as the title; then after the others, once their optional
// sections are marked.
func (p *page) markStale(title bool) {
	if len(p.ed.staleAt) == 0 {
		return
	}
	mark := func(h *ast.Heading) {
		if h.Lines().Len() == 0 {
			return
		}
		if _, done := h.LastChild().(*staleMark); done {
			return
		}
		if e, ok := p.ed.staleAt[p.line(h.Lines().At(0).Start)]; ok {
			h.AppendChild(h, &staleMark{e: e})
		}
	}
	if title {
		if h, ok := p.ch.Doc.FirstChild().(*ast.Heading); ok && h.Level == 1 {
			mark(h)
		}
		return
	}
	_ = ast.Walk(p.ch.Doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			mark(h)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
}

// staleRenderer renders the markers of out-of-date sections.
type staleRenderer struct{}

func (r *staleRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindStaleMark, r.render)
}

func (r *staleRenderer) render(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		e := n.(*staleMark).e
		w.WriteString(` <span class="stale-mark" title="` + html.EscapeString(e.Reason) + `">` + html.EscapeString(e.Mark) + `</span>`)
	}
	return ast.WalkSkipChildren, nil
}

// headingIDs returns the ids of the headings of a document, in order.
func headingIDs(doc ast.Node) []string {
	var ids []string
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			if id := headingID(h); id != "" {
				ids = append(ids, id)
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return ids
}

// contentLang returns the language of the page's prose: the front
// matter's lang, else the translation's, else the book's.
func (p *page) contentLang() string {
	if l, ok := p.ch.Meta.Extra["lang"].(string); ok && l != "" {
		return l
	}
	if p.tr != nil {
		return p.tr.Lang
	}
	return p.b.opts.Lang
}

// lang returns the language of the page's prose when it is not its
// edition's.
func (p *page) lang() string { return p.langIn(p.b.lang) }

// langIn returns the language of the page's prose when it is not lang.
func (p *page) langIn(lang string) string {
	if l := p.contentLang(); l != lang {
		return l
	}
	return ""
}

// pageFor returns the page of the edition for a chapter slug.
func (b *builder) pageFor(slug string) *page {
	for _, p := range b.pages {
		if p.slug() == slug {
			return p
		}
	}
	return nil
}

// languageLinks returns the entries of the language switcher of a page of
// edition b, or of its index when p is nil: the same chapter in every
// edition, with the ids of its headings, so that the switcher's script
// can keep the section being read.
func (b *builder) languageLinks(p *page) []languageLink {
	if len(b.all) < 2 {
		return nil
	}
	from := b.dir + "index.html"
	if p != nil {
		from = p.file()
	}
	var out []languageLink
	for _, e := range b.all {
		l := languageLink{Code: e.lang, Name: e.name, Current: e == b, Href: relURL(from, e.dir+"index.html")}
		if p != nil {
			if t := e.pageFor(p.slug()); t != nil {
				l.Href = relURL(from, t.file())
				if e != b {
					l.Anchors = joinIDs(t.out.anchors)
				}
				if t.fallback && t.contentLang() != e.lang {
					l.Note = e.msg.T("switch.fallback")
				}
			}
		}
		out = append(out, l)
	}
	return out
}

func joinIDs(ids []string) string {
	var b bytes.Buffer
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(id)
	}
	return b.String()
}
