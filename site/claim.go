package site

import (
	"fmt"
	"html"
	"strconv"
	"strings"

	"github.com/tally-book/tally/check"
	"github.com/tally-book/tally/runner"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// claimNode is a checked number of the prose: the number as written (its
// child, when it could be split from the text before the comment) and the
// index of its claim.
type claimNode struct {
	ast.BaseInline
	index int
}

// KindClaim is the node kind of a checked number.
var KindClaim = ast.NewNodeKind("Claim")

func (n *claimNode) Kind() ast.NodeKind { return KindClaim }

func (n *claimNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"index": strconv.Itoa(n.index)}, nil)
}

// wrapClaims replaces each claim comment with a claim node that holds the
// number written before it, so the page can mark the number itself.
func (p *page) wrapClaims() {
	for i, c := range p.ch.Claims {
		if c.Op == check.OpStatement {
			continue // a statement's own file wraps it
		}
		n := c.Node
		parent := n.Parent()
		if parent == nil {
			continue
		}
		cn := &claimNode{index: i}
		parent.ReplaceChild(parent, n, cn)
		prev, ok := cn.PreviousSibling().(*ast.Text)
		if !ok || prev.SoftLineBreak() || prev.HardLineBreak() {
			continue
		}
		seg := prev.Segment
		val := seg.Value(p.ch.Source)
		num := c.Written.Text
		if !strings.HasSuffix(string(val), num) {
			continue // the number spans nodes: mark it after, unwrapped
		}
		cut := seg.Stop - len(num)
		numText := ast.NewTextSegment(seg.WithStart(cut))
		if cut == seg.Start {
			parent.RemoveChild(parent, prev)
		} else {
			prev.Segment = seg.WithStop(cut)
		}
		cn.AppendChild(cn, numText)
	}
}

// claimRenderer renders a checked number with a discreet mark; hovering
// or focusing the mark shows the computed value, the rule and the line.
type claimRenderer struct{ p *page }

func (r *claimRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindClaim, r.render)
}

func (r *claimRenderer) render(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	p := r.p
	if p.summary {
		return ast.WalkContinue, nil // the number alone
	}
	cn := n.(*claimNode)
	c := p.ch.Claims[cn.index]
	var cr *runner.ClaimResult
	if cn.index < len(p.claims) {
		cr = &p.claims[cn.index]
	}
	status := unchecked
	if cr != nil {
		status = cr.Status
	}
	if entering {
		fmt.Fprintf(w, `<span class="claim claim-%s" data-ref="%s" data-claim="%d"><span class="claim-num">`, status, html.EscapeString(c.Ref()), cn.index)
		return ast.WalkContinue, nil
	}
	w.WriteString("</span>")
	p.writeClaimTip(w, c, cr, status, c.Describe(p.msg()))
	return ast.WalkContinue, nil
}

// writeClaimTip writes the mark after a checked number or statement and
// its tooltip: the status, the computed value, the rule, the message and
// the line; it closes the claim's span.
func (p *page) writeClaimTip(w util.BufWriter, c *runner.Claim, cr *runner.ClaimResult, status check.Status, rule string) {
	id := p.tipID("claim")
	m := p.msg()
	mark, label := claimMark(status, m)
	label = html.EscapeString(label)
	fmt.Fprintf(w, `<button type="button" class="claim-mark" aria-label="%s" aria-describedby="%s">%s</button>`,
		label, id, mark)
	fmt.Fprintf(w, `<span class="claim-tip" role="tooltip" id="%s">`, id)
	fmt.Fprintf(w, `<span class="tip-title">%s</span>`, label)
	if cr != nil && cr.Shown != "" {
		fmt.Fprintf(w, `<span class="tip-row">%s <b class="tip-value">%s</b> <code>%s</code></span>`,
			html.EscapeString(m.T("claim.computed")), html.EscapeString(cr.Shown), html.EscapeString(c.Ref()))
	} else {
		fmt.Fprintf(w, `<span class="tip-row">%s <code>%s</code></span>`, html.EscapeString(m.T("claim.value")), html.EscapeString(c.Ref()))
	}
	fmt.Fprintf(w, `<span class="tip-row">%s</span>`, html.EscapeString(m.F("claim.rule", rule)))
	if cr != nil && cr.Message != "" {
		fmt.Fprintf(w, `<span class="tip-row tip-msg">%s</span>`, html.EscapeString(cr.Message))
	}
	fmt.Fprintf(w, `<span class="tip-row tip-pos">%s:%d</span>`, html.EscapeString(p.sourceName()), c.Pos.Line)
	w.WriteString("</span></span>")
}

// unchecked is the status of a claim of a chapter that did not run: the
// page marks it with a question mark.
const unchecked check.Status = "unchecked"

// claimMark returns the mark and the label of a claim status.
func claimMark(status check.Status, m *messages) (mark, label string) {
	switch status {
	case check.Pass:
		return "✓", m.T("claim.pass")
	case check.Fail:
		return "✗", m.T("claim.fail")
	case check.Error:
		return "✗", m.T("claim.error")
	case check.Info:
		return "≠", m.T("claim.info")
	}
	return "?", m.T("claim.none")
}
