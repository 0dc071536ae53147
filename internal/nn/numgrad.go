package nn

import (
	"math"
	"sync"

	"gonum.org/v1/gonum/mat"
)

// NumericalGradient returns the same central differences as
// [Net.NumericalGradientNaive], (L(θ + H) − L(θ − H)) / 2H for each
// parameter θ, but without a full forward pass per perturbation:
//
//   - Moving W1[i][j] changes only hidden unit j, and only for the images
//     whose input i is nonzero; for each of them the output pre-activations
//     a2 move by Δz·W2[j][:], where Δz is the change of the unit's output.
//     The loss change depends only on the image, j and the input's value,
//     so it is computed once per distinct value of an image.
//   - Moving b1[j] changes hidden unit j of every image in the same way.
//   - Moving W2[j][k] or b2[k] changes only output k's pre-activation.
//
// The new losses come from the images' stored softmax terms; where the
// exponentials' arguments are tiny (always, for h = 1e-4) they are summed
// as Taylor series whose remainders lie far below float64's rounding. The
// result, in float64 like the naive one, equals it to about 1e-11 (the
// naive sums have the larger rounding error). The work is split between two
// goroutines, each writing its own part of the result.
func (n *Net) NumericalGradient(x, t *mat.Dense) *Params {
	checkBatch(&n.Params, x, t)
	c := newNumCtx(&n.Params, x, t)
	g := zeroLike(&n.Params)
	gw1 := g.W1.RawMatrix().Data

	// The first goroutine does the first half of W1's columns, b1, W2 and
	// b2; the second the rest of W1's columns.
	split := (c.hid + 1) / 2
	var wg sync.WaitGroup
	wg.Go(func() { c.w1Cols(gw1, split, c.hid) })
	c.w1Cols(gw1, 0, split)
	c.b1(g.B1)
	c.outLayer(g.W2.RawMatrix().Data, g.B2)
	wg.Wait()
	return g
}

// numCtx is the unperturbed forward pass of one batch.
type numCtx struct {
	in, hid, out, batch int
	w2                  []float64 // hid×out
	a1, z1              []float64 // batch×hid
	e                   []float64 // batch×out: exp(a2 − max a2)
	sum                 []float64 // batch: Σ e
	loss                []float64 // batch: each image's loss
	labels              [][]entry // batch: the nonzero entries of t's rows

	// An input value v moves W1[i][j]'s term of a1 by ±H·v. The loss
	// change depends only on the image, j and v, so it is computed once
	// for each distinct nonzero value of each image (MNIST images have
	// about 67 distinct values among 150 nonzero pixels).
	values  []float64 // the distinct nonzero input values of image 0, then of image 1, …
	vstart  []int     // batch+1: image r's values are values[vstart[r]:vstart[r+1]]
	byInput csr       // for each input i, the images where it is nonzero and their value's index in values
}

// entry is one nonzero entry of a sparse vector.
type entry struct {
	at int
	v  float64
}

// use is an image and the index of an input's value in numCtx.values.
type use struct {
	image, value int
}

// csr lists, for each row r, the items rows[start[r]:start[r+1]].
type csr struct {
	start []int
	rows  []use
}

