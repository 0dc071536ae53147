package nn

import (
	"fmt"
	"math"
	"testing"

	"github.com/tally-book/tally/internal/mnist"
)

// book is the textbook's training configuration.
var book = Config{Iters: 10000, Batch: 100, LR: 0.1, EvalEvery: 600, Seed: 1}

// kernelSets returns the plain Go kernels, with both forms of gather and
// scatter (gonum's Saxpy and the blocked loops, one of which goKernels
// uses), and the vector ones this build and processor have.
func kernelSets() []kernelSet {
	saxpy, blocked := goKernels, goKernels
	saxpy.name, saxpy.gather, saxpy.scatter = "go-saxpy", gatherSaxpy, scatterSaxpy
	blocked.name, blocked.gather, blocked.scatter = "go-blocked", gatherBlocked, scatterBlocked
	return append([]kernelSet{saxpy, blocked}, simdKernels...)
}

// TestKernelsAgree trains with both forms of the plain Go kernels and
// checks that they give the same history and weights bit for bit: the
// browser's program (blocked loops) must give the numbers of a native run
// with the plain kernels (Saxpy). Hidden sizes that are and are not
// multiples of the blocks. (The vector kernels round differently: they
// agree with these to float32's precision only, see TestFastGradient.)
func TestKernelsAgree(t *testing.T) {
	train, test := mnistSets(t)
	train, test = train.Slice(0, 3000), test.Slice(0, 1000)
	cfg := Config{Iters: 200, Batch: 50, LR: 0.1, EvalEvery: 100, Seed: 3}
	for _, hid := range []int{50, 13, 5} {
		var h0 *History
		var p0 *Params
		for i, k := range kernelSets()[:2] {
			net := New(784, hid, 10, 2)
			tr := newTrainer(&net.Params, k, true)
			h := tr.train(train, test, cfg)
			tr.p.store(&net.Params)
			h.Seconds = 0
			if i == 0 {
				h0, p0 = h, &net.Params
				continue
			}
			if fmt.Sprint(h) != fmt.Sprint(h0) {
				t.Errorf("%d hidden units, %s kernels: history differs from %s's:\n%v\n%v", hid, k.name, kernelSets()[0].name, h, h0)
			}
			if d, where := MaxAbsDiff(&net.Params, p0); d != 0 {
				t.Errorf("%d hidden units, %s kernels: weights differ by %g in %s", hid, k.name, d, where)
			}
		}
	}
}

// fastGradient returns the gradient that the trainer with kernels k computes
// for the images idx of s, before it applies it.
func fastGradient(net *Net, k kernelSet, s *mnist.Set, idx []int) *Params {
	tr := newTrainer(&net.Params, k, true)
	tr.setup(s, Config{Batch: len(idx), LR: 1})
	copy(tr.batch[0], idx)
	tr.split[0] = len(idx) / 3
	tr.team.run(tr.forward)

	p := tr.p
	w1 := make([]float32, p.in*p.hs)
	sp := s.Sparse()
	for r, img := range idx {
		ix, val := sp.Image(img)
		tr.kern.scatter(w1, ix, val, 1, tr.act[r*p.hs:(r+1)*p.hs])
	}
	g := zeroLike(&net.Params)
	for i := range p.in {
		for j := range p.hid {
			g.W1.Set(i, j, float64(w1[i*p.hs+j]))
		}
	}
	s0, s1 := tr.parts[0], tr.parts[1]
	for j := range p.hid {
		g.B1[j] = float64(s0.gb1[j] + s1.gb1[j])
		for c := range p.out {
			g.W2.Set(j, c, float64(s0.gw2[j*p.os+c]+s1.gw2[j*p.os+c]))
		}
	}
	for c := range p.out {
		g.B2[c] = float64(s0.gb2[c] + s1.gb2[c])
	}
	return g
}

