package nn

import (
	"fmt"
	"math/rand/v2"
	"time"

	tallybook "github.com/tally-book/tally/book"
	"github.com/tally-book/tally/internal/mnist"
)

// Config sets up [Net.Train]. The textbook's values are
// Config{Iters: 10000, Batch: 100, LR: 0.1, EvalEvery: 600, Seed: 1}.
type Config struct {
	Iters     int     // number of SGD steps
	Batch     int     // images per mini-batch, drawn at random with replacement
	LR        float64 // learning rate η
	EvalEvery int     // measure the accuracies after steps 0, EvalEvery, 2·EvalEvery, …; 0 for never
	Seed      uint64  // seeds the mini-batch draws: rand.New(rand.NewPCG(Seed, Seed))
}

// History is what [Net.Train] measured.
type History struct {
	Loss     []float64 // loss of each step's mini-batch, from the step's forward pass (the textbook recomputes it after the update)
	Steps    []int     // the steps (counted from 0) after whose update the accuracies were measured
	TrainAcc []float64 // accuracy on the training set at those steps
	TestAcc  []float64 // accuracy on the test set at those steps (empty without a test set)
	Seconds  float64   // wall-clock seconds of the SGD steps alone, without the accuracy measurements
}

// Train trains the network by mini-batch stochastic gradient descent: each
// step draws cfg.Batch images of train at random (with replacement, like
// np.random.choice), computes the gradient of their loss by backpropagation
// and moves every parameter by −cfg.LR times its gradient. It measures the
// accuracy on train and test (which may be nil) after steps 0, EvalEvery,
// 2·EvalEvery, … as the textbook does once per epoch.
//
// Train is the fast version of the reference [Net.Gradient] loop: float32
// arithmetic, each image stored as its nonzero pixels only, the rows of W1
// that an image touches updated in place, and the work split between two
// goroutines in a fixed way (images for the forward and backward passes,
// rows of W1 for the update), so that the same network, data and cfg give
// the same History (but for Seconds) and weights bit for bit. The network's float64 parameters are
// rounded to float32 at the start and hold the trained float32 values at the
// end. The network must have 784 inputs and 10 outputs.
func (n *Net) Train(train, test *mnist.Set, cfg Config) *History {
	in, _, out := n.Sizes()
	if in != mnist.ImageSize || out != mnist.Classes {
		panic(fmt.Sprintf("nn: Train needs a network with %d inputs and %d outputs, not %d and %d", mnist.ImageSize, mnist.Classes, in, out))
	}
	if cfg.Batch <= 0 || cfg.Iters < 0 || cfg.EvalEvery < 0 || train == nil || train.N == 0 {
		panic(fmt.Sprintf("nn: Train: bad configuration %+v or empty training set", cfg))
	}
	tr := newTrainer(&n.Params, pickKernels(n.hidden(), out), false)
	defer tr.team.stop()
	h := tr.train(train, test, cfg)
	tr.p.store(&n.Params)
	return h
}

// Accuracy returns the fraction of the set's images whose largest output is
// at their label. It uses Train's float32 arithmetic, so it agrees with the
// accuracies in Train's History; [Net.AccuracyOf] is the float64 reference.
func (n *Net) Accuracy(s *mnist.Set) float64 {
	in, _, out := n.Sizes()
	if in != mnist.ImageSize || out != mnist.Classes {
		panic(fmt.Sprintf("nn: Accuracy needs a network with %d inputs and %d outputs, not %d and %d", mnist.ImageSize, mnist.Classes, in, out))
	}
	tr := newTrainer(&n.Params, pickKernels(n.hidden(), out), false)
	defer tr.team.stop()
	return tr.accuracy(s)
}

// hidden returns the number of hidden units.
func (n *Net) hidden() int {
	_, hid, _ := n.Sizes()
	return hid
}

// trainer holds the float32 network and the state of a training run.
type trainer struct {
	p     *params32
	kern  kernelSet
	team  *team
	parts [2]*partSums

	sp       *mnist.Sparse
	labels   []int
	mid      []int // for each training image, where its pixels of W1's second part start in sp
	batch    [2][]int
	split    [2]int // first image of part 1's share of each batch
	cur      int    // which of batch and split is the current step's
	act      []float32
	loss     []float64
	stepLoss float64
	lr       float32
	invBatch float32
	rng      *rand.Rand
	touched  [2]uint16 // keeps touch's loads from being optimised away

	forward, update func(part int) // the two phases of a step, as func values made once
}

