package nn

import (
	"math"

	"gonum.org/v1/gonum/blas/gonum"
)

// This file has the float32 kernels of the fast trainer in plain Go, with
// gonum's SSE axpy for the rows of W1. The build with GOEXPERIMENT=simd on
// amd64 adds vector versions (kernels_avx512.go, kernels_simd.go), used
// where the processor and the network's sizes allow.
//
// Vectors of hidden units have a padded length hs, a multiple of the
// kernels' vector width, and vectors of output units a padded length os; the
// padding stays zero.

// kern is the kernel set for the textbook's network, 784–50–10.
var kern = pickKernels(50, 10)

// pickKernels returns the fastest kernel set for hid hidden and out output
// units.
func pickKernels(hid, out int) kernelSet {
	for _, k := range simdKernels {
		if k.fits(hid, out) {
			return k
		}
	}
	return goKernels
}

// kernelSet is one implementation of the kernels.
type kernelSet struct {
	name  string // "go", "avx2" or "avx512"
	lanes int    // vector width that hs and os are padded to

	// fits reports whether the kernels handle a network with hid hidden and
	// out output units.
	fits func(hid, out int) bool

	// gather sets a = b + Σₖ val[k]·w[idx[k]·len(a) : …+len(a)], the hidden
	// pre-activations of one image from its nonzero pixels.
	gather func(a, b, w []float32, idx []uint16, val []float32)

	// scatter adds alpha·val[k]·g to w's row idx[k] (rows of len(g)) for
	// each k: the in-place W1 update from one image.
	scatter func(w []float32, idx []uint16, val []float32, alpha float32, g []float32)

	// backprop takes one image's hidden pre-activations in a, its label,
	// and 1/batch, and leaves da1 = ∂L/∂a1 in a. It adds the image's share of
	// the gradients of W2, b2 and b1 to the part's sums and returns the
	// image's loss, −log(y[label] + Delta).
	backprop func(p *params32, a []float32, label int, invBatch float32, s *partSums) float64

	// predict returns the output unit with the largest pre-activation for
	// hidden pre-activations a.
	predict func(p *params32, a []float32) int
}

// params32 is the network in float32, laid out for the kernels.
type params32 struct {
	in, hid, out int
	hs, os       int       // padded lengths of hidden and output vectors
	w1           []float32 // in×hs
	b1           []float32 // hs
	w2           []float32 // hid×os
	w2t          []float32 // out×hs, W2 transposed
	b2           []float32 // os
}

// partSums is one goroutine's share of a step: gradient sums over its images
// and scratch space. Each part has its own, so no two goroutines write the
// same memory.
type partSums struct {
	gw2 []float32 // hid×os
	gb2 []float32 // os
	gb1 []float32 // hs
	z   []float32 // hs: hidden outputs of the current image
	y   []float32 // os: outputs of the current image
	//lint:ignore U1000 used by the kernels built with GOEXPERIMENT=simd (kernels_simd.go, kernels_avx512.go)
	m float32 // scalars passed between kernel sections through memory
	//lint:ignore U1000 as m
	loss float64
	_    [64]byte
}

func newPartSums(p *params32) *partSums {
	return &partSums{
		gw2: make([]float32, p.hid*p.os),
		gb2: make([]float32, p.os),
		gb1: make([]float32, p.hs),
		z:   make([]float32, p.hs),
		y:   make([]float32, p.os),
	}
}

func (s *partSums) clear() {
	clear(s.gw2)
	clear(s.gb2)
	clear(s.gb1)
}

var goKernels = kernelSet{
	name:     "go",
	lanes:    1,
	fits:     func(hid, out int) bool { return true },
	gather:   gatherGo,
	scatter:  scatterGo,
	backprop: backpropGo,
	predict:  predictGo,
}

// blas is gonum's BLAS, whose Saxpy runs an SSE assembly loop on amd64.
var blas gonum.Implementation

