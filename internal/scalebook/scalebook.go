// Package scalebook writes generated books of any number of chapters, for
// the scale benchmark of package main (BenchmarkScale): how the time of a
// build and the bytes of the site and of _tally/ grow with the book.
//
// Each chapter is shaped like the chapter tally init writes: one snippet
// that draws numbers with a seeded generator, publishes two values and a
// histogram with package figures (so that its program links gonum and
// plot), an output block, and claims; and it has parameters, so that its
// page re-runs it in the browser. The chapters differ in their seed and
// in a function of their own, so that each is a program of its own. The
// claims are computed here from the same closed forms, so the book passes
// tally test.
package scalebook

import (
	"fmt"
	"os"
	"path/filepath"
)

// Chapter returns chapter i (from 1) of a generated book.
func Chapter(i int) []byte {
	k := 10 + i // the chapter's parameter
	sum := k * (k + 1) / 2
	return fmt.Appendf(nil, `---
title: Chapter %[1]d
params:
  k: {value: %[2]d, min: 1, max: 1000}
  n: {value: 500, min: 10, max: 5000, log: true}
---
# Chapter %[1]d

`+"```go"+`
func triangle%[1]d(k int) int {
	s := 0
	for j := 1; j <= k; j++ {
		s += j
	}
	return s
}
`+"```"+`

`+"```go"+`
rng := rand.New(rand.NewPCG(%[1]d, 1))
xs := make([]float64, n)
for j := range xs {
	xs[j] = rng.NormFloat64()
}
book.Publish("sum", triangle%[1]d(k))
book.Publish("mean", stat.Mean(xs, nil))
fmt.Println(triangle%[1]d(k))
p := figures.New("Draws", "x", "count")
h, err := plotter.NewHist(plotter.Values(xs), 20)
if err != nil {
	panic(err)
}
p.Add(h)
figures.Publish("draws", p, "The draws.", "A histogram around 0.")
`+"```"+`

`+"```output"+`
%[3]d
`+"```"+`

The first %[2]d<!--=k--> whole numbers add up to %[3]d<!--=sum-->, and the
mean of the draws is 0<!--=mean ±0.5-->, give or take.
`, i, k, sum)
}

// Write writes chapters/01-c1.md … chapters/NN-cN.md into dir.
func Write(dir string, n int) error {
	ch := filepath.Join(dir, "chapters")
	if err := os.MkdirAll(ch, 0o755); err != nil {
		return err
	}
	for i := 1; i <= n; i++ {
		name := filepath.Join(ch, fmt.Sprintf("%02d-c%d.md", i, i))
		if err := os.WriteFile(name, Chapter(i), 0o644); err != nil {
			return err
		}
	}
	return nil
}
