//go:build goexperiment.simd && amd64

package nn

import "simd/archsimd"

// The AVX-512 kernels: the same computations as the AVX2 ones in
// kernels_simd.go (see the comments there) with 16 float32 per vector, for
// networks with 49–64 hidden units (4 vectors, kept in registers) and at most
// 16 output units (1 vector). Half as many instructions as AVX2 for the
// gathers and scatters of W1's rows, which dominate a step.

var avx512Kernels = kernelSet{
	name:     "avx512",
	lanes:    16,
	fits:     func(hid, out int) bool { return hid > 48 && hid <= 64 && out <= 16 },
	gather:   gather512,
	scatter:  scatter512,
	backprop: backprop512,
	predict:  predict512,
}

type vec16 = archsimd.Float32x16

func load16(p []float32) vec16 { return archsimd.LoadFloat32x16((*[16]float32)(p)) }

func bcast16(x float32) vec16 { return archsimd.BroadcastFloat32x16(x) }

func splat16(x float32) [16]float32 {
	var v [16]float32
	for i := range v {
		v[i] = x
	}
	return v
}

var (
	wZero    [16]float32
	wOne     = splat16(1)
	wLo      = splat16(expLo)
	wHi      = splat16(expHi)
	wLog2e   = splat16(log2e)
	wHalf    = splat16(0.5)
	wNegLn2H = splat16(-ln2Hi)
	wNegLn2L = splat16(-ln2Lo)
	wP       = [6][16]float32{splat16(expP0), splat16(expP1), splat16(expP2), splat16(expP3), splat16(expP4), splat16(expP5)}
	wBias    = [16]int32{expBias, expBias, expBias, expBias, expBias, expBias, expBias, expBias, expBias, expBias, expBias, expBias, expBias, expBias, expBias, expBias}
)

func cst16(c *[16]float32) vec16 { return archsimd.LoadFloat32x16(c) }

func gather512(a, b, w []float32, idx []uint16, val []float32) {
	bb := (*[64]float32)(b)
	a0, a1, a2, a3 := load16(bb[0:16]), load16(bb[16:32]), load16(bb[32:48]), load16(bb[48:64])
	val = val[:len(idx)]
	for k, i := range idx {
		v := bcast16(val[k])
		row := (*[64]float32)(w[int(i)*64:])
		a0 = load16(row[0:16]).MulAdd(v, a0)
		a1 = load16(row[16:32]).MulAdd(v, a1)
		a2 = load16(row[32:48]).MulAdd(v, a2)
		a3 = load16(row[48:64]).MulAdd(v, a3)
	}
	aa := (*[64]float32)(a)
	a0.StoreSlice(aa[0:16])
	a1.StoreSlice(aa[16:32])
	a2.StoreSlice(aa[32:48])
	a3.StoreSlice(aa[48:64])
	archsimd.ClearAVXUpperBits()
}

func scatter512(w []float32, idx []uint16, val []float32, alpha float32, g []float32) {
	gg := (*[64]float32)(g)
	al := bcast16(alpha)
	g0, g1, g2, g3 := al.Mul(load16(gg[0:16])), al.Mul(load16(gg[16:32])), al.Mul(load16(gg[32:48])), al.Mul(load16(gg[48:64]))
	val = val[:len(idx)]
	for k, i := range idx {
		v := bcast16(val[k])
		row := (*[64]float32)(w[int(i)*64:])
		g0.MulAdd(v, load16(row[0:16])).StoreSlice(row[0:16])
		g1.MulAdd(v, load16(row[16:32])).StoreSlice(row[16:32])
		g2.MulAdd(v, load16(row[32:48])).StoreSlice(row[32:48])
		g3.MulAdd(v, load16(row[48:64])).StoreSlice(row[48:64])
	}
	archsimd.ClearAVXUpperBits()
}

// exp16 is exp32 on 16 lanes.
func exp16(x vec16) vec16 {
	x = x.Max(cst16(&wLo)).Min(cst16(&wHi))
	fn := x.MulAdd(cst16(&wLog2e), cst16(&wHalf)).FloorScaled(0)
	r := fn.MulAdd(cst16(&wNegLn2H), x)
	r = fn.MulAdd(cst16(&wNegLn2L), r)
	p := cst16(&wP[0]).MulAdd(r, cst16(&wP[1]))
	p = p.MulAdd(r, cst16(&wP[2]))
	p = p.MulAdd(r, cst16(&wP[3]))
	p = p.MulAdd(r, cst16(&wP[4]))
	p = p.MulAdd(r, cst16(&wP[5]))
	y := p.Mul(r).MulAdd(r, r.Add(cst16(&wOne)))
	scale := fn.ConvertToInt32().Add(archsimd.LoadInt32x16(&wBias)).ShiftAllLeft(23).AsFloat32x16()
	return y.Mul(scale)
}

