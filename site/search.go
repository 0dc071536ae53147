package site

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gohugoio/hugo-goldmark-extensions/passthrough"
	"github.com/tally-book/tally/runner/chapter"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// searchSection is a part of a chapter that search can land on: the text
// from one heading to the next.
type searchSection struct {
	Title string // heading, or the chapter title for the opening part
	ID    string // heading id, "" for the opening part
	Text  string
}

// searchSections splits the prose of a page's chapter ch (its tree, as
// the page rewrote it) at its second- and third-level headings, with the
// captions of the page's figures figs. Code and output are left out; math
// is kept as TeX. A chapter with "search: false" in its front matter has
// none.
func searchSections(ch *chapter.Chapter, figs *figures) []searchSection {
	if v, ok := ch.Meta.Extra["search"].(bool); ok && !v {
		return nil
	}
	src := ch.Source
	cur := searchSection{}
	var out []searchSection
	var text strings.Builder
	flush := func() {
		cur.Text = strings.Join(strings.Fields(text.String()), " ")
		if cur.Text != "" || cur.ID != "" {
			out = append(out, cur)
		}
		text.Reset()
	}
	_ = ast.Walk(ch.Doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if n.Type() == ast.TypeBlock {
				text.WriteByte(' ')
			}
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			if id := headingID(n); id != "" && n.Level >= 2 && n.Level <= 3 {
				flush()
				title := strings.TrimSpace(chapter.PlainText(n, src))
				cur = searchSection{Title: strings.TrimSpace(strings.TrimSuffix(title, deepDiveMark)), ID: id}
				return ast.WalkSkipChildren, nil
			}
		case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			text.Write(n.Segment.Value(src))
			if n.SoftLineBreak() || n.HardLineBreak() {
				text.WriteByte(' ')
			}
		case *ast.String:
			text.Write(n.Value)
		case *ast.CodeSpan:
			text.WriteString(chapter.PlainText(n, src))
			return ast.WalkSkipChildren, nil
		case *chapter.FigureNode:
			if f, ok := figs.byName[n.Name]; ok {
				text.WriteString(" " + f.res.Caption + " ")
			}
			return ast.WalkSkipChildren, nil // the figure, not its image's text
		case *east.TableCell:
			text.WriteByte(' ')
		}
		switch m := n.(type) {
		case *passthrough.PassthroughInline:
			text.Write(m.Segment.Value(src))
		case *passthrough.PassthroughBlock:
			lines := m.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				text.Write(seg.Value(src))
			}
			text.WriteByte(' ')
		}
		return ast.WalkContinue, nil
	})
	flush()
	for _, f := range figs.all {
		if !f.placed && len(out) > 0 {
			out[len(out)-1].Text += " " + f.res.Caption
		}
	}
	return out
}

// tokens splits text into search terms: lower-case words of letters and
// digits, and for Hangul, which has no spaces between many words, the
// bigrams of each run of syllables (a one-syllable run is kept whole).
// The page's search.js does the same to a query.
func tokens(s string) []string {
	var out []string
	var run []rune
	hangul := false
	emit := func() {
		if len(run) == 0 {
			return
		}
		if hangul {
			if len(run) == 1 {
				out = append(out, string(run))
			}
			for i := 0; i+1 < len(run); i++ {
				out = append(out, string(run[i:i+2]))
			}
		} else if len(run) >= 2 || unicode.IsDigit(run[0]) {
			out = append(out, string(run))
		}
		run = run[:0]
	}
	for _, r := range strings.ToLower(s) {
		h := isHangul(r)
		switch {
		case h || unicode.IsLetter(r) || unicode.IsDigit(r):
			if h != hangul {
				emit()
				hangul = h
			}
			run = append(run, r)
		default:
			emit()
		}
	}
	emit()
	return out
}

// isHangul reports whether r is a Hangul syllable or jamo.
func isHangul(r rune) bool {
	return unicode.Is(unicode.Hangul, r)
}

// searchIndex is the index of one language, written as a script that
// sets window.tallySearch so that it loads from file:// too.
type searchIndex struct {
	Lang  string           `json:"lang"`
	Docs  [][3]string      `json:"docs"`  // [url, section title, chapter title]
	Text  []string         `json:"text"`  // an excerpt of each doc, for the result list
	Terms map[string][]int `json:"terms"` // term → doc numbers, ascending
}

// excerptRunes is the length of the excerpt kept for each section.
const excerptRunes = 240

// searchPage is a page as the search index has it.
type searchPage struct {
	url      string // its site path
	title    string // its chapter's title
	sections []searchSection
}

// buildSearchIndex indexes the sections of every page.
func buildSearchIndex(lang string, pages []searchPage) []byte {
	idx := searchIndex{Lang: lang, Docs: [][3]string{}, Text: []string{}, Terms: map[string][]int{}}
	for _, p := range pages {
		chTitle := p.title
		for _, s := range p.sections {
			doc := len(idx.Docs)
			u := p.url
			title := s.Title
			if s.ID != "" {
				u += "#" + s.ID
			} else {
				title = chTitle
			}
			idx.Docs = append(idx.Docs, [3]string{u, title, chTitle})
			idx.Text = append(idx.Text, excerpt(s.Text, excerptRunes))
			seen := map[string]bool{}
			for _, t := range append(tokens(title), tokens(s.Text)...) {
				if !seen[t] {
					seen[t] = true
					idx.Terms[t] = append(idx.Terms[t], doc)
				}
			}
		}
	}
	var buf bytes.Buffer
	buf.WriteString("/* tally search index: generated, do not edit */\nwindow.tallySearch = ")
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(idx) // maps are written in key order: the file is deterministic
	buf.WriteString(";\n")
	return buf.Bytes()
}

// excerpt cuts s to about n runes at a word boundary.
func excerpt(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	cut := strings.LastIndexByte(string(r), ' ')
	out := string(r)
	if cut > len(out)/2 {
		out = out[:cut]
	}
	return out + "…"
}
