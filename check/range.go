package check

import (
	"fmt"
	"strings"
)

// OpRange is the Op of a range claim.
const OpRange = "–"

// Range is the parameter of a range claim, 0.4–0.6<!--=acc-->: the
// written ends, which both count (the value may equal either).
type Range struct {
	Low, High Written
}

// rangeRule is the claim of a range written in the prose: two numbers
// joined by an en dash or a hyphen, with no space, right before a claim
// comment with no rule. 0.4–0.6<!--=acc--> holds when 0.4 ≤ acc ≤ 0.6;
// 40–60%<!--=acc--> reads the lower end as a percentage too.
type rangeRule struct{}

func init() { Register(OpRange, rangeRule{}) }

func (rangeRule) Parse(spec string) (any, bool, error) { return nil, spec == "", nil }

func (rangeRule) Follow(c *Claim, before string) (int, bool, error) {
	hi, start, ok := TrailingNumber(before)
	if !ok {
		return 0, false, nil
	}
	rest, ok := strings.CutSuffix(before[:start], "–")
	if !ok {
		rest, ok = strings.CutSuffix(before[:start], "-")
	}
	if !ok {
		return 0, false, nil
	}
	lo, start, ok := TrailingNumber(rest)
	if !ok || lo.Percent && !hi.Percent {
		return 0, false, nil
	}
	lo.Percent = hi.Percent
	text := before[start:]
	if lo.Value() > hi.Value() {
		return 0, false, fmt.Errorf("claim %s: the range %s runs from its larger end (write the smaller first)", c.Ref(), text)
	}
	// The value is shown at the finer end's digits; Text is the range.
	c.Written = hi
	if len(lo.Frac) > len(hi.Frac) || lo.HasExp && !hi.HasExp {
		c.Written = lo
	}
	c.Written.Text = text
	c.Param = Range{lo, hi}
	return start, true, nil
}

func (rangeRule) Holds(c *Claim, x float64) bool {
	r := c.Param.(Range)
	return r.Low.Value() <= x && x <= r.High.Value()
}

func (rangeRule) Describe(c *Claim, p Printer) string {
	r := c.Param.(Range)
	return p.F("rule.range", r.Low.Text, r.High.Text)
}
