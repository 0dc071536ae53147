package figures

import (
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
)

// LogLog puts both axes of p on a logarithmic scale, as for a power law
// such as error against step size, which then shows as a straight line.
// Every value drawn must be positive; a zero or negative one makes
// [Publish] report an error.
func LogLog(p *plot.Plot) {
	logAxis(&p.X)
	logAxis(&p.Y)
}

// LogY puts the y axis of p on a logarithmic scale, as for a loss that
// falls over orders of magnitude. Every y value must be positive.
func LogY(p *plot.Plot) { logAxis(&p.Y) }

func logAxis(a *plot.Axis) {
	a.Scale = plot.LogScale{}
	a.Tick.Marker = logTicks{}
}

// logTicks marks a log axis: a major tick labelled 10ⁿ at each power of
// ten and minor ticks at 2…9 times it. Over more than six powers of ten
// only every second (or third, …) power is labelled, and minor ticks are
// left out. When the axis spans less than two powers of ten, the 2× and 5×
// ticks are labelled too, as plain numbers.
type logTicks struct{}

var _ plot.Ticker = logTicks{}

// maxDecades is the most powers of ten logTicks labels on one axis.
const maxDecades = 6

// Ticks returns the ticks in [lo, hi].
func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0 && hi >= lo) {
		panic("figures: log axis over non-positive values")
	}
	in := func(v float64) bool { return v >= lo*(1-1e-9) && v <= hi*(1+1e-9) }
	first, last := int(math.Floor(math.Log10(lo))), int(math.Ceil(math.Log10(hi)))
	var decades []int
	for e := first; e <= last; e++ {
		if in(math.Pow10(e)) {
			decades = append(decades, e)
		}
	}
	every := (len(decades) + maxDecades - 1) / maxDecades
	var ts []plot.Tick
	for e := first; e <= last; e++ {
		for m := 1; m < 10; m++ {
			v := float64(m) * math.Pow10(e)
			if !in(v) || (m > 1 && every > 1) {
				continue
			}
			t := plot.Tick{Value: v}
			switch {
			case len(decades) >= 2 && m == 1 && e%every == 0:
				t.Label = power(e)
			case len(decades) < 2 && (m == 1 || m == 2 || m == 5):
				t.Label = strings.Replace(strconv.FormatFloat(v, 'g', -1, 64), "-", "−", 1)
			}
			ts = append(ts, t)
		}
	}
	return ts
}

// power returns "10" followed by e in superscript digits.
func power(e int) string {
	const sup = "⁰¹²³⁴⁵⁶⁷⁸⁹"
	digits := []rune(sup)
	var b strings.Builder
	b.WriteString("10")
	s := strconv.Itoa(e)
	for _, r := range s {
		if r == '-' {
			b.WriteRune('⁻')
			continue
		}
		b.WriteRune(digits[r-'0'])
	}
	return b.String()
}
