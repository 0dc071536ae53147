package figures_test

import (
	"github.com/tally-book/tally/figures"
	"gonum.org/v1/plot/plotter"
)

// Gradient descent on the elongated bowl f(x, y) = x²/20 + y² zigzags
// across the valley when the step is large.
func ExampleAddContour() {
	f := func(x, y float64) float64 { return x*x/20 + y*y }
	descend := func(lr float64) plotter.XYs {
		x, y := -7.0, 2.0
		path := plotter.XYs{{X: x, Y: y}}
		for range 30 {
			x, y = x-lr*x/10, y-lr*2*y
			path = append(path, plotter.XY{X: x, Y: y})
		}
		return path
	}
	p := figures.New("경사 하강법 (gradient descent)", "x", "y")
	err := figures.AddContour(p, f, -10, 10, -5, 5,
		figures.Path{Name: "η = 0.9", XYs: descend(0.9)},
		figures.Path{Name: "η = 0.3", XYs: descend(0.3)},
	)
	if err != nil {
		panic(err)
	}
	figures.Publish("contour", p,
		"Descent with a large step zigzags; a small step creeps along the valley.",
		"Elliptic contour lines of x²/20 + y², with two paths from (−7, 2) towards the origin.")
}
