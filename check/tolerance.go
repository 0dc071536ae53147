package check

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Tolerance is the parameter of a ± claim: 0.31<!--=loss ±0.01--> holds
// when |value − 0.31| ≤ 0.01, 0.31<!--=loss ±5%--> when it is within 5%
// of 0.31.
type Tolerance struct {
	Tol float64 // the tolerance: in the written units, or a fraction of the written value when Rel
	Rel bool    // written with a '%': relative to the written value
}

type tolRule struct{}

func init() { Register(OpTol, tolRule{}) }

func (tolRule) Parse(spec string) (any, bool, error) {
	tol, ok := strings.CutPrefix(spec, "±")
	if !ok {
		tol, ok = strings.CutPrefix(spec, "+-")
	}
	if !ok {
		return nil, false, nil
	}
	var t Tolerance
	tol = strings.TrimSpace(tol)
	if s, pct := strings.CutSuffix(tol, "%"); pct {
		t.Rel, tol = true, s
	}
	f, err := strconv.ParseFloat(tol, 64)
	if err != nil || f < 0 || math.IsInf(f, 0) {
		return nil, true, fmt.Errorf("tolerance %q is not a non-negative number", tol)
	}
	if t.Rel {
		f /= 100
	}
	t.Tol = f
	return t, true, nil
}

func (tolRule) Follow(c *Claim, before string) (int, bool, error) {
	start, ok, _ := followNumber(c, before)
	if ok && c.Param.(Tolerance).Rel && c.Written.Value() == 0 {
		return 0, false, fmt.Errorf("claim %s: a relative tolerance needs a written number that is not 0", c.Ref())
	}
	return start, ok, nil
}

func (tolRule) Holds(c *Claim, x float64) bool {
	t, w := c.Param.(Tolerance), c.Written
	tol := t.Tol
	if t.Rel {
		tol *= math.Abs(w.Value())
	} else if w.Percent {
		tol /= 100
	}
	return math.Abs(x-w.Value()) <= tol
}

func (tolRule) Describe(c *Claim, p Printer) string {
	t := c.Param.(Tolerance)
	if t.Rel {
		return p.F("rule.tol.rel", strconv.FormatFloat(t.Tol*100, 'g', -1, 64), c.Written.Text)
	}
	return p.F("rule.tol", strconv.FormatFloat(t.Tol, 'g', -1, 64), c.Written.Text)
}
