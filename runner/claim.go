package runner

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/tally-book/tally/runner/book"
	"github.com/yuin/goldmark/ast"
)

// claimOpen starts a claim comment.
const claimOpen = "<!--="

// Claim binds a number written in the prose to a published value.
type Claim struct {
	Pos     Pos     // line of the claim comment
	Written Written // the number right before the comment
	Name    string  // published value
	Index   []int   // element of a vector (one index) or table (two)
	Op      string  // "" (rounding rule), "±", "<", "<=", ">" or ">="
	Tol     float64 // for "±": the tolerance
	TolRel  bool    // for "±": Tol is a fraction of the written value
	Comment string  // the comment as written
	Node    *ast.RawHTML
}

// Ref is the value reference as written: "grad_3_4[0]".
func (c *Claim) Ref() string {
	s := c.Name
	for _, i := range c.Index {
		s += "[" + strconv.Itoa(i) + "]"
	}
	return s
}

// Rule describes how the claim is checked, e.g. "rounded to 4 decimals",
// "within ±0.01", "> 0.94".
func (c *Claim) Rule() string {
	switch c.Op {
	case "":
		return c.Written.Rule()
	case "±":
		if c.TolRel {
			return "within ±" + strconv.FormatFloat(c.Tol*100, 'g', -1, 64) + "% of " + c.Written.Text
		}
		return "within ±" + strconv.FormatFloat(c.Tol, 'g', -1, 64) + " of " + c.Written.Text
	}
	return c.Op + " " + c.Written.Text
}

var claimRE = regexp.MustCompile(`^([a-z][a-z0-9_]*)((?:\[\d+\]){0,2})(?:\s+(.*))?$`)
var indexRE = regexp.MustCompile(`\[(\d+)\]`)

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
	before := textBefore(n, src)
	w, _, ok := trailingNumber(before)
	if !ok {
		tail := before
		if r := []rune(tail); len(r) > 20 {
			tail = "…" + string(r[len(r)-20:])
		}
		return nil, &claimErr{line, fmt.Sprintf("claim %s follows %q, not a number (write the number right before the comment, with no space)", c.Ref(), tail)}
	}
	c.Written = w
	if c.Op == "±" && c.TolRel && w.Value() == 0 {
		return nil, &claimErr{line, fmt.Sprintf("claim %s: a relative tolerance needs a written number that is not 0", c.Ref())}
	}
	return c, nil
}

// ParseClaim parses the body of a claim comment: a reference, then an
// optional rule ("±0.01", "±2%", "<", "<=", "≤", ">", ">=", "≥").
func ParseClaim(body string) (*Claim, error) {
	m := claimRE.FindStringSubmatch(strings.TrimSpace(body))
	if m == nil {
		return nil, fmt.Errorf("malformed claim %q: want a value name such as cee_right or grad_3_4[0], then an optional rule (±0.01, ±2%%, <, <=, >, >=)", body)
	}
	c := &Claim{Name: m[1]}
	for _, im := range indexRE.FindAllStringSubmatch(m[2], -1) {
		i, err := strconv.Atoi(im[1])
		if err != nil {
			return nil, fmt.Errorf("malformed claim %q: bad index", body)
		}
		c.Index = append(c.Index, i)
	}
	rule := strings.TrimSpace(m[3])
	switch rule {
	case "":
	case "<", ">", "<=", ">=":
		c.Op = rule
	case "≤":
		c.Op = "<="
	case "≥":
		c.Op = ">="
	default:
		tol, ok := strings.CutPrefix(rule, "±")
		if !ok {
			tol, ok = strings.CutPrefix(rule, "+-")
		}
		if !ok {
			return nil, fmt.Errorf("malformed claim %q: unknown rule %q (want ±0.01, ±2%%, <, <=, >, >=)", body, rule)
		}
		c.Op = "±"
		tol = strings.TrimSpace(tol)
		if t, pct := strings.CutSuffix(tol, "%"); pct {
			c.TolRel, tol = true, t
		}
		f, err := strconv.ParseFloat(tol, 64)
		if err != nil || f < 0 || math.IsInf(f, 0) {
			return nil, fmt.Errorf("malformed claim %q: tolerance %q is not a non-negative number", body, tol)
		}
		if c.TolRel {
			f /= 100
		}
		c.Tol = f
	}
	return c, nil
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

// ClaimResult is the outcome of checking a claim.
type ClaimResult struct {
	Line     int     `json:"line"`
	Text     string  `json:"text"`               // the number as written
	Ref      string  `json:"ref"`                // value reference
	Rule     string  `json:"rule"`               // how it was checked
	Computed float64 `json:"computed,omitempty"` // the value's number
	Shown    string  `json:"shown,omitempty"`    // the computed number in the written units
	Status   string  `json:"status"`             // "pass", "fail", "error" or "info" (under overrides)
	Message  string  `json:"message,omitempty"`  // why it failed, or what the run gave
}

// Failed reports whether the claim is false or could not be checked.
func (r ClaimResult) Failed() bool { return r.Status == "fail" || r.Status == "error" }

// Check checks the claim against the published values.
func (c *Claim) Check(values map[string]book.Value) ClaimResult {
	r := ClaimResult{Line: c.Pos.Line, Text: c.Written.Text, Ref: c.Ref(), Rule: c.Rule()}
	v, ok := values[c.Name]
	if !ok {
		r.Status, r.Message = "error", fmt.Sprintf("claim %s names a value that was never published", c.Ref())
		return r
	}
	x, err := v.Index(c.Index...)
	if err != nil {
		r.Status, r.Message = "error", fmt.Sprintf("claim %s: %v", c.Ref(), err)
		return r
	}
	r.Computed, r.Shown = x, c.Written.Unit(x)
	if c.holds(x) {
		r.Status = "pass"
		return r
	}
	r.Status = "fail"
	switch c.Op {
	case "":
		r.Message = fmt.Sprintf("claim %s ≠ computed %s (%s: %s)", c.Written.Text, r.Shown, r.Rule, c.Written.Round(x)+pctSign(c.Written))
	default:
		r.Message = fmt.Sprintf("claim %s %s fails: computed %s", c.Ref(), r.Rule, r.Shown)
	}
	return r
}

// checkUnder checks the claim; when parameters were overridden, a claim
// that no longer holds is reported as information: the text says X, this
// run gives Y.
func (c *Claim) checkUnder(values map[string]book.Value, overridden bool) ClaimResult {
	cr := c.Check(values)
	if overridden && cr.Status == "fail" {
		got := cr.Shown
		if c.Op == "" {
			got = c.Written.Round(cr.Computed) + pctSign(c.Written)
		}
		cr.Status = "info"
		cr.Message = fmt.Sprintf("the text says %s, this run gives %s (parameters overridden)", c.Written.Text, got)
	}
	return cr
}

func pctSign(w Written) string {
	if w.Percent {
		return "%"
	}
	return ""
}

func (c *Claim) holds(x float64) bool {
	if math.IsNaN(x) {
		return false
	}
	w := c.Written
	switch c.Op {
	case "":
		return w.Matches(x)
	case "±":
		tol := c.Tol
		if c.TolRel {
			tol *= math.Abs(w.Value())
		} else if w.Percent {
			tol /= 100
		}
		return math.Abs(x-w.Value()) <= tol
	case "<":
		return x < w.Value()
	case "<=":
		return x <= w.Value()
	case ">":
		return x > w.Value()
	case ">=":
		return x >= w.Value()
	}
	return false
}
