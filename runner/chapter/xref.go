package chapter

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/gohugoio/hugo-goldmark-extensions/passthrough"
	"github.com/yuin/goldmark/ast"
)

// A label names a figure, a display equation or a section, so that the
// prose can refer to it by number ("Figure 3.2", "(4.7)", "Section 3.1"):
//
//	fig:NAME   the figure a snippet published as NAME
//	eq:NAME    the display math block followed by <!--#eq:NAME-->
//	sec:ID     the section whose heading (level 2 or 3) has the anchor ID
//
// A reference is a link with no text to a label: [](#eq:central).

// Ref is a reference of the prose to a label.
type Ref struct {
	Label string // "fig:loss", "eq:central", "sec:softmax"
	Line  int    // line of the link
	Node  *ast.Link
}

// EqLabel is a display equation's label.
type EqLabel struct {
	Name  string         // the NAME of eq:NAME
	Line  int            // line of the label comment
	Math  ast.Node       // the display math block it labels
	Label *ast.HTMLBlock // the label comment
}

var (
	refRE     = regexp.MustCompile(`^#((?:fig|eq|sec):[^\s#]+)$`)
	eqLabelRE = regexp.MustCompile(`^<!--#eq:([a-z][a-z0-9_-]*)-->$`)
)

// Refs returns the references of a chapter's prose, in order.
func Refs(ch *Chapter) []Ref {
	var out []Ref
	lines := ch.lineIndex()
	_ = ast.Walk(ch.Doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		l, ok := n.(*ast.Link)
		if !entering || !ok || l.ChildCount() != 0 {
			return ast.WalkContinue, nil
		}
		if m := refRE.FindStringSubmatch(string(l.Destination)); m != nil {
			out = append(out, Ref{Label: m[1], Line: inlineLine(l, lines), Node: l})
		}
		return ast.WalkContinue, nil
	})
	return out
}

// EqLabels returns the equation labels of a chapter, in order, and the
// problems of label comments that follow no display math block.
func EqLabels(ch *Chapter) ([]EqLabel, ErrorList) {
	var out []EqLabel
	var errs ErrorList
	lines := ch.lineIndex()
	_ = ast.Walk(ch.Doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.HTMLBlock)
		if !entering || !ok || h.Lines().Len() == 0 {
			return ast.WalkContinue, nil
		}
		text := string(bytes.TrimSpace(h.Lines().Value(ch.Source)))
		if !strings.HasPrefix(text, "<!--#eq:") {
			return ast.WalkSkipChildren, nil
		}
		line := lines.line(h.Lines().At(0).Start)
		m := eqLabelRE.FindStringSubmatch(text)
		if m == nil {
			errs.Add(Pos{ch.Path, line}, "malformed equation label %q: want <!--#eq:NAME--> alone on its line, NAME lower-case letters, digits, '_' and '-'", text)
			return ast.WalkSkipChildren, nil
		}
		prev := h.PreviousSibling()
		if _, math := prev.(*passthrough.PassthroughBlock); !math {
			errs.Add(Pos{ch.Path, line}, "equation label eq:%s follows no display math: write it on the line right after the closing $$", m[1])
			return ast.WalkSkipChildren, nil
		}
		out = append(out, EqLabel{Name: m[1], Line: line, Math: prev, Label: h})
		return ast.WalkSkipChildren, nil
	})
	return out, errs
}

// SectionIDs returns the anchors of a chapter's numbered headings: those
// of levels 2 and 3 (the title is level 1).
func SectionIDs(ch *Chapter) []string {
	var out []string
	_ = ast.Walk(ch.Doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			if id, ok := h.AttributeString("id"); ok && h.Level >= 2 && h.Level <= 3 {
				if b, ok := id.([]byte); ok {
					out = append(out, string(b))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return out
}
