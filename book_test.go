package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"testing"
	"time"

	"github.com/tally-book/tally/runner"
)

// TestBook verifies the book: every chapter under chapters/ runs, and every
// claim of its prose and every expected output holds. Each chapter is a
// subtest, and each claim a subtest of it, so go test -run 'Book/02' checks
// one chapter. Runs come from the cache in _tally/ when the code did not
// change.
func TestBook(t *testing.T) {
	b, err := runner.LoadBook("chapters")
	if err != nil {
		t.Fatal(err)
	}
	r, err := runner.New(runner.Config{})
	if err != nil {
		t.Fatal(err)
	}
	runs := map[*runner.Chapter]*runner.ChapterResult{}
	for _, ch := range b.Chapters {
		t.Run(ch.Slug, func(t *testing.T) {
			res := r.Run(context.Background(), b, ch)
			runs[ch] = res
			t.Logf("%s: %s, %.2fs", ch.Path, res.Cache, res.Elapsed)
			for _, e := range res.Errors {
				t.Error(e)
			}
			for _, c := range res.Claims {
				t.Run(fmt.Sprintf("line%d_%s", c.Line, c.Ref), func(t *testing.T) {
					if c.Status != "pass" {
						t.Errorf("%s:%d: %s", ch.Path, c.Line, c.Message)
					}
				})
			}
			for _, s := range res.Snippets {
				if s.Output == nil {
					continue
				}
				t.Run(fmt.Sprintf("line%d_output", s.Output.Line), func(t *testing.T) {
					if s.Output.Status != "pass" {
						t.Errorf("%s:%d: %s", ch.Path, s.Output.Line, s.Output.Message)
					}
				})
			}
		})
	}
	// Translations: their claims against the values of their source's run.
	for _, tr := range b.Translations {
		t.Run(tr.Lang+"/"+tr.Ch.Slug, func(t *testing.T) {
			src := runs[tr.Source]
			if src == nil {
				if tr.Source == nil {
					t.Fatal(b.Errors[tr.Ch])
				}
				t.Skip("source chapter not run (filtered out by -run)")
			}
			res := runner.CheckTranslation(tr, src)
			for _, e := range append(b.Errors[tr.Ch], res.Errors...) {
				t.Error(e)
			}
			for _, u := range res.Unchecked {
				t.Logf("%s:%d: %s reads like the source's claim of %s but carries no check", tr.Ch.Path, u.Line, u.Text, u.Ref)
			}
			for _, s := range res.Stale {
				t.Logf("%s:%d: stale: %s", tr.Ch.Path, s.Line, s.Reason)
			}
			for _, c := range res.Claims {
				t.Run(fmt.Sprintf("line%d_%s", c.Line, c.Ref), func(t *testing.T) {
					if c.Status != "pass" {
						t.Errorf("%s:%d: %s", tr.Ch.Path, c.Line, c.Message)
					}
				})
			}
		})
	}
}

// BenchmarkBookCold measures a build of the whole book with the runner's
// cache ignored and Go's build cache warm: generate, build, vet and run
// every chapter. Target: under 30 s.
func BenchmarkBookCold(b *testing.B) {
	book, err := runner.LoadBook("chapters")
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
	book, err := runner.LoadBook("chapters")
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