// newTrainer returns a trainer for p with the kernels k (or plain Go ones
// if k does not fit p's sizes). With solo, both parts of each phase run on
// the caller's goroutine, one after the other: the results are the same.
func newTrainer(p *Params, k kernelSet, solo bool) *trainer {
	if _, hid, out := p.Sizes(); !k.fits(hid, out) {
		k = goKernels
	}
	p32 := newParams32(p, k.lanes)
	t := &team{solo: true}
	if !solo {
		t = newTeam()
	}
	return &trainer{
		p:     p32,
		kern:  k,
		team:  t,
		parts: [2]*partSums{newPartSums(p32), newPartSums(p32)},
	}
}

func (tr *trainer) train(train, test *mnist.Set, cfg Config) *History {
	tr.setup(train, cfg)
	h := &History{Loss: make([]float64, cfg.Iters)}
	var evalTime time.Duration
	start := time.Now()
	for step := range cfg.Iters {
		h.Loss[step] = tr.step()
		tallybook.Progress(step+1, cfg.Iters, h.Loss[step])
		if cfg.EvalEvery > 0 && step%cfg.EvalEvery == 0 {
			t := time.Now()
			h.Steps = append(h.Steps, step)
			h.TrainAcc = append(h.TrainAcc, tr.accuracy(train))
			if test != nil {
				h.TestAcc = append(h.TestAcc, tr.accuracy(test))
			}
			evalTime += time.Since(t)
		}
	}
	h.Seconds = (time.Since(start) - evalTime).Seconds()
	return h
}

// setup prepares a training run and draws the first batch.
func (tr *trainer) setup(train *mnist.Set, cfg Config) {
	tr.sp, tr.labels = train.Sparse(), train.Labels
	tr.splitRows(0.5)
	tr.rng = rand.New(rand.NewPCG(cfg.Seed, cfg.Seed))
	tr.forward, tr.update = tr.forwardBackward, tr.updateParams
	for i := range tr.batch {
		tr.batch[i] = make([]int, cfg.Batch)
	}
	tr.act = make([]float32, cfg.Batch*tr.p.hs)
	tr.loss = make([]float64, cfg.Batch)
	tr.lr = float32(cfg.LR)
	tr.invBatch = 1 / float32(cfg.Batch)
	tr.cur = 0
	tr.drawBatch(0)
	tr.touch(0, 0)
	tr.touch(0, 1)
}

// step does one SGD step on the current batch (drawing the next one on the
// way) and returns the current batch's loss.
func (tr *trainer) step() float64 {
	tr.team.run(tr.forward)
	tr.team.run(tr.update)
	tr.cur ^= 1
	return tr.stepLoss
}

// splitRows chooses the input where the second part's rows of W1 begin, so
// that the first part gets about the fraction share of the training set's
// nonzero pixels, and finds each image's first pixel at or after it.
func (tr *trainer) splitRows(share float64) {
	var count [mnist.ImageSize]int
	for _, i := range tr.sp.Index {
		count[i]++
	}
	row, sum := 0, 0
	for row < mnist.ImageSize && float64(sum+count[row]) <= share*float64(len(tr.sp.Index)) {
		sum += count[row]
		row++
	}
	n := len(tr.sp.Start) - 1
	tr.mid = make([]int, n)
	for k := range n {
		m := tr.sp.Start[k]
		for m < tr.sp.Start[k+1] && int(tr.sp.Index[m]) < row {
			m++
		}
		tr.mid[k] = m
	}
}

// drawBatch draws the mini-batch into batch[b] and splits it between the
// parts so that both get about as many nonzero pixels.
func (tr *trainer) drawBatch(b int) {
	batch := tr.batch[b]
	total := 0
	for r := range batch {
		k := tr.rng.IntN(len(tr.labels))
		batch[r] = k
		total += tr.sp.Start[k+1] - tr.sp.Start[k]
	}
	sum, split := 0, 0
	for split < len(batch) && 2*sum < total {
		k := batch[split]
		sum += tr.sp.Start[k+1] - tr.sp.Start[k]
		split++
	}
	tr.split[b] = split
}

// touch reads part's share of the pixels of batch b's images, one load per
// cache line, so that the next step finds them in the cache: the loads
// overlap here, while in the kernels each image's cache misses would stall
// in turn.
func (tr *trainer) touch(b, part int) {
	batch := tr.batch[b]
	if part == 0 {
		batch = batch[:tr.split[b]]
	} else {
		batch = batch[tr.split[b]:]
	}
	sum := uint16(0)
	for _, k := range batch {
		for j := tr.sp.Start[k]; j < tr.sp.Start[k+1]; j += 16 {
			sum += tr.sp.Index[j] + uint16(tr.sp.Value[j])
		}
		sum += uint16(tr.mid[k] + tr.labels[k])
	}
	tr.touched[part] += sum
}

