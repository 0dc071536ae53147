package site

import (
	"fmt"
	"html"

	"github.com/tally-book/tally/runner/chapter"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// statement renders a checked statement (chapter.StatementNode) as a
// checked number: the text underlined, the same mark after it, and a
// tooltip with the value, the rule and the line.
func (cm *claimMarks) statement(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	p := cm.p
	if p.summary {
		return ast.WalkContinue, nil // the text alone
	}
	sn := n.(*chapter.StatementNode)
	c := sn.Claim
	var cr *chapter.ClaimResult
	status := unchecked
	if sn.Index < len(p.claims) {
		cr = &p.claims[sn.Index]
		status = cr.Status
	}
	if entering {
		fmt.Fprintf(w, `<span class="claim claim-%s" data-ref="%s" data-claim="%d"><span class="claim-num claim-statement">`, status, html.EscapeString(c.Ref()), sn.Index)
		return ast.WalkContinue, nil
	}
	w.WriteString("</span>")
	cm.writeTip(w, c, cr, status, p.msg().T("claim.true"))
	return ast.WalkContinue, nil
}
