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

// claimState is what the claim marks of a page keep: how many tooltips
// they made, for the ids of the next.
type claimState struct{ tips int }

// tipID returns a fresh id for a tooltip of the page.
func (p *page) tipID(kind string) string {
	p.marks.tips++
	return fmt.Sprintf("t_%s_%d", kind, p.marks.tips)
}

// claimRenderer renders a checked number with a discreet mark; hovering
// or focusing the mark shows the computed value, the rule and the line.
type claimRenderer struct{ p *page }

func (r *claimRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(runner.KindClaim, r.render)
}

func (r *claimRenderer) render(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	p := r.p
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
	p.writeClaimTip(w, c, cr, status, claimRule(c, p.msg()))
	return ast.WalkContinue, nil
}

// writeClaimTip writes the mark after a checked number or statement and
// its tooltip: the status, the computed value, the rule, the message and
// the line; it closes the claim's span.
func (p *page) writeClaimTip(w util.BufWriter, c *runner.Claim, cr *runner.ClaimResult, status, rule string) {
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
