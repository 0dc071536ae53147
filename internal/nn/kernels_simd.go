//go:build goexperiment.simd && amd64

package nn

import "simd/archsimd"

// This file has AVX2 versions of the kernels, written with the experimental
// simd/archsimd package of Go 1.26 (GOEXPERIMENT=simd); kernels_avx512.go
// has AVX-512 ones. The AVX2 kernels are used when the processor has AVX2
// and FMA (but not AVX-512) and the network has 49–56 hidden and 9–16
// output units (the textbook's 50 and 10): hidden vectors are then 7 vectors of
// 8 float32 kept in registers, output vectors 2. Each kernel ends with
// ClearAVXUpperBits (VZEROUPPER), since scalar SSE code after it, math.Exp
// among it, would otherwise pay the AVX–SSE transition penalty.

// simdKernels are the vector kernel sets that the processor supports, in
// order of preference.
var simdKernels = func() []kernelSet {
	var ks []kernelSet
	if archsimd.X86.AVX512() {
		ks = append(ks, avx512Kernels)
	}
	if archsimd.X86.AVX2() && archsimd.X86.FMA() {
		ks = append(ks, avx2Kernels)
	}
	return ks
}()

var avx2Kernels = kernelSet{
	name:     "avx2",
	lanes:    8,
	fits:     func(hid, out int) bool { return hid > 48 && hid <= 56 && out > 8 && out <= 16 },
	gather:   gatherAVX2,
	scatter:  scatterAVX2,
	backprop: backpropAVX2,
	predict:  predictAVX2,
}

type vec = archsimd.Float32x8

func load(p []float32) vec { return archsimd.LoadFloat32x8((*[8]float32)(p)) }

func bcast(x float32) vec { return archsimd.BroadcastFloat32x8(x) }

// Constant vectors are loaded from memory: the compiler materialises a
// broadcast constant with a scalar SSE instruction (MOVSS, XORPS), which
// pays the AVX–SSE transition penalty when it sits among AVX code.
var (
	vZero    [8]float32
	vOne     = splat(1)
	vLo      = splat(expLo)
	vHi      = splat(expHi)
	vLog2e   = splat(log2e)
	vHalf    = splat(0.5)
	vNegLn2H = splat(-ln2Hi)
	vNegLn2L = splat(-ln2Lo)
	vP       = [6][8]float32{splat(expP0), splat(expP1), splat(expP2), splat(expP3), splat(expP4), splat(expP5)}
	vBias    = [8]int32{expBias, expBias, expBias, expBias, expBias, expBias, expBias, expBias}
)

func splat(x float32) [8]float32 { return [8]float32{x, x, x, x, x, x, x, x} }

func cst(c *[8]float32) vec { return archsimd.LoadFloat32x8(c) }

func gatherAVX2(a, b, w []float32, idx []uint16, val []float32) {
	bb := (*[56]float32)(b)
	a0, a1, a2, a3 := load(bb[0:8]), load(bb[8:16]), load(bb[16:24]), load(bb[24:32])
	a4, a5, a6 := load(bb[32:40]), load(bb[40:48]), load(bb[48:56])
	val = val[:len(idx)]
	for k, i := range idx {
		v := bcast(val[k])
		row := (*[56]float32)(w[int(i)*56:])
		a0 = load(row[0:8]).MulAdd(v, a0)
		a1 = load(row[8:16]).MulAdd(v, a1)
		a2 = load(row[16:24]).MulAdd(v, a2)
		a3 = load(row[24:32]).MulAdd(v, a3)
		a4 = load(row[32:40]).MulAdd(v, a4)
		a5 = load(row[40:48]).MulAdd(v, a5)
		a6 = load(row[48:56]).MulAdd(v, a6)
	}
	aa := (*[56]float32)(a)
	a0.StoreSlice(aa[0:8])
	a1.StoreSlice(aa[8:16])
	a2.StoreSlice(aa[16:24])
	a3.StoreSlice(aa[24:32])
	a4.StoreSlice(aa[32:40])
	a5.StoreSlice(aa[40:48])
	a6.StoreSlice(aa[48:56])
	archsimd.ClearAVXUpperBits()
}

