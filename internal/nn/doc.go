// Package nn is the textbook's two-layer neural network for MNIST, trained by
// mini-batch stochastic gradient descent (chapter 4 of "Deep Learning from
// Scratch").
//
//	train, test, err := mnist.Load()
//	net := nn.New(784, 50, 10, 1) // weights drawn with seed 1
//	hist := net.Train(train, test, nn.Config{Iters: 10000, Batch: 100, LR: 0.1, EvalEvery: 600, Seed: 1})
//	fmt.Println(hist.TestAcc[len(hist.TestAcc)-1], hist.Seconds)
//
// The package has two implementations of the same mathematics. The
// reference one ([Net.Predict], [Net.Loss], [Net.AccuracyOf], [Net.Gradient],
// [Net.NumericalGradientNaive]) follows the textbook's Python line by line with
// gonum matrices in float64, and is the one to read. The fast one
// ([Net.Train], [Net.Accuracy], [Net.NumericalGradient]) computes the same
// numbers in a fraction of the time; the tests check that the two agree.
//
// # The network
//
// An image is a row vector x of 784 pixels in [0,1]; a mini-batch stacks N of
// them into an N×784 matrix X, and their labels into an N×10 one-hot matrix T.
//
//	A1 = X·W1 + b1        784 inputs → 50 hidden units (b1 added to each row)
//	Z1 = sigmoid(A1)      sigmoid(a) = 1 / (1 + exp(−a)), entry by entry
//	A2 = Z1·W2 + b2       50 hidden units → 10 outputs
//	Y  = softmax(A2)      row by row: yₖ = exp(aₖ − max a) / Σᵢ exp(aᵢ − max a)
//	L  = −Σ T∘log(Y + δ) / N     the cross-entropy error, δ = 1e-7 (Delta)
//
// The weights start as draws from N(0, 0.01²) and the biases as zeros.
//
// # Backpropagation
//
// The gradient of L, by the chain rule from the output back ([Net.Gradient]):
//
//	dA2 = (Y − T) / N                  softmax and cross-entropy together
//	dW2 = Z1ᵀ·dA2      db2 = Σ over rows of dA2
//	dZ1 = dA2·W2ᵀ
//	dA1 = dZ1 ∘ Z1 ∘ (1 − Z1)          the sigmoid's derivative is z(1 − z)
//	dW1 = Xᵀ·dA1       db1 = Σ over rows of dA1
//
// (The δ inside the logarithm is left out of dA2, as in the textbook; the
// relative change it would make is δ/y, tiny unless an output y is.) An SGD step moves each parameter by
// −η times its gradient, η being the learning rate Config.LR.
//
// # Numerical gradient
//
// The central difference (L(θ + h) − L(θ − h)) / 2h with h = 1e-4 (H), for
// each of the 39,760 parameters θ, checks the backpropagation: the two agree
// to a few times 1e-8 (the O(h²) error of the difference, and δ). [Net.NumericalGradientNaive] recomputes L with a full
// forward pass for each of the 79,520 perturbations, as the textbook does
// (seconds); [Net.NumericalGradient] recomputes only what a perturbation
// changes (milliseconds) and gives the same numbers to 1e-11.
//
// # The fast trainer
//
// [Net.Train] runs the same algorithm with these changes; the first and the
// last approximate (at float32's resolution), the others only reorder work:
//
//   - float32 arithmetic, and a float32 exp (exp32, within 2 ulp);
//   - each image stored as its nonzero pixels only (about 150 of 784), so
//     that A1 = b1 + Σ x[i]·W1[i,:] runs over those, and the update of W1
//     touches only their rows, in place;
//   - two goroutines: for the forward and backward passes each takes part of
//     the mini-batch, with its own sums for dW2, db2 and db1; for the update
//     of W1 each takes a fixed range of rows, applying the images in batch
//     order. The split never depends on timing, and the partial sums are
//     added in a fixed order, so that a seed gives the same run bit for bit;
//   - entries of dA2 below 1e-30 in magnitude are set to zero, since they
//     would only make subnormal numbers, which processors handle very slowly.
//
// Built with GOEXPERIMENT=simd on amd64, the package uses AVX-512 or AVX2
// kernels (kernels_avx512.go, kernels_simd.go) for networks with 49–64
// hidden units; otherwise plain Go: with gonum's SSE axpy on amd64, and
// elsewhere (js/wasm: the browser's re-run) with loops that keep eight
// entries of a row in local variables, about 3× faster there. The two
// plain forms add the same products in the same order, so they agree bit
// for bit (TestKernelsAgree); each build gives the same results run after
// run; the vector kernels round differently.
package nn
