package site

import (
	"fmt"
	"html"
	"strconv"
	"strings"

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
	if p.res != nil && cn.index < len(p.res.Claims) {
		cr = &p.res.Claims[cn.index]
	}
	status := "unchecked"
	if cr != nil {
		status = cr.Status
	}
	if entering {
		fmt.Fprintf(w, `<span class="claim claim-%s" data-ref="%s"><span class="claim-num">`, status, html.EscapeString(c.Ref()))
		return ast.WalkContinue, nil
	}
	id := p.tipID("claim")
	mark, label := claimMark(status)
	fmt.Fprintf(w, `</span><button type="button" class="claim-mark" aria-label="%s" aria-describedby="%s">%s</button>`,
		label, id, mark)
	fmt.Fprintf(w, `<span class="claim-tip" role="tooltip" id="%s">`, id)
	fmt.Fprintf(w, `<span class="tip-title">%s</span>`, label)
	if cr != nil && cr.Shown != "" {
		fmt.Fprintf(w, `<span class="tip-row">computed <b class="tip-value">%s</b> <code>%s</code></span>`,
			html.EscapeString(cr.Shown), html.EscapeString(c.Ref()))
	} else {
		fmt.Fprintf(w, `<span class="tip-row">value <code>%s</code></span>`, html.EscapeString(c.Ref()))
	}
	fmt.Fprintf(w, `<span class="tip-row">rule: %s</span>`, html.EscapeString(c.Rule()))
	if cr != nil && cr.Message != "" {
		fmt.Fprintf(w, `<span class="tip-row tip-msg">%s</span>`, html.EscapeString(cr.Message))
	}
	fmt.Fprintf(w, `<span class="tip-row tip-pos">%s:%d</span>`, html.EscapeString(p.sourceName()), c.Pos.Line)
	w.WriteString("</span></span>")
	return ast.WalkContinue, nil
}

// claimMark returns the mark and the label of a claim status.
func claimMark(status string) (mark, label string) {
	switch status {
	case "pass":
		return "✓", "Checked against the run"
	case "fail":
		return "✗", "Does not match the run"
	case "error":
		return "✗", "Could not be checked"
	case "info":
		return "≠", "Differs under overridden parameters"
	}
	return "?", "Not checked: the chapter did not run"
}
