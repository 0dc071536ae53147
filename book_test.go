package main

import (
	"context"
	"io"
	"path/filepath"
	"testing"
	"time"

	"github.com/tally-book/tally/runner"
	"github.com/tally-book/tally/runner/chapter"
	"github.com/tally-book/tally/tallytest"
)

// TestBook verifies the book: every chapter under chapters/ runs, and every
// claim of its prose and every expected output holds, with the subtests
// that tallytest.Book gives any book (go test -run 'Book/02' checks one
// chapter). Runs come from the cache in _tally/ when the code did not
// change.
func TestBook(t *testing.T) { tallytest.Book(t, "chapters") }

// BenchmarkBookCold measures a build of the whole book with the runner's
// cache ignored and Go's build cache warm: generate, build, vet and run
// every chapter. Target: under 30 s.
func BenchmarkBookCold(b *testing.B) {
	book, err := chapter.LoadBook("chapters")
	if err != nil {
		b.Fatal(err)
	}
	r, err := runner.New(runner.Config{Force: true})
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		res := r.RunBook(context.Background(), book)
		for _, ch := range res.Chapters {
			if !ch.OK() {
				b.Fatalf("%s: %v", ch.Path, ch.Problems())
			}
		}
	}
}

// BenchmarkBookWarm measures the same build when every chapter comes from
// the cache, as after a prose edit.
func BenchmarkBookWarm(b *testing.B) {
	book, err := chapter.LoadBook("chapters")
	if err != nil {
		b.Fatal(err)
	}
	r, err := runner.New(runner.Config{})
	if err != nil {
		b.Fatal(err)
	}
	r.RunBook(context.Background(), book)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, ch := range r.RunBook(context.Background(), book).Chapters {
			if ch.Cache != "hit" {
				b.Fatalf("%s: cache %s", ch.Path, ch.Cache)
			}
		}
	}
}

// BenchmarkBuild measures tally build of the whole book, site included,
// into a fresh folder: "forced" runs every chapter again (-force, with
// Go's build cache warm), "warm" takes every run from the cache, as a
// build after a prose edit does. Target: warm ≤ 0.05 × forced.
func BenchmarkBuild(b *testing.B) {
	for _, force := range []bool{true, false} {
		name := "warm"
		if force {
			name = "forced"
		}
		b.Run(name, func(b *testing.B) {
			c := &common{force: force, quiet: true, timeout: 10 * time.Minute}
			out := filepath.Join(b.TempDir(), "site")
			if err := build(context.Background(), &common{quiet: true, timeout: 10 * time.Minute}, "chapters", out, false, true, io.Discard, io.Discard); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if err := build(context.Background(), c, "chapters", out, false, true, io.Discard, io.Discard); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