func newNumCtx(p *Params, x, t *mat.Dense) *numCtx {
	in, hid, out := p.Sizes()
	batch, _ := x.Dims()
	c := &numCtx{
		in: in, hid: hid, out: out, batch: batch,
		w2:     p.slices()[2],
		a1:     make([]float64, batch*hid),
		z1:     make([]float64, batch*hid),
		e:      make([]float64, batch*out),
		sum:    make([]float64, batch),
		loss:   make([]float64, batch),
		labels: make([][]entry, batch),
		vstart: make([]int, batch+1),
	}
	w1 := p.slices()[0]

	// Transpose the batch's nonzero inputs: for each input, its images.
	c.byInput.start = make([]int, in+1)
	for r := range batch {
		for i, v := range x.RawRowView(r) {
			if v != 0 {
				c.byInput.start[i+1]++
			}
		}
	}
	for i := range in {
		c.byInput.start[i+1] += c.byInput.start[i]
	}
	c.byInput.rows = make([]use, c.byInput.start[in])
	next := append([]int(nil), c.byInput.start[:in]...)
	for r := range batch {
		slot := make(map[float64]int)
		a1 := c.a1[r*hid : (r+1)*hid]
		copy(a1, p.B1)
		for i, v := range x.RawRowView(r) {
			if v != 0 {
				s, ok := slot[v]
				if !ok {
					s = len(c.values)
					slot[v] = s
					c.values = append(c.values, v)
				}
				c.byInput.rows[next[i]] = use{r, s}
				next[i]++
				for j, w := range w1[i*hid : (i+1)*hid] {
					a1[j] += v * w
				}
			}
		}
		z1 := c.z1[r*hid : (r+1)*hid]
		for j, a := range a1 {
			z1[j] = Sigmoid(a)
		}
		e := c.e[r*out : (r+1)*out]
		copy(e, p.B2)
		for j, z := range z1 {
			for k, w := range c.w2[j*out : (j+1)*out] {
				e[k] += z * w
			}
		}
		m := e[0]
		for _, v := range e {
			m = max(m, v)
		}
		for k, v := range e {
			e[k] = math.Exp(v - m)
			c.sum[r] += e[k]
		}
		for k, v := range t.RawRowView(r) {
			if v != 0 {
				c.labels[r] = append(c.labels[r], entry{k, v})
			}
		}
		c.loss[r] = c.lossOf(r, e, c.sum[r])
		c.vstart[r+1] = len(c.values)
	}
	return c
}

// lossOf returns image r's loss for the softmax terms e with sum s.
func (c *numCtx) lossOf(r int, e []float64, s float64) float64 {
	l := 0.0
	for _, t := range c.labels[r] {
		l -= t.v * math.Log(e[t.at]/s+Delta)
	}
	return l
}

// hidden is what the loss changes of image r need to know about hidden unit
// j, for perturbations of the unit's pre-activation.
type hidden struct {
	r      int
	z      float64    // z1[r][j]
	expNeg float64    // exp(−a1[r][j]), so that σ(a1 + d) = 1 / (1 + expNeg·e⁻ᵈ)
	w      []float64  // W2[j][:]
	wmax   float64    // max |W2[j][k]|
	moment [6]float64 // Σₖ eₖ·W2[j][k]ᵖ / p! for p = 0…5, with e = exp(a2 − max a2)
}

// hiddenUnit prepares the loss changes of image r for hidden unit j.
func (c *numCtx) hiddenUnit(r, j int) hidden {
	h := hidden{
		r:      r,
		z:      c.z1[r*c.hid+j],
		expNeg: math.Exp(-c.a1[r*c.hid+j]),
		w:      c.w2[j*c.out : (j+1)*c.out],
	}
	for k, ek := range c.e[r*c.out : (r+1)*c.out] {
		w := h.w[k]
		h.wmax = max(h.wmax, math.Abs(w))
		h.moment[0] += ek
		h.moment[1] += ek * w
		h.moment[2] += ek * w * w / 2
		h.moment[3] += ek * w * w * w / 6
		h.moment[4] += ek * w * w * w * w / 24
		h.moment[5] += ek * w * w * w * w * w / 120
	}
	return h
}