// forwardBackward is the first phase of a step: the forward and backward
// passes of part's share of the batch, leaving each image's da1 in act.
// Part 0 also draws the next batch.
func (tr *trainer) forwardBackward(part int) {
	batch, split := tr.batch[tr.cur], tr.split[tr.cur]
	lo, hi := 0, split
	if part == 1 {
		lo, hi = split, len(batch)
	}
	if part == 0 {
		tr.drawBatch(tr.cur ^ 1)
	}
	s := tr.parts[part]
	s.clear()
	p, hs := tr.p, tr.p.hs
	for r := lo; r < hi; r++ {
		k := batch[r]
		idx, val := tr.sp.Image(k)
		a := tr.act[r*hs : (r+1)*hs]
		tr.kern.gather(a, p.b1, p.w1, idx, val)
		tr.loss[r] = tr.kern.backprop(p, a, tr.labels[k], tr.invBatch, s)
	}
}

// updateParams is the second phase of a step: part 0 updates the rows of W1
// before the split and everything else, part 1 the rows of W1 from the
// split on; each touches its share of the next batch.
func (tr *trainer) updateParams(part int) {
	batch := tr.batch[tr.cur]
	if part == 0 {
		tr.updateSmall()
	}
	tr.touch(tr.cur^1, part)
	hs := tr.p.hs
	for r, k := range batch {
		lo, hi := tr.sp.Start[k], tr.sp.Start[k+1]
		if part == 0 {
			hi = tr.mid[k]
		} else {
			lo = tr.mid[k]
		}
		tr.kern.scatter(tr.p.w1, tr.sp.Index[lo:hi], tr.sp.Value[lo:hi], -tr.lr, tr.act[r*hs:(r+1)*hs])
	}
}

// updateSmall updates W2, b2 and b1 from both parts' sums and adds up the
// step's loss.
func (tr *trainer) updateSmall() {
	p, s0, s1 := tr.p, tr.parts[0], tr.parts[1]
	lr := tr.lr
	for j := range p.hid {
		for k := range p.out {
			w := p.w2[j*p.os+k] - lr*(s0.gw2[j*p.os+k]+s1.gw2[j*p.os+k])
			p.w2[j*p.os+k] = w
			p.w2t[k*p.hs+j] = w
		}
		p.b1[j] -= lr * (s0.gb1[j] + s1.gb1[j])
	}
	for k := range p.out {
		p.b2[k] -= lr * (s0.gb2[k] + s1.gb2[k])
	}
	sum := 0.0
	for _, l := range tr.loss {
		sum += l
	}
	tr.stepLoss = sum / float64(len(tr.loss))
}

// accuracy returns the fraction of s's images that the network gets right,
// each part doing half of them.
func (tr *trainer) accuracy(s *mnist.Set) float64 {
	if s.N == 0 {
		return 0
	}
	sp := s.Sparse()
	var right [2]int
	tr.team.run(func(part int) {
		lo, hi := 0, s.N/2
		if part == 1 {
			lo, hi = s.N/2, s.N
		}
		a := make([]float32, tr.p.hs)
		n := 0
		for k := lo; k < hi; k++ {
			idx, val := sp.Image(k)
			tr.kern.gather(a, tr.p.b1, tr.p.w1, idx, val)
			if tr.kern.predict(tr.p, a) == s.Labels[k] {
				n++
			}
		}
		right[part] = n
	})
	return float64(right[0]+right[1]) / float64(s.N)
}

// newParams32 rounds p to float32, padding hidden vectors to a multiple of
// lanes.
func newParams32(p *Params, lanes int) *params32 {
	in, hid, out := p.Sizes()
	hs := (hid + lanes - 1) / lanes * lanes
	os := (out + lanes - 1) / lanes * lanes
	q := &params32{
		in: in, hid: hid, out: out, hs: hs, os: os,
		w1:  make([]float32, in*hs),
		b1:  make([]float32, hs),
		w2:  make([]float32, hid*os),
		w2t: make([]float32, out*hs),
		b2:  make([]float32, os),
	}
	for i := range in {
		for j := range hid {
			q.w1[i*hs+j] = float32(p.W1.At(i, j))
		}
	}
	for j := range hid {
		q.b1[j] = float32(p.B1[j])
		for k := range out {
			w := float32(p.W2.At(j, k))
			q.w2[j*os+k] = w
			q.w2t[k*hs+j] = w
		}
	}
	for k := range out {
		q.b2[k] = float32(p.B2[k])
	}
	return q
}

// store writes q's values into p.
func (q *params32) store(p *Params) {
	for i := range q.in {
		for j := range q.hid {
			p.W1.Set(i, j, float64(q.w1[i*q.hs+j]))
		}
	}
	for j := range q.hid {
		p.B1[j] = float64(q.b1[j])
		for k := range q.out {
			p.W2.Set(j, k, float64(q.w2[j*q.os+k]))
		}
	}
	for k := range q.out {
		p.B2[k] = float64(q.b2[k])
	}
}
