package check

import (
	"fmt"
	"math"
)

// roundRule is the claim of the written digits: 0.0975<!--=sse--> holds
// when the value, rounded to four decimals, is 0.0975.
type roundRule struct{}

func init() { Register(OpRound, roundRule{}) }

func (roundRule) Parse(spec string) (any, bool, error) { return nil, spec == "", nil }

func (roundRule) Follow(c *Claim, before string) (int, bool, error) {
	return followNumber(c, before)
}

// followNumber sets c.Written to the number that ends before.
func followNumber(c *Claim, before string) (int, bool, error) {
	w, start, ok := TrailingNumber(before)
	if !ok {
		return 0, false, nil
	}
	c.Written = w
	return start, true, nil
}

func (roundRule) Holds(c *Claim, x float64) bool { return !math.IsNaN(x) && c.Written.Matches(x) }

func (roundRule) Describe(c *Claim, p Printer) string { return c.Written.describe(p) }

func (roundRule) got(c *Claim, x float64) string { return c.Written.Round(x) + pctSign(c.Written) }

func (r roundRule) failure(c *Claim, x float64, shown string) string {
	return fmt.Sprintf("claim %s ≠ computed %s (%s: %s)", c.Written.Text, shown, c.Rule(), r.got(c, x))
}

// Rule describes the rounding rule in words, e.g. "rounded to 4 decimals".
func (w Written) Rule() string { return w.describe(English) }

// describe words the rounding rule of w in the words of p.
func (w Written) describe(p Printer) string {
	n := len(w.Frac)
	switch {
	case w.HasExp:
		n := w.sigDigits()
		return p.N("rule.round.sig", n, n)
	case w.Percent:
		return p.N("rule.round.percent", n, n)
	case n == 0:
		return p.F("rule.round.integer")
	}
	return p.N("rule.round.decimals", n, n)
}

func pctSign(w Written) string {
	if w.Percent {
		return "%"
	}
	return ""
}
