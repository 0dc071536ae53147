package check

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Claim is the rule of a claim: the number written in the prose, the value
// it names and how the two are compared. It knows nothing of the chapter
// it comes from.
type Claim struct {
	Written Written // the number right before the comment; for a statement only its Text, the sentence
	Name    string  // published value
	Index   []int   // element of a vector (one index) or table (two)
	Op      string  // "" (rounding rule), "±", "<", "<=", ">", ">=" or OpStatement
	Tol     float64 // for "±": the tolerance
	TolRel  bool    // for "±": Tol is a fraction of the written value
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
	case OpStatement:
		return "the run finds it true"
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

// ParseClaim parses the body of a claim comment: a reference, then an
// optional rule ("±0.01", "±2%", "<", "<=", "≤", ">", ">=", "≥"). The
// written number is left for the caller to set.
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

// Indexer is a published value: a number, or a vector or table whose
// elements a claim names by index (book.Value is one).
type Indexer interface {
	Index(idx ...int) (float64, error)
}

// Result is the outcome of checking a claim.
type Result struct {
	Computed float64 // the value's number
	Shown    string  // the computed number in the written units
	Status   string  // "pass", "fail", "error" or "info" (under overrides)
	Message  string  // why it failed, or what the run gave
}

// Check checks claim c against the published values. When overridden is
// set (the run changed a parameter), a claim that no longer holds is
// information, status "info": the text says X, this run gives Y.
func Check[V Indexer](c *Claim, values map[string]V, overridden bool) Result {
	var r Result
	v, ok := values[c.Name]
	if c.Op == OpStatement {
		return checkStatement(c, v, ok, overridden)
	}
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
	if c.Holds(x) {
		r.Status = "pass"
		return r
	}
	r.Status = "fail"
	if overridden {
		got := r.Shown
		if c.Op == "" {
			got = c.Written.Round(x) + pctSign(c.Written)
		}
		r.Status = "info"
		r.Message = fmt.Sprintf("the text says %s, this run gives %s (parameters overridden)", c.Written.Text, got)
		return r
	}
	switch c.Op {
	case "":
		r.Message = fmt.Sprintf("claim %s ≠ computed %s (%s: %s)", c.Written.Text, r.Shown, c.Rule(), c.Written.Round(x)+pctSign(c.Written))
	default:
		r.Message = fmt.Sprintf("claim %s %s fails: computed %s", c.Ref(), c.Rule(), r.Shown)
	}
	return r
}

func pctSign(w Written) string {
	if w.Percent {
		return "%"
	}
	return ""
}

// Holds reports whether the computed value x makes the claim true.
func (c *Claim) Holds(x float64) bool {
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
