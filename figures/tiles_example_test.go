package figures_test

import (
	"math"

	"github.com/tally-book/tally/figures"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// Two plots side by side with aligned axes: loss and accuracy per epoch.
func ExampleTiles() {
	var loss, train, test plotter.XYs
	for e := 1; e <= 20; e++ {
		x := float64(e)
		loss = append(loss, plotter.XY{X: x, Y: 0.1 + 2*math.Exp(-x/3)})
		train = append(train, plotter.XY{X: x, Y: 0.98 - 0.8*math.Exp(-x/3)})
		test = append(test, plotter.XY{X: x, Y: 0.95 - 0.8*math.Exp(-x/3.3)})
	}
	left := figures.New("손실", "에폭 (epoch)", "loss")
	figures.AddLine(left, 0, "", loss)
	right := figures.New("정확도", "에폭 (epoch)", "accuracy")
	figures.AddLine(right, 0, "train", train)
	figures.AddLine(right, 1, "test", test)
	right.Legend.Top = false
	figures.Publish("tiles", figures.NewTiles(2, left, right),
		"Loss falls while accuracy rises, on train and test data alike.",
		"Left, a falling loss curve; right, two rising accuracy curves close together.",
		figures.WithSize(9*vg.Inch, 3.5*vg.Inch))
}
