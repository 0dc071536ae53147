package site

import (
	"bytes"
	"html"
	"strconv"
	"strings"

	"github.com/tally-book/tally/runner"
	"github.com/tally-book/tally/runner/chapter"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// editionState is what a translation's page keeps of its edition: the
// check of the translation, where the output and figures of its source's
// snippets go, and its out-of-date sections. A chapter's page has none.
type editionState struct {
	trRes    *runner.TranslationResult // the translation's check; nil when not checked
	group    map[int][]int             // shown source snippet → the source snippets whose output and figures come with it
	anchorOf map[int]int               // source snippet → the shown one it comes with, if the translation shows that
	stale    []staleEntry              // its out-of-date sections, for the banner
	staleAt  map[int]staleEntry        // heading line → its entry
}

// newTranslationPage makes the page of a translation: its prose, with the
// code, outputs and figures of its source's run where its empty go blocks
// stand, and its claims marked with the checks of trRes.
func (b *builder) newTranslationPage(tr *chapter.Translation, trRes *runner.TranslationResult, run *runner.ChapterResult) *page {
	if trRes != nil && trRes.SourceRun != nil {
		run = trRes.SourceRun
	}
	p := b.pageOf(tr.Ch, run, tr)
	p.ed.trRes = trRes
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
	p.ed.groupSnippets(tr, p.code)
	return p
}

// newFallbackPage makes the page of a chapter in an edition that has no
// translation of it: the chapter as it is, under a notice.
func (b *builder) newFallbackPage(ch *chapter.Chapter, res *runner.ChapterResult) *page {
	p := b.newPage(ch, res)
	p.fallback = true
	p.bodyMsg = b.messages(p.lang)
	return p
}

// shownSnippet reports whether a reader sees the code of a snippet: the
// snippets a translation's go blocks stand for.
func shownSnippet(s *chapter.Snippet) bool { return s.Lang == "go" && !s.Has("hide") }

// groupSnippets decides where the output and figures of each snippet of
// code, the source of translation tr, go on the translation's page: a
// shown snippet's with its code, where the translation's go block stands
// for it; a hidden snippet's with the shown snippet before it (or the
// first, when none is before).
func (ed *editionState) groupSnippets(tr *chapter.Translation, code *chapter.Chapter) {
	ed.group, ed.anchorOf = map[int][]int{}, map[int]int{}
	shown := map[int]bool{}
	for _, k := range tr.Code {
		if k >= 0 {
			shown[k] = true
		}
	}
	first := -1
	for _, s := range code.Snippets {
		if shownSnippet(s) {
			first = s.Index
			break
		}
	}
	prev := -1
	for _, s := range code.Snippets {
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
			ed.group[a] = append(ed.group[a], s.Index)
			ed.anchorOf[s.Index] = a
		}
	}
}

// showsSnippet reports whether the page shows the output and figures of
// snippet i of its code where they belong: a chapter's page shows all,
// a translation's those that groupSnippets placed.
func (ed *editionState) showsSnippet(i int) bool {
	if ed.anchorOf == nil {
		return true
	}
	_, ok := ed.anchorOf[i]
	return ok
}

