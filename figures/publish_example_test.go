package figures_test

import (
	"math"

	"github.com/tally-book/tally/figures"
	"gonum.org/v1/plot/plotter"
)

// A snippet builds a plot in the house style and publishes it under a name,
// with a caption and alt text. Titles, labels and legends may be Korean and
// may use Unicode math.
func ExamplePublish() {
	p := figures.New("손실 함수 (Loss)", "정답 클래스의 확률 y", "손실")
	var cee, sse plotter.XYs
	for i := 1; i <= 100; i++ {
		y := float64(i) / 100
		cee = append(cee, plotter.XY{X: y, Y: -math.Log(y)})
		sse = append(sse, plotter.XY{X: y, Y: (1 - y) * (1 - y)})
	}
	figures.AddLine(p, 0, "교차 엔트로피 −log y", cee)
	figures.AddLine(p, 1, "제곱 오차 (1 − y)²", sse)
	figures.Publish("loss_functions", p,
		"Cross-entropy punishes a confident wrong answer far more than squared error.",
		"Two falling curves over y from 0 to 1: −log y shoots up towards 4.6 near 0, (1 − y)² stays below 1.")
}