// sigmoid16 is sigmoid32 on 16 lanes.
func sigmoid16(x vec16) vec16 {
	one := cst16(&wOne)
	return one.Div(one.Add(exp16(cst16(&wZero).Sub(x))))
}

// hiddenOut512 sets z = σ(a) and y = b2 + z·W2.
//
//go:noinline
func hiddenOut512(p *params32, a []float32, z *[64]float32, y *[16]float32) {
	aa := (*[64]float32)(a)
	for c := 0; c < 64; c += 16 {
		sigmoid16(load16(aa[c : c+16])).StoreSlice(z[c : c+16])
	}
	y0, y1 := load16(p.b2[:16]), cst16(&wZero)
	y2, y3 := cst16(&wZero), cst16(&wZero)
	w2 := p.w2[:p.hid*16]
	j := 0
	for ; j+3 < p.hid; j += 4 {
		row := (*[64]float32)(w2[j*16:])
		y0 = load16(row[0:16]).MulAdd(bcast16(z[j]), y0)
		y1 = load16(row[16:32]).MulAdd(bcast16(z[j+1]), y1)
		y2 = load16(row[32:48]).MulAdd(bcast16(z[j+2]), y2)
		y3 = load16(row[48:64]).MulAdd(bcast16(z[j+3]), y3)
	}
	for ; j < p.hid; j++ {
		y0 = load16(w2[j*16:]).MulAdd(bcast16(z[j]), y0)
	}
	y0.Add(y1).Add(y2.Add(y3)).StoreSlice(y[:])
	archsimd.ClearAVXUpperBits()
}

// expShift512 sets y = exp(y − m), m read from memory.
//
//go:noinline
func expShift512(y *[16]float32, m *float32) {
	exp16(load16(y[:]).Sub(bcast16(*m))).StoreSlice(y[:])
	archsimd.ClearAVXUpperBits()
}

// backHidden512 is backHidden with 16 lanes.
//
//go:noinline
func backHidden512(p *params32, a []float32, z *[64]float32, y *[16]float32, s *partSums) {
	d := load16(y[:])
	load16(s.gb2[:16]).Add(d).StoreSlice(s.gb2[:16])
	gw2 := s.gw2[:p.hid*16]
	for j := range p.hid {
		g := gw2[j*16 : j*16+16]
		d.MulAdd(bcast16(z[j]), load16(g)).StoreSlice(g)
	}
	e0, e1, e2, e3 := cst16(&wZero), cst16(&wZero), cst16(&wZero), cst16(&wZero)
	w2t := p.w2t[:p.out*64]
	for k := range p.out {
		dk := bcast16(y[k])
		row := (*[64]float32)(w2t[k*64:])
		e0 = load16(row[0:16]).MulAdd(dk, e0)
		e1 = load16(row[16:32]).MulAdd(dk, e1)
		e2 = load16(row[32:48]).MulAdd(dk, e2)
		e3 = load16(row[48:64]).MulAdd(dk, e3)
	}
	aa := (*[64]float32)(a)
	gb1 := (*[64]float32)(s.gb1)
	one := cst16(&wOne)
	for c, e := range [4]vec16{e0, e1, e2, e3} {
		zc := load16(z[c*16 : c*16+16])
		d := e.Mul(zc.Mul(one.Sub(zc)))
		d.StoreSlice(aa[c*16 : c*16+16])
		load16(gb1[c*16 : c*16+16]).Add(d).StoreSlice(gb1[c*16 : c*16+16])
	}
	archsimd.ClearAVXUpperBits()
}

func backprop512(p *params32, a []float32, label int, invBatch float32, s *partSums) float64 {
	z := (*[64]float32)(s.z)
	y := (*[16]float32)(s.y)
	hiddenOut512(p, a, z, y)
	m := y[0]
	for _, v := range y[1:p.out] {
		m = max(m, v)
	}
	s.m = m
	expShift512(y, &s.m)
	sum := float32(0)
	for _, v := range y[:p.out] {
		sum += v
	}
	inv := 1 / sum
	s.loss = -log(float64(y[label]*inv) + Delta)
	dy(y[:p.out], inv*invBatch, label, invBatch)
	clear(y[p.out:])
	backHidden512(p, a, z, y, s)
	return s.loss
}

func predict512(p *params32, a []float32) int {
	var z [64]float32
	var y [16]float32
	hiddenOut512(p, a, &z, &y)
	best := 0
	for k, v := range y[:p.out] {
		if v > y[best] {
			best = k
		}
	}
	return best
}
