package nn_test

import (
	"fmt"
	"log"
	"math/rand/v2"

	"github.com/tally-book/tally/internal/mnist"
	"github.com/tally-book/tally/internal/nn"
)

// The gradient of f(x₀, x₁) = x₀² + x₁² at (3, 4), as in the textbook.
func ExampleNumericalGradient() {
	f := func(x []float64) float64 { return x[0]*x[0] + x[1]*x[1] }
	g := nn.NumericalGradient(f, []float64{3, 4})
	fmt.Printf("%.4f %.4f\n", g[0], g[1])
	// Output: 6.0000 8.0000
}

// The gradient check: backpropagation against central differences.
func ExampleNet_NumericalGradient() {
	train, _, err := mnist.Load()
	if err != nil {
		log.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 1))
	idx := make([]int, 100)
	for i := range idx {
		idx[i] = r.IntN(train.N)
	}
	x, t := train.Batch(idx)

	net := nn.New(784, 50, 10, 1)
	diff, where := nn.MaxAbsDiff(net.Gradient(x, t), net.NumericalGradient(x, t))
	fmt.Println(net.NumParams(), "parameters")
	fmt.Println("largest difference below 1e-7:", diff < 1e-7, where)
	// Output:
	// 39760 parameters
	// largest difference below 1e-7: true b2
}

// The textbook's training run. (This example is compiled but not run by go
// test; it takes a few seconds.)
func ExampleNet_Train() {
	train, test, err := mnist.Load()
	if err != nil {
		log.Fatal(err)
	}
	net := nn.New(784, 50, 10, 1)
	hist := net.Train(train, test, nn.Config{Iters: 10000, Batch: 100, LR: 0.1, EvalEvery: 600, Seed: 1})
	for i, step := range hist.Steps {
		fmt.Printf("step %5d: train accuracy %.4f, test accuracy %.4f\n", step, hist.TrainAcc[i], hist.TestAcc[i])
	}
	fmt.Printf("final test accuracy %.4f; training took %.2f s\n", net.Accuracy(test), hist.Seconds)
}
