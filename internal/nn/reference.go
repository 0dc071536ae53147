package nn

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// This file is the reference implementation: the textbook's TwoLayerNet written
// with gonum matrices, one line of NumPy becoming one or two lines of Go. It
// is meant to be read. Train, Accuracy and NumericalGradient compute the same
// things faster.

// Sigmoid returns 1 / (1 + e⁻ˣ).
func Sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// Softmax replaces each row of a by its softmax, exp(aₖ − max a) / Σ exp(aᵢ − max a).
func Softmax(a *mat.Dense) {
	rows, _ := a.Dims()
	for r := range rows {
		row := a.RawRowView(r)
		m := row[0]
		for _, v := range row {
			m = max(m, v)
		}
		sum := 0.0
		for k, v := range row {
			row[k] = math.Exp(v - m)
			sum += row[k]
		}
		for k := range row {
			row[k] /= sum
		}
	}
}

// affine returns x·W + b, b added to every row.
func affine(x, w *mat.Dense, b []float64) *mat.Dense {
	var a mat.Dense
	a.Mul(x, w)
	rows, _ := a.Dims()
	for r := range rows {
		row := a.RawRowView(r)
		for k := range row {
			row[k] += b[k]
		}
	}
	return &a
}

// forward returns the hidden layer's output z1 and the network's output y.
func (n *Net) forward(x *mat.Dense) (z1, y *mat.Dense) {
	z1 = affine(x, n.W1, n.B1)
	z1.Apply(func(_, _ int, v float64) float64 { return Sigmoid(v) }, z1)
	y = affine(z1, n.W2, n.B2)
	Softmax(y)
	return z1, y
}

// Predict returns the network's output for the images in the rows of x:
// softmax(sigmoid(x·W1 + b1)·W2 + b2), one row of probabilities per image.
func (n *Net) Predict(x *mat.Dense) *mat.Dense {
	_, y := n.forward(x)
	return y
}

// CrossEntropy returns the mean cross-entropy error of the outputs y for the
// one-hot labels t, −Σ t·log(y + Delta) / rows.
func CrossEntropy(y, t *mat.Dense) float64 {
	rows, cols := y.Dims()
	sum := 0.0
	for r := range rows {
		for k := range cols {
			if tk := t.At(r, k); tk != 0 {
				sum += tk * math.Log(y.At(r, k)+Delta)
			}
		}
	}
	return -sum / float64(rows)
}

// Loss returns the cross-entropy error of the network's output for the
// images x and one-hot labels t.
func (n *Net) Loss(x, t *mat.Dense) float64 {
	return CrossEntropy(n.Predict(x), t)
}

// argmax returns the index of the largest entry, the first one if tied.
func argmax(v []float64) int {
	best := 0
	for k, x := range v {
		if x > v[best] {
			best = k
		}
	}
	return best
}

// AccuracyOf returns the fraction of the images x whose largest output is at
// the digit their one-hot labels t mark.
func (n *Net) AccuracyOf(x, t *mat.Dense) float64 {
	y := n.Predict(x)
	rows, _ := y.Dims()
	right := 0
	for r := range rows {
		if argmax(y.RawRowView(r)) == argmax(t.RawRowView(r)) {
			right++
		}
	}
	return float64(right) / float64(rows)
}

// Gradient returns the gradient of the loss for the images x and one-hot
// labels t, computed by backpropagation (see the package doc).
func (n *Net) Gradient(x, t *mat.Dense) *Params {
	checkBatch(&n.Params, x, t)
	rows, _ := x.Dims()
	z1, y := n.forward(x)

	// dy = (y − t) / rows
	var dy mat.Dense
	dy.Sub(y, t)
	dy.Scale(1/float64(rows), &dy)

	var g Params
	// W2 gradient: z1ᵀ·dy; b2 gradient: dy summed over the rows.
	g.W2 = new(mat.Dense)
	g.W2.Mul(z1.T(), &dy)
	g.B2 = sumRows(&dy)

	// Back through the sigmoid: da1 = (dy·W2ᵀ) ∘ z1 ∘ (1 − z1).
	var da1 mat.Dense
	da1.Mul(&dy, n.W2.T())
	da1.Apply(func(r, c int, v float64) float64 {
		z := z1.At(r, c)
		return v * z * (1 - z)
	}, &da1)

	// W1 gradient: xᵀ·da1; b1 gradient: da1 summed over the rows.
	g.W1 = new(mat.Dense)
	g.W1.Mul(x.T(), &da1)
	g.B1 = sumRows(&da1)
	return &g
}

// sumRows returns the sum of a's rows.
func sumRows(a *mat.Dense) []float64 {
	rows, cols := a.Dims()
	s := make([]float64, cols)
	for r := range rows {
		for k, v := range a.RawRowView(r) {
			s[k] += v
		}
	}
	return s
}

// H is the step of the central differences in NumericalGradient and
// NumericalGradientNaive.
const H = 1e-4

// NumericalGradient returns the gradient of f at x by central differences,
// (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h for each i, with h = H. It changes x's
// entries one at a time while it works and restores each.
func NumericalGradient(f func(x []float64) float64, x []float64) []float64 {
	grad := make([]float64, len(x))
	for i, v := range x {
		x[i] = v + H
		fplus := f(x)
		x[i] = v - H
		fminus := f(x)
		grad[i] = (fplus - fminus) / (2 * H)
		x[i] = v
	}
	return grad
}

// NumericalGradientNaive returns the gradient of the loss for the images x
// and one-hot labels t by central differences, as the textbook does: each of the
// network's parameters in turn is moved by ±H and the loss recomputed with a
// full forward pass. It takes seconds for 784–50–10 (79,520 forward passes);
// see [Net.NumericalGradient] for the fast way to the same numbers.
func (n *Net) NumericalGradientNaive(x, t *mat.Dense) *Params {
	checkBatch(&n.Params, x, t)
	loss := func([]float64) float64 { return n.Loss(x, t) }
	params := n.slices()
	var g [4][]float64
	for k, p := range params {
		g[k] = NumericalGradient(loss, p)
	}
	in, hid, out := n.Sizes()
	return &Params{
		W1: mat.NewDense(in, hid, g[0]),
		B1: g[1],
		W2: mat.NewDense(hid, out, g[2]),
		B2: g[3],
	}
}

// checkBatch panics unless x and t fit the network's sizes.
func checkBatch(p *Params, x, t *mat.Dense) {
	in, _, out := p.Sizes()
	xr, xc := x.Dims()
	tr, tc := t.Dims()
	if xc != in || tc != out || xr != tr {
		panic(fmt.Sprintf("nn: batch x is %d×%d and t %d×%d, want n×%d and n×%d", xr, xc, tr, tc, in, out))
	}
}
