package figures_test

import (
	"math"

	"github.com/tally-book/tally/figures"
	"gonum.org/v1/plot/plotter"
)

// The error of numerical differentiation of sin at 1 against the step h:
// truncation error falls as h (forward) or h² (central) until rounding
// error takes over.
func ExampleLogLog() {
	var fwd, ctr plotter.XYs
	for e := -12.0; e <= -0.5; e += 0.25 {
		h := math.Pow(10, e)
		fwd = append(fwd, plotter.XY{X: h, Y: math.Abs((math.Sin(1+h)-math.Sin(1))/h - math.Cos(1))})
		ctr = append(ctr, plotter.XY{X: h, Y: math.Abs((math.Sin(1+h)-math.Sin(1-h))/(2*h) - math.Cos(1))})
	}
	p := figures.New("수치 미분의 오차", "h", "|오차|")
	figures.LogLog(p)
	figures.AddPoints(p, 0, "전방 차분", fwd)
	figures.AddPoints(p, 1, "중앙 차분", ctr)
	p.Legend.Top, p.Legend.Left = true, true
	figures.Publish("diff_error", p,
		"The error of a difference quotient is smallest at a moderate step h.",
		"Two V-shaped point clouds on log-log axes; the central difference reaches about 10⁻¹¹ near h = 10⁻⁵.")
}
