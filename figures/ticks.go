package figures

import (
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
)

// niceTicks marks a linear axis with about five labelled ticks at a round
// step (1, 2, 2.5 or 5 times a power of ten) and unlabelled ticks between.
// gonum's DefaultTicks aims at three, which leaves a 6-inch axis bare.
// Labels use a true minus sign (U+2212) rather than a hyphen.
type niceTicks struct{}

var _ plot.Ticker = niceTicks{}

// targetTicks is the number of labelled ticks niceTicks aims at.
const targetTicks = 5

// Ticks returns the ticks in [lo, hi].
func (niceTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		return plot.DefaultTicks{}.Ticks(lo, hi)
	}
	mag := math.Floor(math.Log10((hi - lo) / targetTicks))
	pow := math.Pow(10, mag)
	var mant, minors float64
	for _, m := range []struct{ step, minors float64 }{{1, 5}, {2, 4}, {2.5, 5}, {5, 5}, {10, 5}} {
		mant, minors = m.step, m.minors
		if (hi-lo)/(m.step*pow) <= targetTicks+0.5 {
			break
		}
	}
	step := mant * pow
	prec := -int(math.Floor(math.Log10(step) + 1e-9))
	if mant == 2.5 {
		prec++ // 2.5, 0.25: one more digit
	}
	prec = max(prec, 0)
	large := math.Max(math.Abs(lo), math.Abs(hi)) >= 1e6 || step < 1e-4
	var ts []plot.Tick
	minor := step / minors
	for k := math.Ceil(lo/minor - 1e-9); k*minor <= hi+minor*1e-9; k++ {
		i := int64(k)
		v := float64(i) * minor
		t := plot.Tick{Value: v}
		if i%int64(minors) == 0 {
			if large {
				digits := int(math.Floor(math.Log10(math.Max(math.Abs(lo), math.Abs(hi))))-mag) + 1
				t.Label = strconv.FormatFloat(v, 'g', max(digits, 1), 64)
			} else {
				t.Label = strconv.FormatFloat(v, 'f', prec, 64)
			}
			if t.Label == "-0" || strings.Trim(t.Label, "-0.") == "" {
				t.Label = strings.TrimPrefix(t.Label, "-")
			}
			t.Label = strings.Replace(t.Label, "-", "−", 1)
		}
		ts = append(ts, t)
	}
	return ts
}