// TestFastGradient checks each kernel set's float32 gradient against the
// float64 reference backpropagation, to 1e-6 (the entries are up to about
// 0.05; float32 carries 7 digits).
func TestFastGradient(t *testing.T) {
	train, _ := mnistSets(t)
	idx := randomIndices(100, train.N, 7)
	x, lab := train.Batch(idx)
	for _, seed := range []uint64{1, 2} {
		net := New(784, 50, 10, seed)
		if seed == 2 {
			// A trained network, whose gradients are not all tiny.
			net.Train(train, nil, Config{Iters: 200, Batch: 100, LR: 0.1, Seed: 3})
		}
		want := net.Gradient(x, lab)
		for _, k := range kernelSets() {
			got := fastGradient(net, k, train, idx)
			d, where := MaxAbsDiff(got, want)
			t.Logf("seed %d, %s kernels: max |fast − reference| = %.2g (%s)", seed, k.name, d, where)
			if d > 1e-6 {
				t.Errorf("seed %d, %s kernels: gradients differ by %g in %s", seed, k.name, d, where)
			}
		}
	}
}

// TestGradientCheck is the textbook's gradient check: backpropagation against
// central differences, on 100 MNIST images.
func TestGradientCheck(t *testing.T) {
	train, _ := mnistSets(t)
	x, lab := train.Batch(randomIndices(100, train.N, 8))
	for _, steps := range []int{0, 100} {
		net := New(784, 50, 10, 1)
		if steps > 0 {
			net.Train(train, nil, Config{Iters: steps, Batch: 100, LR: 0.1, Seed: 2})
		}
		d, where := MaxAbsDiff(net.Gradient(x, lab), net.NumericalGradient(x, lab))
		t.Logf("after %d steps: max |backprop − numerical| = %.2g (%s)", steps, d, where)
		if d > 1e-7 {
			t.Errorf("after %d steps: backprop and numerical gradients differ by %g in %s", steps, d, where)
		}
	}
}

// TestTrainImproves trains briefly and checks that the loss falls and the
// accuracy rises well above chance.
func TestTrainImproves(t *testing.T) {
	train, test := mnistSets(t)
	net := New(784, 50, 10, 1)
	before := net.Accuracy(test)
	h := net.Train(train, test, Config{Iters: 601, Batch: 100, LR: 0.1, EvalEvery: 300, Seed: 1})
	if len(h.Loss) != 601 || len(h.Steps) != 3 || len(h.TrainAcc) != 3 || len(h.TestAcc) != 3 {
		t.Fatalf("history has %d losses, %d steps, %d and %d accuracies", len(h.Loss), len(h.Steps), len(h.TrainAcc), len(h.TestAcc))
	}
	mean := func(l []float64) float64 {
		s := 0.0
		for _, v := range l {
			s += v
		}
		return s / float64(len(l))
	}
	first, last := mean(h.Loss[:50]), mean(h.Loss[551:])
	after := net.Accuracy(test)
	t.Logf("loss %.3f → %.3f, test accuracy %.4f → %.4f (%s kernels)", first, last, before, after, kern.name)
	if math.Abs(first-math.Log(10)) > 0.05 || last > 1 || after < 0.75 || before > 0.2 {
		t.Errorf("loss %.3f → %.3f, test accuracy %.4f → %.4f", first, last, before, after)
	}
	if h.TestAcc[2] != after {
		t.Errorf("History's last test accuracy %v, Accuracy gives %v", h.TestAcc[2], after)
	}
	// The reference computes the same accuracy in float64.
	x, lab := test.Batch(randomIndices(1000, test.N, 9))
	ref := net.AccuracyOf(x, lab)
	if fast := accuracyOn(net, test, x, lab); math.Abs(ref-fast) > 0.002 {
		t.Errorf("reference accuracy %v, fast %v", ref, fast)
	}
}

// accuracyOn measures Accuracy on the images of x as a set.
func accuracyOn(net *Net, s *mnist.Set, x, t interface{ At(int, int) float64 }) float64 {
	_ = s
	var pixels []uint8
	var labels []int
	for r := range 1000 {
		best := 0
		for c := range 10 {
			if t.At(r, c) == 1 {
				best = c
			}
		}
		labels = append(labels, best)
		for i := range 784 {
			pixels = append(pixels, uint8(math.Round(x.At(r, i)*255)))
		}
	}
	set, err := mnist.NewSet(pixels, labels)
	if err != nil {
		panic(err)
	}
	return net.Accuracy(set)
}