// gatherSaxpy and scatterSaxpy are the gather and scatter kernels with
// gonum's Saxpy, one call per pixel: on amd64 an SSE assembly loop, the
// fastest plain kernels there.
func gatherSaxpy(a, b, w []float32, idx []uint16, val []float32) {
	n := len(a)
	copy(a, b)
	for k, i := range idx {
		blas.Saxpy(n, val[k], w[int(i)*n:int(i)*n+n], 1, a, 1)
	}
}

func scatterSaxpy(w []float32, idx []uint16, val []float32, alpha float32, g []float32) {
	n := len(g)
	for k, i := range idx {
		blas.Saxpy(n, alpha*val[k], g, 1, w[int(i)*n:int(i)*n+n], 1)
	}
}

// gatherBlocked is gatherSaxpy in plain Go for where Saxpy has no assembly
// (js/wasm: about 3× faster there). It keeps eight entries of a in local
// variables while it runs through the image's pixels, then the next eight:
// each entry still adds the same products in the same order, so the
// results are Saxpy's bit for bit, with a load and a store fewer per
// product and no call per pixel. The conversions to float32 round each
// product, as Saxpy does, where a compiler could fuse a multiply and an
// add (arm64).
func gatherBlocked(a, b, w []float32, idx []uint16, val []float32) {
	n := len(a)
	copy(a, b)
	val = val[:len(idx)]
	j := 0
	for ; j+8 <= n; j += 8 {
		a0, a1, a2, a3, a4, a5, a6, a7 := a[j], a[j+1], a[j+2], a[j+3], a[j+4], a[j+5], a[j+6], a[j+7]
		for k, i := range idx {
			v := val[k]
			r := w[int(i)*n+j : int(i)*n+j+8 : int(i)*n+j+8]
			a0 += float32(v * r[0])
			a1 += float32(v * r[1])
			a2 += float32(v * r[2])
			a3 += float32(v * r[3])
			a4 += float32(v * r[4])
			a5 += float32(v * r[5])
			a6 += float32(v * r[6])
			a7 += float32(v * r[7])
		}
		a[j], a[j+1], a[j+2], a[j+3], a[j+4], a[j+5], a[j+6], a[j+7] = a0, a1, a2, a3, a4, a5, a6, a7
	}
	for ; j < n; j++ {
		s := a[j]
		for k, i := range idx {
			s += float32(val[k] * w[int(i)*n+j])
		}
		a[j] = s
	}
}

// scatterBlocked is scatterSaxpy in plain Go, as gatherBlocked: eight
// entries of g in local variables while it runs through the pixels.
func scatterBlocked(w []float32, idx []uint16, val []float32, alpha float32, g []float32) {
	n := len(g)
	val = val[:len(idx)]
	j := 0
	for ; j+8 <= n; j += 8 {
		g0, g1, g2, g3, g4, g5, g6, g7 := g[j], g[j+1], g[j+2], g[j+3], g[j+4], g[j+5], g[j+6], g[j+7]
		for k, i := range idx {
			s := alpha * val[k]
			r := w[int(i)*n+j : int(i)*n+j+8 : int(i)*n+j+8]
			r[0] += float32(s * g0)
			r[1] += float32(s * g1)
			r[2] += float32(s * g2)
			r[3] += float32(s * g3)
			r[4] += float32(s * g4)
			r[5] += float32(s * g5)
			r[6] += float32(s * g6)
			r[7] += float32(s * g7)
		}
	}
	for ; j < n; j++ {
		gj := g[j]
		for k, i := range idx {
			w[int(i)*n+j] += float32(float32(alpha*val[k]) * gj)
		}
	}
}

// outputGo computes the hidden outputs z and the output pre-activations y.
func outputGo(p *params32, a []float32, s *partSums) {
	z, y := s.z[:p.hid], s.y[:p.out]
	for j := range z {
		z[j] = sigmoid32(a[j])
	}
	copy(y, p.b2)
	for j, zj := range z {
		row := p.w2[j*p.os : j*p.os+p.out]
		for k := range y {
			y[k] += zj * row[k]
		}
	}
}

