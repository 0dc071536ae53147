package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tally-book/tally/internal/scalebook"
)

// BenchmarkScale measures how a book's build grows with its chapters:
// books of 1, 12 and 50 generated chapters (internal/scalebook, each with
// parameters, so that each re-runs in the browser), made with tally init
// outside this module (go.mod replacing tally by this checkout), built
// with tally build from nothing and then again with nothing changed. It
// reports the two times (first-s, warm-s), the bytes of the site and of
// _tally/ (site-MB, tally-MB), and the site's bytes per chapter
// (site-MB/chapter). Run it with -benchtime=1x: one build from nothing is
// the measure.
func BenchmarkScale(b *testing.B) {
	repo, err := os.Getwd()
	if err != nil {
		b.Fatal(err)
	}
	b.Setenv("GOFLAGS", strings.TrimSpace(os.Getenv("GOFLAGS")+" -mod=mod"))
	for _, n := range []int{1, 12, 50} {
		b.Run(fmt.Sprintf("chapters=%d", n), func(b *testing.B) {
			var first, warm time.Duration
			var site, work int64
			for b.Loop() {
				dir := filepath.Join(b.TempDir(), "book")
				if code, o, e := benchTally(b, "init", "-replace", repo, dir); code != 0 {
					b.Fatalf("tally init = %d\n%s%s", code, o, e)
				}
				if err := os.Remove(filepath.Join(dir, "chapters", "01-first.md")); err != nil {
					b.Fatal(err)
				}
				if err := scalebook.Write(dir, n); err != nil {
					b.Fatal(err)
				}
				out := filepath.Join(dir, "_site")
				b.Chdir(dir) // the runner works in the module of the current folder
				start := time.Now()
				if code, o, e := benchTally(b, "build", "-q", "-out", out, dir); code != 0 {
					b.Fatalf("tally build = %d\n%s%s", code, o, e)
				}
				first = time.Since(start)
				start = time.Now()
				if code, o, e := benchTally(b, "build", "-q", "-out", out, dir); code != 0 {
					b.Fatalf("tally build, again = %d\n%s%s", code, o, e)
				}
				warm = time.Since(start)
				site, work = duBytes(b, out), duBytes(b, filepath.Join(dir, "_tally"))
			}
			b.ReportMetric(first.Seconds(), "first-s")
			b.ReportMetric(warm.Seconds(), "warm-s")
			b.ReportMetric(float64(site)/1e6, "site-MB")
			b.ReportMetric(float64(work)/1e6, "tally-MB")
			b.ReportMetric(float64(site)/1e6/float64(n), "site-MB/chapter")
		})
	}
}

func benchTally(b *testing.B, args ...string) (int, string, string) {
	b.Helper()
	var o, e strings.Builder
	code := run(context.Background(), args, &o, &e)
	return code, o.String(), e.String()
}

// duBytes is the size of the regular files under dir.
func duBytes(b *testing.B, dir string) int64 {
	b.Helper()
	var n int64
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			fi, err := d.Info()
			if err != nil {
				return err
			}
			n += fi.Size()
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return n
}