// TestDeterministic trains twice with one seed, with two goroutines and with
// one, and checks that the histories and weights agree bit for bit.
func TestDeterministic(t *testing.T) {
	train, test := mnistSets(t)
	train, test = train.Slice(0, 5000), test.Slice(0, 2000)
	cfg := Config{Iters: 300, Batch: 100, LR: 0.1, EvalEvery: 100, Seed: 5}
	run := func(solo bool) (*History, *Params) {
		net := New(784, 50, 10, 4)
		tr := newTrainer(&net.Params, pickKernels(50, 10), solo)
		defer tr.team.stop()
		h := tr.train(train, test, cfg)
		tr.p.store(&net.Params)
		h.Seconds = 0
		return h, &net.Params
	}
	h1, p1 := run(false)
	h2, p2 := run(false)
	h3, p3 := run(true)
	for i, h := range []*History{h2, h3} {
		if fmt.Sprint(h) != fmt.Sprint(h1) {
			t.Errorf("run %d: history differs:\n%v\n%v", i+2, h, h1)
		}
	}
	for i, p := range []*Params{p2, p3} {
		if d, where := MaxAbsDiff(p, p1); d != 0 {
			t.Errorf("run %d: weights differ by %g in %s", i+2, d, where)
		}
	}
	// A different seed gives a different run.
	cfg.Seed = 6
	h4, _ := run(false)
	if fmt.Sprint(h4.Loss) == fmt.Sprint(h1.Loss) {
		t.Error("seeds 5 and 6 gave the same losses")
	}
}

func TestExp32(t *testing.T) {
	worst := 0.0
	for x := -87.0; x <= 88; x += 0.001 {
		got, want := float64(exp32(float32(x))), math.Exp(float64(float32(x)))
		worst = max(worst, math.Abs(got-want)/want)
	}
	t.Logf("exp32: largest relative error %.2g", worst)
	if worst > 3e-7 {
		t.Errorf("exp32: relative error %g", worst)
	}
	if exp32(-1000) <= 0 || math.IsInf(float64(exp32(1000)), 0) {
		t.Error("exp32 does not clamp")
	}
}

// BenchmarkSGDStep times one step of Train: the forward and backward passes
// of a mini-batch of 100 and the update, on two goroutines.
func BenchmarkSGDStep(b *testing.B) {
	train, _ := mnistSets(b)
	for _, k := range kernelSets() {
		b.Run(k.name, func(b *testing.B) {
			net := New(784, 50, 10, 1)
			tr := newTrainer(&net.Params, k, false)
			defer tr.team.stop()
			tr.setup(train, Config{Batch: 100, LR: 0.1, Seed: 1})
			for b.Loop() {
				tr.step()
			}
		})
	}
}

// BenchmarkTrain times the textbook's 10,000 steps, without the accuracy
// measurements, and reports the training loop's seconds and the final test
// accuracy, for each kernel set that the build and processor have. The
// plain Go kernels take over 10 s an iteration; -bench 'Train/avx' selects
// the vector ones of a GOEXPERIMENT=simd build.
func BenchmarkTrain(b *testing.B) {
	train, test := mnistSets(b)
	cfg := book
	cfg.EvalEvery = 0
	for _, k := range kernelSets() {
		b.Run(k.name, func(b *testing.B) {
			var h *History
			var acc float64
			for b.Loop() {
				net := New(784, 50, 10, 1)
				tr := newTrainer(&net.Params, k, false)
				h = tr.train(train, test, cfg)
				acc = tr.accuracy(test)
				tr.team.stop()
			}
			b.ReportMetric(h.Seconds, "s/train")
			b.ReportMetric(acc, "test-acc")
		})
	}
}

// BenchmarkAccuracy times one pass over the 10,000 test images.
func BenchmarkAccuracy(b *testing.B) {
	_, test := mnistSets(b)
	net := New(784, 50, 10, 1)
	for b.Loop() {
		net.Accuracy(test)
	}
}
