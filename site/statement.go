package site

import (
	"fmt"
	"html"
	"strconv"

	"github.com/tally-book/tally/check"
	"github.com/tally-book/tally/runner"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// statementNode is a statement claim of the prose: the text it covers
// (its children, as runner.StatementStart finds them) and the index of
// its claim in the page's chapter.
type statementNode struct {
	ast.BaseInline
	index int
}

// KindStatement is the node kind of a checked statement.
var KindStatement = ast.NewNodeKind("Statement")

func (n *statementNode) Kind() ast.NodeKind { return KindStatement }

func (n *statementNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"index": strconv.Itoa(n.index)}, nil)
}

// wrapStatements replaces each statement comment with a statement node
// that holds the text the statement covers, so that the page marks the
// sentence as it marks a number.
func (p *page) wrapStatements() {
	src := p.ch.Source
	for i, c := range p.ch.Claims {
		if c.Op != check.OpStatement || c.Node.Parent() == nil {
			continue
		}
		first, cut := runner.StatementStart(c.Node, src)
		if first == c.Node {
			continue // covers nothing: the runner reports it
		}
		parent := c.Node.Parent()
		if cut >= 0 { // the sentence starts inside a text node: split it
			t := first.(*ast.Text)
			in := ast.NewTextSegment(t.Segment.WithStart(cut))
			in.SetSoftLineBreak(t.SoftLineBreak())
			t.Segment = t.Segment.WithStop(cut)
			t.SetSoftLineBreak(false)
			parent.InsertAfter(parent, t, in)
			first = in
		}
		var covered []ast.Node
		for n := first; n != c.Node; n = n.NextSibling() {
			covered = append(covered, n)
		}
		sn := &statementNode{index: i}
		parent.ReplaceChild(parent, c.Node, sn)
		for _, n := range covered {
			parent.RemoveChild(parent, n)
			sn.AppendChild(sn, n)
		}
	}
}

// statementRenderer renders a checked statement as a checked number: the
// text underlined, the same mark after it, and a tooltip with the value,
// the rule and the line.
type statementRenderer struct{ p *page }

func (r *statementRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindStatement, r.render)
}

func (r *statementRenderer) render(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	p := r.p
	if p.summary {
		return ast.WalkContinue, nil // the text alone
	}
	sn := n.(*statementNode)
	c := p.ch.Claims[sn.index]
	var cr *runner.ClaimResult
	status := unchecked
	if sn.index < len(p.claims) {
		cr = &p.claims[sn.index]
		status = cr.Status
	}
	if entering {
		fmt.Fprintf(w, `<span class="claim claim-%s" data-ref="%s" data-claim="%d"><span class="claim-num claim-statement">`, status, html.EscapeString(c.Ref()), sn.index)
		return ast.WalkContinue, nil
	}
	w.WriteString("</span>")
	p.writeClaimTip(w, c, cr, status, p.msg().T("claim.true"))
	return ast.WalkContinue, nil
}