// sourceCodeLines counts the lines of code that the page of translation
// tr shows from its source code, for the reading time; 0 when tr is nil.
func sourceCodeLines(tr *chapter.Translation, code *chapter.Chapter) int {
	if tr == nil {
		return 0
	}
	n := 0
	for _, k := range tr.Code {
		if k >= 0 && k < len(code.Snippets) && code.Snippets[k].Node != nil {
			n += code.Snippets[k].Node.Lines().Len()
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

// prepare removes the <!--from ID@HASH--> stamps from the headings of
// a translation (its tree doc, its source src, and line, the line of an
// offset of src) and gives each heading the id of the source section it translates, so that
// #fragment links work in both editions and the language switcher lands
// on the same section. A heading without a stamp keeps the id the parser
// made, numbered when taken. It notes the out-of-date sections, with m's
// words and links to the sections of the page original.
func (ed *editionState) prepare(tr *chapter.Translation, doc ast.Node, src []byte, line func(off int) int, m *messages, original string) {
	stamps := map[int]chapter.Stamp{}
	for _, st := range tr.Sections {
		stamps[st.Line] = st
	}
	stale := map[int]runner.Stale{}
	if ed.trRes != nil {
		for _, s := range ed.trRes.Stale {
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
		return line(h.Lines().At(0).Start)
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

	ed.staleAt = map[int]staleEntry{}
	for _, h := range heads {
		line := lineOf(h)
		s, ok := stale[line]
		if !ok || h.Parent() != doc {
			continue
		}
		st := stamps[line]
		title := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(chapter.PlainText(h, src)), deepDiveMark))
		e := staleEntry{ID: headingID(h), Title: title, Mark: m.T("stale.check")}
		switch {
		case st.ID == "":
			e.Reason = m.T("why.nostamp")
		case s.Source == 0:
			e.Reason, e.Mark = m.T("why.gone"), m.T("stale.gone")
		case st.Hash == "":
			e.Reason = m.T("why.unstamped")
			e.Original = original + "#" + st.ID
		default:
			e.Reason, e.Mark = m.T("why.changed"), m.T("stale.changed")
			e.Original = original + "#" + st.ID
		}
		ed.stale = append(ed.stale, e)
		ed.staleAt[line] = e
	}
}

// untranslated lists the sections of the source code that no heading of
// the translation translates, with links to them on the page original.
func (ed *editionState) untranslated(code *chapter.Chapter, original string) []untranslatedLink {
	if ed.trRes == nil || len(ed.trRes.Untranslated) == 0 {
		return nil
	}
	titles := map[string]string{}
	for _, s := range chapter.Sections(code) {
		titles[s.ID] = s.Title
	}
	var out []untranslatedLink
	for _, id := range ed.trRes.Untranslated {
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

// markStale puts a marker after the heading of each out-of-date section
// of a translation's tree doc: with title, only after the chapter's
// opening heading, before it is taken out as the title; then after the
// others, once their optional sections are marked.
func (ed *editionState) markStale(doc ast.Node, line func(off int) int, title bool) {
	if len(ed.staleAt) == 0 {
		return
	}
	mark := func(h *ast.Heading) {
		if h.Lines().Len() == 0 {
			return
		}
		if _, done := h.LastChild().(*staleMark); done {
			return
		}
		if e, ok := ed.staleAt[line(h.Lines().At(0).Start)]; ok {
			h.AppendChild(h, &staleMark{e: e})
		}
	}
	if title {
		if h, ok := doc.FirstChild().(*ast.Heading); ok && h.Level == 1 {
			mark(h)
		}
		return
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
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

// otherLang returns lang, the language of a page's prose, when it is not
// than, the language around it; "" when it is.
func otherLang(lang, than string) string {
	if lang != than {
		return lang
	}
	return ""
}

// pageIndex returns the index of the edition's page for a chapter slug
// in b.pages (and b.views), or -1 when it has none.
func (b *builder) pageIndex(slug string) int {
	for i, p := range b.pages {
		if p.code.Slug == slug {
			return i
		}
	}
	return -1
}

// languageLinks returns the entries of the language switcher of the i-th
// page of edition b, or of its index when i is -1: the same chapter in
// every edition, with the ids of its headings, so that the switcher's
// script can keep the section being read.
func (b *builder) languageLinks(i int) []languageLink {
	if len(b.all) < 2 {
		return nil
	}
	from := b.dir + "index.html"
	if i >= 0 {
		from = b.views[i].file
	}
	var out []languageLink
	for _, e := range b.all {
		l := languageLink{Code: e.lang, Name: e.name, Current: e == b, Href: relURL(from, e.dir+"index.html")}
		if i >= 0 {
			if j := e.pageIndex(b.views[i].slug); j >= 0 {
				t := e.views[j]
				l.Href = relURL(from, t.file)
				if e != b {
					l.Anchors = joinIDs(e.pages[j].out.anchors)
				}
				if t.fallback {
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
