package figures_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/tally-book/tally/figures"
)

// A noisy training loss, drawn faint, with its moving average on top.
func ExampleAddSmoothed() {
	rng := rand.New(rand.NewPCG(1, 1))
	losses := make([]float64, 600)
	for i := range losses {
		losses[i] = 0.25 + 2*math.Exp(-float64(i)/120) + 0.3*rng.NormFloat64()*math.Exp(-float64(i)/400)
	}
	p := figures.New("학습 손실 (training loss)", "반복 (iteration)", "손실")
	if err := figures.AddSmoothed(p, 0, "이동 평균 (50)", figures.Series(losses), 50); err != nil {
		panic(err)
	}
	figures.Publish("smoothed_loss", p,
		"The loss of each mini-batch is noisy; its moving average falls steadily.",
		"A jagged pale curve falling from about 2.3 to 0.3, with a smooth dark line through its middle.")
}

func ExampleMovingAverage() {
	fmt.Println(figures.MovingAverage([]float64{4, 2, 6, 0, 8}, 2))
	// Output: [4 3 4 3 4]
}
