package nn

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// Delta is the small number added inside the logarithm of the cross-entropy
// error, so that a zero output gives a large loss instead of infinity.
const Delta = 1e-7

// Params holds the weights and biases of a two-layer network, or a gradient
// of the same shape: grads.W1 is the gradient of the loss with respect to W1.
type Params struct {
	W1 *mat.Dense // input×hidden weights: W1[i][j] connects input i to hidden unit j
	B1 []float64  // hidden biases
	W2 *mat.Dense // hidden×output weights
	B2 []float64  // output biases
}

// Net is the textbook's two-layer network: input → affine → sigmoid → affine →
// softmax. Its parameters are exported and may be read or changed directly.
type Net struct {
	Params
}

// New returns a network with input, hidden and output units whose weights are
// drawn from the normal distribution N(0, 0.01²), W1 row by row and then W2,
// with the random generator rand.New(rand.NewPCG(seed, seed)), and whose
// biases are zero. The same seed gives the same network.
func New(input, hidden, output int, seed uint64) *Net {
	if input <= 0 || hidden <= 0 || output <= 0 {
		panic(fmt.Sprintf("nn: New(%d, %d, %d): sizes must be positive", input, hidden, output))
	}
	r := rand.New(rand.NewPCG(seed, seed))
	const std = 0.01
	randn := func(rows, cols int) *mat.Dense {
		data := make([]float64, rows*cols)
		for i := range data {
			data[i] = std * r.NormFloat64()
		}
		return mat.NewDense(rows, cols, data)
	}
	w1 := randn(input, hidden)
	w2 := randn(hidden, output)
	return &Net{Params{W1: w1, B1: make([]float64, hidden), W2: w2, B2: make([]float64, output)}}
}

// Sizes returns the numbers of input, hidden and output units.
func (p *Params) Sizes() (input, hidden, output int) {
	input, hidden = p.W1.Dims()
	_, output = p.W2.Dims()
	return input, hidden, output
}

// NumParams returns the number of weights and biases: 39,760 for 784–50–10.
func (p *Params) NumParams() int {
	in, hid, out := p.Sizes()
	return in*hid + hid + hid*out + out
}

// Clone returns a deep copy.
func (p *Params) Clone() *Params {
	return &Params{
		W1: mat.DenseCopyOf(p.W1),
		B1: append([]float64(nil), p.B1...),
		W2: mat.DenseCopyOf(p.W2),
		B2: append([]float64(nil), p.B2...),
	}
}

// Clone returns a deep copy of the network.
func (n *Net) Clone() *Net { return &Net{*n.Params.Clone()} }

// slices returns the four parameter arrays as flat slices, in the order W1,
// b1, W2, b2. The weight matrices must not be views.
func (p *Params) slices() [4][]float64 {
	w1, w2 := p.W1.RawMatrix(), p.W2.RawMatrix()
	if w1.Stride != w1.Cols || w2.Stride != w2.Cols || len(w1.Data) != w1.Rows*w1.Cols || len(w2.Data) != w2.Rows*w2.Cols {
		panic("nn: weight matrices must not be views of larger ones")
	}
	return [4][]float64{w1.Data, p.B1, w2.Data, p.B2}
}

// zeroLike returns zero parameters of p's shape.
func zeroLike(p *Params) *Params {
	in, hid, out := p.Sizes()
	return &Params{
		W1: mat.NewDense(in, hid, nil),
		B1: make([]float64, hid),
		W2: mat.NewDense(hid, out, nil),
		B2: make([]float64, out),
	}
}

// MaxAbsDiff returns the largest absolute difference between corresponding
// entries of a and b, and the name ("W1", "b1", "W2" or "b2") of the array
// where it is. It panics if the shapes differ.
func MaxAbsDiff(a, b *Params) (diff float64, where string) {
	names := [4]string{"W1", "b1", "W2", "b2"}
	as, bs := a.slices(), b.slices()
	where = names[0]
	for k := range as {
		if len(as[k]) != len(bs[k]) {
			panic(fmt.Sprintf("nn: MaxAbsDiff: %s has %d and %d entries", names[k], len(as[k]), len(bs[k])))
		}
		for i := range as[k] {
			if d := math.Abs(as[k][i] - bs[k][i]); d > diff || math.IsNaN(d) {
				diff, where = d, names[k]
			}
		}
	}
	return diff, where
}
