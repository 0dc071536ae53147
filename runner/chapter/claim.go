package chapter

import (
	"bytes"
	"strings"

	"github.com/tally-book/tally/book"
	"github.com/tally-book/tally/check"
	"github.com/yuin/goldmark/ast"
)

// claimOpen starts a claim comment.
const claimOpen = "<!--="

// Claim binds a number written in the prose to a published value: the
// rule of package check, and where the claim is.
type Claim struct {
	check.Claim
	Pos     Pos    // line of the claim comment
	Comment string // the comment as written
	Node    *ast.RawHTML
}

type claimErr struct {
	line int
	msg  string
}

// parseClaimNode reads a claim from a raw HTML inline node. It returns nil,
// nil when the node is not a claim comment.
func parseClaimNode(n *ast.RawHTML, src []byte, lines lineIndex) (*Claim, *claimErr) {
	if n.Segments.Len() == 0 {
		return nil, nil
	}
	var raw bytes.Buffer
	for i := 0; i < n.Segments.Len(); i++ {
		seg := n.Segments.At(i)
		raw.Write(seg.Value(src))
	}
	s := raw.String()
	if strings.HasPrefix(s, statementOpen) {
		return parseStatement(n, s, src, lines)
	}
	if !strings.HasPrefix(s, claimOpen) {
		return nil, nil
	}
	line := lines.line(n.Segments.At(0).Start)
	body := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(s, claimOpen), "-->"))
	c, err := ParseClaim(body)
	if err != nil {
		return nil, &claimErr{line, err.Error()}
	}
	c.Pos.Line, c.Comment, c.Node = line, s, n
	if _, err := c.Follow(textBefore(n, src)); err != nil {
		return nil, &claimErr{line, err.Error()}
	}
	return c, nil
}

// ParseClaim parses the body of a claim comment: a reference, then an
// optional rule ("±0.01", "±2%", "<", "<=", "≤", ">", ">=", "≥").
func ParseClaim(body string) (*Claim, error) {
	c, err := check.ParseClaim(body)
	if err != nil {
		return nil, err
	}
	return &Claim{Claim: *c}, nil
}

// textBefore returns the text that ends right before n in its paragraph:
// the preceding text siblings, or the last text inside a preceding
// emphasis or link.
func textBefore(n ast.Node, src []byte) string {
	var parts []string
	for p := n.PreviousSibling(); p != nil; p = p.PreviousSibling() {
		t, ok := p.(*ast.Text)
		if !ok {
			if len(parts) == 0 && p.HasChildren() {
				return textBefore(lastLeaf(p), src) + lastText(p, src)
			}
			break
		}
		if t.SoftLineBreak() || t.HardLineBreak() {
			break
		}
		parts = append([]string{string(t.Segment.Value(src))}, parts...)
	}
	return strings.Join(parts, "")
}

func lastLeaf(n ast.Node) ast.Node {
	for n.LastChild() != nil {
		n = n.LastChild()
	}
	return n
}

func lastText(n ast.Node, src []byte) string {
	if t, ok := lastLeaf(n).(*ast.Text); ok && !t.SoftLineBreak() {
		return string(t.Segment.Value(src))
	}
	return ""
}

// Body is what the claim's comment holds: "name" or "name ~2%" of a
// number's <!--=name-->, "?name" of a statement's <!--?name-->.
func (c *Claim) Body() string {
	return strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(c.Comment, claimOpen), "<!--"), "-->"))
}

// ClaimResult is the outcome of checking a claim.
type ClaimResult struct {
	Line     int          `json:"line"`
	Text     string       `json:"text"`               // the number as written
	Ref      string       `json:"ref"`                // value reference
	Rule     string       `json:"rule"`               // how it was checked
	Computed book.Number  `json:"computed,omitempty"` // the value's number; NaN and ±Inf are written as "NaN", "+Inf" and "-Inf"
	Shown    string       `json:"shown,omitempty"`    // the computed number in the written units
	Status   check.Status `json:"status"`             // check.Pass, Fail, Error, or Info under overrides
	Message  string       `json:"message,omitempty"`  // why it failed, or what the run gave
}

// Failed reports whether the claim is false or could not be checked.
func (r ClaimResult) Failed() bool { return r.Status.Failed() }

// Check checks the claim against the published values. When the run's
// parameters were overridden, a claim that no longer holds is reported as
// information: the text says X, this run gives Y.
func (c *Claim) Check(values map[string]book.Value, overridden bool) ClaimResult {
	v := check.Check(&c.Claim, values, overridden)
	return ClaimResult{Line: c.Pos.Line, Text: c.Written.Text, Ref: c.Ref(), Rule: c.Rule(),
		Computed: book.Number(v.Computed), Shown: v.Shown, Status: v.Status, Message: v.Message}
}
