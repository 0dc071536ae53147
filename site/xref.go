package site

import (
	"fmt"
	"html"
	"strconv"
	"strings"

	"github.com/tally-book/tally/runner/chapter"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// xrefTarget is what a label of an edition numbers: the page it is on,
// its number ("3.2") and its anchor on that page.
type xrefTarget struct {
	page   *page
	num    string
	anchor string
}

// xrefs are the labels of an edition ("eq:central", "fig:loss",
// "sec:intro"), each with what it numbers. numberLabels makes them before
// any page renders; a page then wraps its labelled equations and its
// references in nodes (wrap), which xrefRenderer renders.
type xrefs map[string]xrefTarget

// numberLabels numbers the labels of an edition's pages (see runner's
// Ref): a figure by its place among its chapter's published figures, an
// equation among its chapter's labelled equations, a section among the
// headings of its chapter (level 2, then 3, below the title), each after
// the chapter's number, its place in the book. It runs before any page
// renders, so that a reference may point at a later chapter.
func numberLabels(pages []*page) xrefs {
	labels := xrefs{}
	put := func(label string, t xrefTarget) {
		if _, dup := labels[label]; !dup {
			labels[label] = t
		}
	}
	for _, p := range pages {
		n := p.num.chapter // numberPages
		if p.res != nil {
			for j, f := range p.res.Figures {
				put("fig:"+f.Name, xrefTarget{p, n + "." + strconv.Itoa(j+1), "fig-" + f.Name})
			}
		}
		eqs, _ := chapter.EqLabels(p.ch)
		for j, e := range eqs {
			put("eq:"+e.Name, xrefTarget{p, n + "." + strconv.Itoa(j+1), "eq-" + e.Name})
		}
		from := map[int]string{} // a translation's heading line → the source section's anchor
		if p.tr != nil {
			for _, s := range p.tr.Sections {
				from[s.Line] = s.ID
			}
		}
		walkSections(p.ch.Doc, n, func(h *ast.Heading, num string) {
			// A translation's heading takes the anchor of the source
			// section it translates (editionState.prepare), and both name it.
			id, own := headingID(h), ""
			if h.Lines().Len() > 0 && h.Parent() == p.ch.Doc {
				if src := from[p.ch.Line(h.Lines().At(0).Start)]; src != "" {
					id, own = src, id
				}
			}
			t := xrefTarget{p, num, id}
			put("sec:"+id, t)
			if own != "" {
				put("sec:"+own, t)
			}
		})
	}
	return labels
}

// equationBlock is a labelled display equation: its math block (the
// child) with its number at the right.
type equationBlock struct {
	ast.BaseBlock
	name string
	num  string
}

// KindEquation is the node kind of a labelled display equation.
var KindEquation = ast.NewNodeKind("Equation")

func (n *equationBlock) Kind() ast.NodeKind { return KindEquation }

func (n *equationBlock) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"name": n.name, "num": n.num}, nil)
}

// xrefNode is a reference to a label: [](#eq:central).
type xrefNode struct {
	ast.BaseInline
	label string
}

// KindXref is the node kind of a reference.
var KindXref = ast.NewNodeKind("Xref")

func (n *xrefNode) Kind() ast.NodeKind { return KindXref }

func (n *xrefNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"label": n.label}, nil)
}

// wrap puts each labelled equation of a page's chapter (its tree) in an
// equation block with its number, dropping its label comment, and replaces
// each reference with a reference node.
func (x xrefs) wrap(ch *chapter.Chapter) {
	eqs, _ := chapter.EqLabels(ch)
	for _, e := range eqs {
		parent := e.Math.Parent()
		if parent == nil {
			continue
		}
		t := x["eq:"+e.Name]
		blk := &equationBlock{name: e.Name, num: t.num}
		parent.RemoveChild(parent, e.Label)
		parent.ReplaceChild(parent, e.Math, blk)
		blk.AppendChild(blk, e.Math)
	}
	for _, r := range chapter.Refs(ch) {
		if parent := r.Node.Parent(); parent != nil {
			parent.ReplaceChild(parent, r.Node, &xrefNode{label: r.Label})
		}
	}
}

// xrefRenderer renders labelled equations and references.
type xrefRenderer struct{ p *page }

func (r *xrefRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindEquation, r.equation)
	reg.Register(KindXref, r.xref)
}

func (r *xrefRenderer) equation(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	eq := n.(*equationBlock)
	if entering {
		fmt.Fprintf(w, `<div class="equation" id="eq-%s">`, html.EscapeString(eq.name))
		return ast.WalkContinue, nil
	}
	fmt.Fprintf(w, `<span class="eq-num">(%s)</span></div>`+"\n", html.EscapeString(eq.num))
	return ast.WalkContinue, nil
}

func (r *xrefRenderer) xref(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	p := r.p
	label := n.(*xrefNode).label
	kind, name, _ := strings.Cut(label, ":")
	t, ok := p.b.labels[label]
	if f := p.fig.byName[name]; kind == "fig" && f != nil { // a figure of the page's own chapter first
		t, ok = xrefTarget{p, p.fig.number(f), "fig-" + name}, true
	}
	if !ok { // the runner reports it at its line
		fmt.Fprintf(w, `<span class="xref xref-missing">[%s]</span>`, html.EscapeString(label))
		return ast.WalkContinue, nil
	}
	text := html.EscapeString(p.msg().F("xref."+kind, t.num))
	if p.summary {
		w.WriteString(text)
		return ast.WalkContinue, nil
	}
	href := "#" + t.anchor
	if t.page != p {
		href = relURL(p.file(), t.page.file()) + href
	}
	fmt.Fprintf(w, `<a class="xref" href="%s">%s</a>`, html.EscapeString(string(util.URLEscape([]byte(href), true))), text)
	return ast.WalkContinue, nil
}
