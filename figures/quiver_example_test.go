package figures_test

import (
	"github.com/tally-book/tally/figures"
	"gonum.org/v1/plot/vg"
)

// The negative gradient of f(x₀, x₁) = x₀² + x₁² points at the minimum,
// and is longer the farther away the point is.
func ExampleQuiver() {
	negGrad := func(x0, x1 float64) (float64, float64) { return -2 * x0, -2 * x1 }
	q, err := figures.QuiverFunc(negGrad, -2, 2, -2, 2, 13)
	if err != nil {
		panic(err)
	}
	p := figures.New("−∇f(x₀, x₁),  f = x₀² + x₁²", "x₀", "x₁")
	p.Add(q)
	figures.Publish("quiver", p,
		"The negative gradient of f points at the minimum.",
		"A grid of arrows all pointing at the origin, longer at the edges, none at the centre.",
		figures.WithSize(5*vg.Inch, 5*vg.Inch))
}