// shift returns the change of image h.r's loss when the hidden unit's
// pre-activation moves by d. Its output pre-activations a2 then move by
// Δz·W2[j][:], so that the softmax sum becomes S' = Σₖ eₖ·exp(Δz·W2[j][k]).
// For the tiny Δz of a perturbation, S' is the series Σₚ Δzᵖ·moment[p],
// whose remainder is below 10⁻²⁰·S', far under float64's rounding.
func (c *numCtx) shift(h *hidden, d float64) float64 {
	dz := 1/(1+h.expNeg*expSmall(-d)) - h.z
	e := c.e[h.r*c.out : (h.r+1)*c.out]
	var s float64
	if math.Abs(dz)*h.wmax < 1.0/1024 {
		m := &h.moment
		s = m[0] + dz*(m[1]+dz*(m[2]+dz*(m[3]+dz*(m[4]+dz*m[5]))))
	} else {
		for k, ek := range e {
			s += ek * math.Exp(dz*h.w[k])
		}
	}
	l := 0.0
	for _, t := range c.labels[h.r] {
		l -= t.v * math.Log(e[t.at]*expSmall(dz*h.w[t.at])/s+Delta)
	}
	return l - c.loss[h.r]
}

// w1Cols fills the gradient of W1's columns lo to hi-1.
func (c *numCtx) w1Cols(g []float64, lo, hi int) {
	scale := 1 / float64(c.batch) / (2 * H)
	change := make([]float64, len(c.values)) // loss changes for column j
	for j := lo; j < hi; j++ {
		for r := range c.batch {
			h := c.hiddenUnit(r, j)
			for s := c.vstart[r]; s < c.vstart[r+1]; s++ {
				d := H * c.values[s]
				change[s] = c.shift(&h, d) - c.shift(&h, -d)
			}
		}
		for i := range c.in {
			uses := c.byInput.rows[c.byInput.start[i]:c.byInput.start[i+1]]
			if len(uses) == 0 {
				continue
			}
			sum := 0.0
			for _, u := range uses {
				sum += change[u.value]
			}
			g[i*c.hid+j] = sum * scale
		}
	}
}

// b1 fills the gradient of b1.
func (c *numCtx) b1(g []float64) {
	scale := 1 / float64(c.batch) / (2 * H)
	for j := range c.hid {
		sum := 0.0
		for r := range c.batch {
			h := c.hiddenUnit(r, j)
			sum += c.shift(&h, H) - c.shift(&h, -H)
		}
		g[j] = sum * scale
	}
}

// outShift returns the change of image r's loss when output k's
// pre-activation moves by d.
func (c *numCtx) outShift(r, k int, d float64) float64 {
	e := c.e[r*c.out : (r+1)*c.out]
	ek := e[k] * math.Exp(d)
	s := c.sum[r] - e[k] + ek
	l := 0.0
	for _, t := range c.labels[r] {
		y := e[t.at]
		if t.at == k {
			y = ek
		}
		l -= t.v * math.Log(y/s+Delta)
	}
	return l - c.loss[r]
}

// outLayer fills the gradients of W2 and b2.
func (c *numCtx) outLayer(gw2, gb2 []float64) {
	scale := 1 / float64(c.batch) / (2 * H)
	for j := range c.hid {
		for k := range c.out {
			sum := 0.0
			for r := range c.batch {
				z := c.z1[r*c.hid+j]
				sum += c.outShift(r, k, H*z) - c.outShift(r, k, -H*z)
			}
			gw2[j*c.out+k] = sum * scale
		}
	}
	for k := range c.out {
		sum := 0.0
		for r := range c.batch {
			sum += c.outShift(r, k, H) - c.outShift(r, k, -H)
		}
		gb2[k] = sum * scale
	}
}

// expSmall returns eᵘ. For the tiny u of a perturbation (|u| < 2⁻¹⁰) it sums
// the Taylor series to u⁵, whose remainder (below 2·10⁻²¹) is far under
// float64's rounding, in a fraction of math.Exp's time.
func expSmall(u float64) float64 {
	if math.Abs(u) >= 1.0/1024 {
		return math.Exp(u)
	}
	return 1 + u*(1+u*(1.0/2+u*(1.0/6+u*(1.0/24+u*(1.0/120)))))
}
