package site

import (
	"bytes"
	"html"
	"strings"

	"github.com/tally-book/tally/runner/chapter"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// deepDiveMark ends the title of an optional section: "## Why log? (*)".
const deepDiveMark = "(*)"

// deepDive is an optional section: a heading marked (*) and everything up
// to the next heading of the same or a higher level.
type deepDive struct {
	ast.BaseBlock
}

// KindDeepDive is the node kind of an optional section.
var KindDeepDive = ast.NewNodeKind("DeepDive")

func (n *deepDive) Kind() ast.NodeKind { return KindDeepDive }

func (n *deepDive) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// deepDiveBadge replaces the (*) of the heading.
type deepDiveBadge struct {
	ast.BaseInline
}

// KindDeepDiveBadge is the node kind of the badge of an optional section.
var KindDeepDiveBadge = ast.NewNodeKind("DeepDiveBadge")

func (n *deepDiveBadge) Kind() ast.NodeKind { return KindDeepDiveBadge }

func (n *deepDiveBadge) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// isDeepDive reports whether a heading is marked optional.
func isDeepDive(h *ast.Heading, src []byte) bool {
	return strings.HasSuffix(strings.TrimSpace(chapter.PlainText(h, src)), deepDiveMark)
}

// markDeepDives wraps each optional section of the document's top level
// in a deepDive node and replaces the (*) of its heading with a badge.
func markDeepDives(doc ast.Node, src []byte) {
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		h, ok := n.(*ast.Heading)
		if !ok || !isDeepDive(h, src) {
			continue
		}
		trimMark(h, src)
		h.AppendChild(h, &deepDiveBadge{})
		dd := &deepDive{}
		doc.InsertBefore(doc, h, dd)
		for c := ast.Node(h); c != nil; {
			if c != h {
				if ch, ok := c.(*ast.Heading); ok && ch.Level <= h.Level {
					break
				}
			}
			next := c.NextSibling()
			doc.RemoveChild(doc, c)
			dd.AppendChild(dd, c)
			c = next
		}
		n = dd
	}
}

// trimMark removes the trailing (*) and the space before it from the text
// of a heading; goldmark may have split it into several text nodes.
func trimMark(h *ast.Heading, src []byte) {
	left := len(deepDiveMark)
	for left > 0 {
		t, ok := h.LastChild().(*ast.Text)
		if !ok {
			return
		}
		v := bytes.TrimRight(t.Segment.Value(src), " \t")
		t.Segment = t.Segment.WithStop(t.Segment.Start + len(v))
		cut := min(left, len(v))
		left -= cut
		t.Segment = t.Segment.WithStop(t.Segment.Stop - cut)
		if t.Segment.Len() == 0 {
			h.RemoveChild(h, t)
		}
	}
	if t, ok := h.LastChild().(*ast.Text); ok {
		v := bytes.TrimRight(t.Segment.Value(src), " \t")
		t.Segment = t.Segment.WithStop(t.Segment.Start + len(v))
	}
}

// deepDiveRenderer renders optional sections and their badges, in the
// words of the page's prose.
type deepDiveRenderer struct{ msg *messages }

func (r *deepDiveRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindDeepDive, r.section)
	reg.Register(KindDeepDiveBadge, r.badge)
}

func (r *deepDiveRenderer) section(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		w.WriteString(`<section class="deep-dive" aria-label="` + html.EscapeString(r.msg.T("optional.section")) + `">` + "\n")
	} else {
		w.WriteString("</section>\n")
	}
	return ast.WalkContinue, nil
}

func (r *deepDiveRenderer) badge(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		m := r.msg
		w.WriteString(` <span class="badge-optional" title="` + html.EscapeString(m.T("optional.title")) + `">` + html.EscapeString(m.T("optional")) + `</span>`)
	}
	return ast.WalkContinue, nil
}
