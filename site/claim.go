package site

import (
	"fmt"
	"html"
	"strconv"

	"github.com/tally-book/tally/runner"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// claimMarks is the claim feature of a page: it renders each checked
// number (runner.ClaimNode) with its mark and tooltip, and keeps how many
// tooltips it made, for the ids of the next.
type claimMarks struct {
	p    *page
	tips int
}

// tipID returns a fresh id for a tooltip of the page.
func (cm *claimMarks) tipID(kind string) string {
	cm.tips++
	return fmt.Sprintf("t_%s_%d", kind, cm.tips)
}

// RegisterFuncs registers the renderer of checked numbers: a discreet
// mark; hovering or focusing the mark shows the computed value, the rule
// and the line.
func (cm *claimMarks) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(runner.KindClaim, cm.render)
}

func (cm *claimMarks) render(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	p := cm.p
	if p.summary {
		return ast.WalkContinue, nil // the number alone
	}
	cn := n.(*runner.ClaimNode)
	c := cn.Claim
	var cr *runner.ClaimResult
	if cn.Index < len(p.claims) {
		cr = &p.claims[cn.Index]
	}
	status := "unchecked"
	if cr != nil {
		status = cr.Status
	}
	if entering {
		fmt.Fprintf(w, `<span class="claim claim-%s" data-ref="%s" data-claim="%d"><span class="claim-num">`, status, html.EscapeString(c.Ref()), cn.Index)
		return ast.WalkContinue, nil
	}
	w.WriteString("</span>")
	cm.writeTip(w, c, cr, status, claimRule(c, p.msg()))
	return ast.WalkContinue, nil
}

// writeTip writes the mark after a checked number or statement and
// its tooltip: the status, the computed value, the rule, the message and
// the line; it closes the claim's span.
func (cm *claimMarks) writeTip(w util.BufWriter, c *runner.Claim, cr *runner.ClaimResult, status, rule string) {
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
	fmt.Fprintf(w, `<span class="tip-row tip-pos">%s:%d</span>`, html.EscapeString(p.sourceName()), c.Pos.Line)
	w.WriteString("</span></span>")
}

// claimMark returns the mark and the label of a claim status.
func claimMark(status string, m *messages) (mark, label string) {
	switch status {
	case "pass":
		return "✓", m.T("claim.pass")
	case "fail":
		return "✗", m.T("claim.fail")
	case "error":
		return "✗", m.T("claim.error")
	case "info":
		return "≠", m.T("claim.info")
	}
	return "?", m.T("claim.none")
}

// claimRule describes how a claim is checked, in the interface's
// language: the runner's words in English, Korean ones in Korean.
func claimRule(c *runner.Claim, m *messages) string {
	if baseLang(m.lang) != "ko" {
		return c.Rule()
	}
	w := c.Written
	switch c.Op {
	case "":
		n := len(w.Frac)
		switch {
		case w.HasExp:
			return fmt.Sprintf("유효숫자 %d자리로 반올림", n+1)
		case w.Percent:
			return fmt.Sprintf("백분율을 소수점 아래 %d자리로 반올림", n)
		case n == 0:
			return "정수로 반올림"
		}
		return fmt.Sprintf("소수점 아래 %d자리로 반올림", n)
	case "±":
		tol := strconv.FormatFloat(c.Tol, 'g', -1, 64)
		if c.TolRel {
			tol = strconv.FormatFloat(c.Tol*100, 'g', -1, 64) + "%"
		}
		return w.Text + " ± " + tol + " 이내"
	case "<":
		return w.Text + " 미만"
	case "<=":
		return w.Text + " 이하"
	case ">":
		return w.Text + " 초과"
	case ">=":
		return w.Text + " 이상"
	}
	return c.Rule()
}