func backpropGo(p *params32, a []float32, label int, invBatch float32, s *partSums) float64 {
	outputGo(p, a, s)
	z, y := s.z[:p.hid], s.y[:p.out]
	softmax32(y)
	loss := -log(float64(y[label]) + Delta)
	dy(y, invBatch, label, invBatch)
	for k, d := range y {
		s.gb2[k] += d
	}
	// da1 = (dy·W2ᵀ) ∘ z ∘ (1 − z), and the W2 and b1 sums.
	for j, zj := range z {
		row := p.w2[j*p.os : j*p.os+p.out]
		g := s.gw2[j*p.os : j*p.os+p.out]
		d := float32(0)
		for k, dk := range y {
			d += dk * row[k]
			g[k] += zj * dk
		}
		d *= zj * (1 - zj)
		a[j] = d
		s.gb1[j] += d
	}
	return loss
}

func predictGo(p *params32, a []float32) int {
	var s partSums
	var z, y [64]float32
	s.z, s.y = z[:], y[:]
	if p.hid > len(z) || p.out > len(y) {
		s.z, s.y = make([]float32, p.hid), make([]float32, p.out)
	}
	outputGo(p, a, &s)
	best := 0
	for k, v := range s.y[:p.out] {
		if v > s.y[best] {
			best = k
		}
	}
	return best
}

// tiny is the magnitude below which dy is set to zero.
const tiny = 1e-30

// dy sets y to (y·scale − t/batch), the gradient of the loss with respect to
// the output pre-activations when scale is 1/batch (or 1/(sum·batch) when y
// holds unnormalised softmax terms that add up to sum). Entries below tiny
// in magnitude are set to zero: they would only make subnormal float32s
// further on, which the processor handles about a hundred times slower,
// and their effect on the weights is below float32's resolution.
func dy(y []float32, scale float32, label int, invBatch float32) {
	for k := range y {
		y[k] *= scale
		if -tiny < y[k] && y[k] < tiny {
			y[k] = 0
		}
	}
	y[label] -= invBatch
}

// log is math.Log, named so that kernels_simd.go need not import math.
func log(x float64) float64 { return math.Log(x) }

// sigmoid32 returns 1 / (1 + e⁻ˣ) in float32.
func sigmoid32(x float32) float32 { return 1 / (1 + exp32(-x)) }

// softmax32 replaces y by its softmax.
func softmax32(y []float32) {
	m := y[0]
	for _, v := range y {
		m = max(m, v)
	}
	sum := float32(0)
	for k, v := range y {
		y[k] = exp32(v - m)
		sum += y[k]
	}
	inv := 1 / sum
	for k := range y {
		y[k] *= inv
	}
}

// Constants of exp32, as in Cephes' expf.
const (
	expHi   = 88.0
	expLo   = -87.0
	log2e   = 1.44269504088896341
	ln2Hi   = 0.693359375
	ln2Lo   = -2.12194440e-4
	expP0   = 1.9875691500e-4
	expP1   = 1.3981999507e-3
	expP2   = 8.3334519073e-3
	expP3   = 4.1665795894e-2
	expP4   = 1.6666665459e-1
	expP5   = 5.0000001201e-1
	expBias = 127
)

// exp32 returns eˣ in float32 to within about 2 ulp, several times faster
// than float32(math.Exp(float64(x))): x = n·ln 2 + r with |r| ≤ ln 2 / 2, eʳ
// by a polynomial and 2ⁿ put straight into the exponent bits. Arguments are
// clamped to [-87, 88], where the result stays a normal float32.
func exp32(x float32) float32 {
	x = min(max(x, expLo), expHi)
	n := int32(x*log2e+(0.5+128)) - 128 // floor(x·log₂e + ½)
	fn := float32(n)
	r := x - fn*ln2Hi - fn*ln2Lo
	p := ((((expP0*r+expP1)*r+expP2)*r+expP3)*r+expP4)*r + expP5
	return (p*r*r + r + 1) * math.Float32frombits(uint32(n+expBias)<<23)
}
