package site

import (
	"html"
	"strings"

	"github.com/tally-book/tally/runner"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// tocEntry is a heading of the in-page table of contents.
type tocEntry struct {
	Level    int
	ID       string
	Title    string
	Optional bool   // a (*) section
	Num      string // its number, "2.3", in a numbered book (numbered.go)
}

// collectTOC lists the second- and third-level headings that have an id.
func collectTOC(doc ast.Node, src []byte) []tocEntry {
	var toc []tocEntry
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		if id := headingID(h); id != "" && h.Level >= 2 && h.Level <= 3 {
			title := strings.TrimSpace(runner.PlainText(h, src))
			opt := strings.HasSuffix(title, deepDiveMark)
			title = strings.TrimSpace(strings.TrimSuffix(title, deepDiveMark))
			toc = append(toc, tocEntry{Level: h.Level, ID: id, Title: title, Optional: opt})
		}
		return ast.WalkSkipChildren, nil
	})
	return toc
}

// headingID returns the id goldmark gave a heading.
func headingID(h *ast.Heading) string {
	v, ok := h.AttributeString("id")
	if !ok {
		return ""
	}
	switch id := v.(type) {
	case []byte:
		return string(id)
	case string:
		return id
	}
	return ""
}

// anchor is the link to its own section that ends a heading.
type anchor struct {
	ast.BaseInline
	id    string
	label string
}

// KindAnchor is the node kind of a heading's self-link.
var KindAnchor = ast.NewNodeKind("Anchor")

func (n *anchor) Kind() ast.NodeKind { return KindAnchor }

func (n *anchor) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"id": n.id}, nil)
}

// addAnchors gives every heading below the title a link to itself, with
// the accessible name label.
func addAnchors(doc ast.Node, label string) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		if id := headingID(h); id != "" && h.Level >= 2 {
			h.AppendChild(h, &anchor{id: id, label: label})
		}
		return ast.WalkSkipChildren, nil
	})
}

// anchorRenderer renders the self-links of headings.
type anchorRenderer struct{}

func (r *anchorRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindAnchor, r.render)
}

func (r *anchorRenderer) render(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		a := n.(*anchor)
		w.WriteString(` <a class="anchor" href="#` + html.EscapeString(a.id) + `" aria-label="` + html.EscapeString(a.label) + `">#</a>`)
	}
	return ast.WalkContinue, nil
}
