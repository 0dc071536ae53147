package check

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Claim is the rule of a claim: the number written in the prose, the value
// it names and how the two are compared. It knows nothing of the chapter
// it comes from.
type Claim struct {
	Written Written // the number right before the comment (a range's whole text, at its finer end's digits); for a statement only its Text, the sentence
	Name    string  // published value
	Index   []int   // element of a vector (one index) or table (two)
	Spec    string  // the rule as the comment writes it after the name: "±0.01", "<", ""
	Op      string  // the form of claim, a registered [Rule]: OpRound, OpTol, "<", "<=", ">", ">=", OpRange or OpStatement
	Param   any     // the form's own parameter: a Tolerance for OpTol, a Range for OpRange
}

// Ref is the value reference as written: "grad_3_4[0]".
func (c *Claim) Ref() string {
	s := c.Name
	for _, i := range c.Index {
		s += "[" + strconv.Itoa(i) + "]"
	}
	return s
}

// Rule describes how the claim is checked, in English, e.g. "rounded to 4
// decimals", "within ±0.01 of 0.31", "> 0.94".
func (c *Claim) Rule() string { return c.Describe(English) }

// Describe says how the claim is checked in the words of p.
func (c *Claim) Describe(p Printer) string { return rules[c.Op].Describe(c, p) }

// ParseClaim parses the body of a claim comment: a reference, then an
// optional rule ("±0.01", "±2%", "<", "<=", "≤", ">", ">=", "≥"). The
// written number is left for Follow to set; until then Op is the first
// form, in the order of the Ops, that reads the rule.
func ParseClaim(body string) (*Claim, error) {
	name, index, rule, ok := splitClaim(strings.TrimSpace(body))
	if !ok {
		return nil, fmt.Errorf("malformed claim %q: want a value name such as cee_right or grad_3_4[0], then an optional rule (±0.01, ±2%%, <, <=, >, >=)", body)
	}
	c := &Claim{Name: name}
	for _, d := range index {
		i, err := strconv.Atoi(d)
		if err != nil {
			return nil, fmt.Errorf("malformed claim %q: bad index", body)
		}
		c.Index = append(c.Index, i)
	}
	c.Spec = strings.TrimSpace(rule)
	match, params, err := parseSpec(c.Spec)
	if err != nil {
		return nil, fmt.Errorf("malformed claim %q: %v", body, err)
	}
	if len(match) == 0 {
		return nil, fmt.Errorf("malformed claim %q: unknown rule %q (want ±0.01, ±2%%, <, <=, >, >=)", body, c.Spec)
	}
	c.Op, c.Param = match[0], params[0]
	return c, nil
}

// Indexer is a published value: a number, or a vector or table whose
// elements a claim names by index (book.Value is one).
type Indexer interface {
	Index(idx ...int) (float64, error)
}

// Result is the outcome of checking a claim.
type Result struct {
	Computed float64 // the value's number
	Shown    string  // the computed number in the written units
	Status   Status  // Pass, Fail, Error, or Info under overrides
	Message  string  // why it failed, or what the run gave
}

// Check checks claim c against the published values. When overridden is
// set (the run changed a parameter), a claim that no longer holds is
// information, status Info: the text says X, this run gives Y.
func Check[V Indexer](c *Claim, values map[string]V, overridden bool) Result {
	var r Result
	v, ok := values[c.Name]
	if c.Op == OpStatement {
		return checkStatement(c, v, ok, overridden)
	}
	if !ok {
		r.Status, r.Message = Error, fmt.Sprintf("claim %s names a value that was never published", c.Ref())
		return r
	}
	x, err := v.Index(c.Index...)
	if err != nil {
		r.Status, r.Message = Error, fmt.Sprintf("claim %s: %v", c.Ref(), err)
		return r
	}
	r.Computed, r.Shown = x, c.Written.Unit(x)
	if c.Holds(x) {
		r.Status = Pass
		return r
	}
	r.Status = Fail
	f, words := rules[c.Op].(failer)
	if overridden {
		got := r.Shown
		if words {
			got = f.got(c, x)
		}
		r.Status = Info
		r.Message = fmt.Sprintf("the text says %s, this run gives %s (parameters overridden)", c.Written.Text, got)
		return r
	}
	if words {
		r.Message = f.failure(c, x, r.Shown)
	} else {
		r.Message = fmt.Sprintf("claim %s %s fails: computed %s", c.Ref(), c.Rule(), r.Shown)
	}
	return r
}

// Holds reports whether the computed value x makes the claim true.
func (c *Claim) Holds(x float64) bool {
	return !math.IsNaN(x) && rules[c.Op].Holds(c, x)
}
