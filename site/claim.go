package site

import (
	"fmt"
	"html"

	"github.com/tally-book/tally/check"
	"github.com/tally-book/tally/runner/chapter"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// claimMarks is the claim feature of a page: it renders each checked
// number (chapter.ClaimNode) and checked statement (statement.go) with its
// mark and tooltip, and keeps how many tooltips it made, for the ids of
// the next.
type claimMarks struct {
	p    *page
	tips int
}

// tipID returns a fresh id for a tooltip of the page.
func (cm *claimMarks) tipID(kind string) string {
	cm.tips++
	return fmt.Sprintf("t_%s_%d", kind, cm.tips)
}

// RegisterFuncs registers the renderers of checked numbers and
// statements: a discreet mark; hovering or focusing the mark shows the
// computed value, the rule and the line.
func (cm *claimMarks) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(chapter.KindClaim, cm.render)
	reg.Register(chapter.KindStatement, cm.statement)
}

func (cm *claimMarks) render(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	p := cm.p
	if p.summary {
		return ast.WalkContinue, nil // the number alone
	}
	cn := n.(*chapter.ClaimNode)
	c := cn.Claim
	var cr *chapter.ClaimResult
	if cn.Index < len(p.claims) {
		cr = &p.claims[cn.Index]
	}
	status := unchecked
	if cr != nil {
		status = cr.Status
	}
	if entering {
		fmt.Fprintf(w, `<span class="claim claim-%s" data-ref="%s" data-claim="%d"><span class="claim-num">`, status, html.EscapeString(c.Ref()), cn.Index)
		return ast.WalkContinue, nil
	}
	w.WriteString("</span>")
	cm.writeTip(w, c, cr, status, c.Describe(p.msg()))
	return ast.WalkContinue, nil
}

// writeTip writes the mark after a checked number or statement and
// its tooltip: the status, the computed value, the rule, the message and
// the line; it closes the claim's span.
func (cm *claimMarks) writeTip(w util.BufWriter, c *chapter.Claim, cr *chapter.ClaimResult, status check.Status, rule string) {
	p := cm.p
	id := cm.tipID("claim")
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
	fmt.Fprintf(w, `<span class="tip-row tip-pos">%s:%d</span>`, html.EscapeString(p.ch.Path), c.Pos.Line)
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
