package nn

import (
	"flag"
	"math"
	"testing"
)

func TestNumericalGradientMatchesNaive(t *testing.T) {
	train, _ := mnistSets(t)
	cases := []struct {
		name      string
		in, hid   int
		batch     int
		mnist     bool
		perturbB2 bool
	}{
		{"random 20-6-10 batch 7", 20, 6, 7, false, true},
		{"MNIST 784-8-10 batch 5", 784, 8, 5, true, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			net := New(tc.in, tc.hid, 10, 3)
			x, lab := randomBatch(tc.batch, tc.in, 10, 4)
			if tc.mnist {
				x, lab = train.Batch(randomIndices(tc.batch, train.N, 5))
			}
			if tc.perturbB2 {
				// Nonzero biases and larger weights, so every term matters.
				for k := range net.B2 {
					net.B2[k] = 0.1 * float64(k-4)
				}
				for j := range net.B1 {
					net.B1[j] = 0.05 * float64(j-2)
				}
				net.W2.Scale(30, net.W2)
			}
			naive := net.NumericalGradientNaive(x, lab)
			fast := net.NumericalGradient(x, lab)
			if d, where := MaxAbsDiff(naive, fast); d > 1e-9 {
				t.Errorf("fast and naive numerical gradients differ by %g in %s", d, where)
			} else {
				t.Logf("max |fast − naive| = %.2g (%s)", d, where)
			}
		})
	}
}

func BenchmarkNumericalGradient(b *testing.B) {
	train, _ := mnistSets(b)
	net := New(784, 50, 10, 1)
	x, t := train.Batch(randomIndices(100, train.N, 2))
	for b.Loop() {
		net.NumericalGradient(x, t)
	}
}

// naive makes BenchmarkNumericalGradientNaive run; it takes about half a
// minute an iteration.
var naive = flag.Bool("naive", false, "run BenchmarkNumericalGradientNaive (slow)")

func BenchmarkNumericalGradientNaive(b *testing.B) {
	if !*naive {
		b.Skip("about half a minute an iteration; run with -naive")
	}
	train, _ := mnistSets(b)
	net := New(784, 50, 10, 1)
	x, t := train.Batch(randomIndices(100, train.N, 2))
	for b.Loop() {
		net.NumericalGradientNaive(x, t)
	}
}

func TestExpSmall(t *testing.T) {
	for _, u := range []float64{0, 1e-12, -3e-9, 2.5e-7, -4e-5, 9.7e-4, -9.7e-4, 1.0 / 1024, -0.3, 2} {
		got, want := expSmall(u), math.Exp(u)
		if math.Abs(got-want) > 2e-16*want {
			t.Errorf("expSmall(%g) = %.17g, math.Exp gives %.17g", u, got, want)
		}
	}
}