func scatterAVX2(w []float32, idx []uint16, val []float32, alpha float32, g []float32) {
	gg := (*[56]float32)(g)
	// Scale g by alpha first: scalar SSE arithmetic inside the loop would
	// pay the AVX–SSE transition penalty at every step.
	al := bcast(alpha)
	g0, g1, g2, g3 := al.Mul(load(gg[0:8])), al.Mul(load(gg[8:16])), al.Mul(load(gg[16:24])), al.Mul(load(gg[24:32]))
	g4, g5, g6 := al.Mul(load(gg[32:40])), al.Mul(load(gg[40:48])), al.Mul(load(gg[48:56]))
	val = val[:len(idx)]
	for k, i := range idx {
		v := bcast(val[k])
		row := (*[56]float32)(w[int(i)*56:])
		v.MulAdd(g0, load(row[0:8])).StoreSlice(row[0:8])
		v.MulAdd(g1, load(row[8:16])).StoreSlice(row[8:16])
		v.MulAdd(g2, load(row[16:24])).StoreSlice(row[16:24])
		v.MulAdd(g3, load(row[24:32])).StoreSlice(row[24:32])
		v.MulAdd(g4, load(row[32:40])).StoreSlice(row[32:40])
		v.MulAdd(g5, load(row[40:48])).StoreSlice(row[40:48])
		v.MulAdd(g6, load(row[48:56])).StoreSlice(row[48:56])
	}
	archsimd.ClearAVXUpperBits()
}

// exp8 is exp32 on 8 lanes.
func exp8(x vec) vec {
	x = x.Max(cst(&vLo)).Min(cst(&vHi))
	fn := x.MulAdd(cst(&vLog2e), cst(&vHalf)).Floor()
	r := fn.MulAdd(cst(&vNegLn2H), x)
	r = fn.MulAdd(cst(&vNegLn2L), r)
	p := cst(&vP[0]).MulAdd(r, cst(&vP[1]))
	p = p.MulAdd(r, cst(&vP[2]))
	p = p.MulAdd(r, cst(&vP[3]))
	p = p.MulAdd(r, cst(&vP[4]))
	p = p.MulAdd(r, cst(&vP[5]))
	y := p.Mul(r).MulAdd(r, r.Add(cst(&vOne)))
	scale := fn.ConvertToInt32().Add(archsimd.LoadInt32x8(&vBias)).ShiftAllLeft(23).AsFloat32x8()
	return y.Mul(scale)
}

// sigmoid8 is sigmoid32 on 8 lanes.
func sigmoid8(x vec) vec {
	one := cst(&vOne)
	return one.Div(one.Add(exp8(cst(&vZero).Sub(x))))
}

// The kernels below alternate vector sections, each a function of its own
// that ends with ClearAVXUpperBits, and scalar sections in between. No
// float scalar may live across a vector section: the compiler would keep it
// in an SSE register and reload it with a legacy SSE instruction, which
// costs hundreds of cycles while the upper halves of the vector registers
// are dirty. Scalars are passed through memory instead (partSums.m and y).

// hiddenOut sets z = σ(a) and y = b2 + z·W2 (y's padding is b2's padding,
// zero), for z and y of 56 and 16 float32.
//
//go:noinline
func hiddenOut(p *params32, a []float32, z *[56]float32, y *[16]float32) {
	aa := (*[56]float32)(a)
	for c := 0; c < 56; c += 8 {
		sigmoid8(load(aa[c : c+8])).StoreSlice(z[c : c+8])
	}
	b2 := (*[16]float32)(p.b2)
	y0, y1 := load(b2[0:8]), load(b2[8:16])
	u0, u1 := cst(&vZero), cst(&vZero)
	w2 := p.w2[:p.hid*16]
	j := 0
	for ; j+1 < p.hid; j += 2 {
		row := (*[32]float32)(w2[j*16:])
		zj, zk := bcast(z[j]), bcast(z[j+1])
		y0 = load(row[0:8]).MulAdd(zj, y0)
		y1 = load(row[8:16]).MulAdd(zj, y1)
		u0 = load(row[16:24]).MulAdd(zk, u0)
		u1 = load(row[24:32]).MulAdd(zk, u1)
	}
	if j < p.hid {
		row := (*[16]float32)(w2[j*16:])
		zj := bcast(z[j])
		y0 = load(row[0:8]).MulAdd(zj, y0)
		y1 = load(row[8:16]).MulAdd(zj, y1)
	}
	y0.Add(u0).StoreSlice(y[0:8])
	y1.Add(u1).StoreSlice(y[8:16])
	archsimd.ClearAVXUpperBits()
}

// expShift sets y = exp(y − m), m read from memory.
//
//go:noinline
func expShift(y *[16]float32, m *float32) {
	mm := bcast(*m)
	exp8(load(y[0:8]).Sub(mm)).StoreSlice(y[0:8])
	exp8(load(y[8:16]).Sub(mm)).StoreSlice(y[8:16])
	archsimd.ClearAVXUpperBits()
}

// backHidden adds dy (in y, padding zero) to the sums of b2 and W2 and sets
// a to da1 = (dy·W2ᵀ) ∘ z ∘ (1 − z), adding it to the sum of b1.
//
//go:noinline
func backHidden(p *params32, a []float32, z *[56]float32, y *[16]float32, s *partSums) {
	d0, d1 := load(y[0:8]), load(y[8:16])
	gb2 := (*[16]float32)(s.gb2)
	load(gb2[0:8]).Add(d0).StoreSlice(gb2[0:8])
	load(gb2[8:16]).Add(d1).StoreSlice(gb2[8:16])
	gw2 := s.gw2[:p.hid*16]
	for j := range p.hid {
		g := (*[16]float32)(gw2[j*16:])
		zj := bcast(z[j])
		d0.MulAdd(zj, load(g[0:8])).StoreSlice(g[0:8])
		d1.MulAdd(zj, load(g[8:16])).StoreSlice(g[8:16])
	}

	e0, e1, e2, e3 := cst(&vZero), cst(&vZero), cst(&vZero), cst(&vZero)
	e4, e5, e6 := cst(&vZero), cst(&vZero), cst(&vZero)
	w2t := p.w2t[:p.out*56]
	for k := range p.out {
		dk := bcast(y[k])
		row := (*[56]float32)(w2t[k*56:])
		e0 = load(row[0:8]).MulAdd(dk, e0)
		e1 = load(row[8:16]).MulAdd(dk, e1)
		e2 = load(row[16:24]).MulAdd(dk, e2)
		e3 = load(row[24:32]).MulAdd(dk, e3)
		e4 = load(row[32:40]).MulAdd(dk, e4)
		e5 = load(row[40:48]).MulAdd(dk, e5)
		e6 = load(row[48:56]).MulAdd(dk, e6)
	}
	aa := (*[56]float32)(a)
	gb1 := (*[56]float32)(s.gb1)
	one := cst(&vOne)
	for c, e := range [7]vec{e0, e1, e2, e3, e4, e5, e6} {
		zc := load(z[c*8 : c*8+8])
		d := e.Mul(zc.Mul(one.Sub(zc)))
		d.StoreSlice(aa[c*8 : c*8+8])
		load(gb1[c*8 : c*8+8]).Add(d).StoreSlice(gb1[c*8 : c*8+8])
	}
	archsimd.ClearAVXUpperBits()
}

func backpropAVX2(p *params32, a []float32, label int, invBatch float32, s *partSums) float64 {
	z := (*[56]float32)(s.z)
	y := (*[16]float32)(s.y)
	hiddenOut(p, a, z, y)

	// Softmax and dy = (y − t) / batch, with the padding lanes zeroed.
	m := y[0]
	for _, v := range y[1:p.out] {
		m = max(m, v)
	}
	s.m = m
	expShift(y, &s.m)
	sum := float32(0)
	for _, v := range y[:p.out] {
		sum += v
	}
	inv := 1 / sum
	s.loss = -log(float64(y[label]*inv) + Delta)
	dy(y[:p.out], inv*invBatch, label, invBatch)
	clear(y[p.out:])

	backHidden(p, a, z, y, s)
	return s.loss
}

func predictAVX2(p *params32, a []float32) int {
	var z [56]float32
	var y [16]float32
	hiddenOut(p, a, &z, &y)
	archsimd.ClearAVXUpperBits()
	best := 0
	for k, v := range y[:p.out] {
		if v > y[best] {
			best = k
		}
	}
	return best
}
