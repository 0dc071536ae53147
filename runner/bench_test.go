package runner

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// BenchmarkWarmRun measures a chapter whose cache is warm: parse, key,
// read the cache, check the claims. Target: under 50 ms.
func BenchmarkWarmRun(b *testing.B) {
	root := moduleRoot(b)
	r, err := New(Config{Root: root, Work: filepath.Join(root, "_tally", "bench")})
	if err != nil {
		b.Fatal(err)
	}
	runOnce(b, r, cacheChapter)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if res := runOnce(b, r, cacheChapter); res.Cache != "hit" {
			b.Fatalf("cache %s", res.Cache)
		}
	}
}

// BenchmarkProseEdit measures a rebuild after a prose-only edit: it must
// hit the cache and never build.
func BenchmarkProseEdit(b *testing.B) {
	root := moduleRoot(b)
	r, err := New(Config{Root: root, Work: filepath.Join(root, "_tally", "bench")})
	if err != nil {
		b.Fatal(err)
	}
	runOnce(b, r, cacheChapter)
	builds := r.builds.Load()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		src := strings.Replace(cacheChapter, "# Cache\n", fmt.Sprintf("# Cache\n\nEdit %d.\n", i), 1)
		if res := runOnce(b, r, src); res.Cache != "hit" {
			b.Fatalf("cache %s", res.Cache)
		}
	}
	if r.builds.Load() != builds {
		b.Fatalf("a prose edit built the program")
	}
}

// BenchmarkColdRun measures the per-chapter overhead of a run that ignores
// the cache (generate, build with Go's build cache warm, vet, start).
// Target: under 1 s.
func BenchmarkColdRun(b *testing.B) {
	root := moduleRoot(b)
	r, err := New(Config{Root: root, Work: filepath.Join(root, "_tally", "bench"), Force: true})
	if err != nil {
		b.Fatal(err)
	}
	runOnce(b, r, cacheChapter) // warm Go's build cache
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// New code each time, so the program is compiled and linked anew.
		src := strings.Replace(cacheChapter, "s := 0", fmt.Sprintf("s := %d - %d", i, i), 1)
		runOnce(b, r, src)
	}
}

// BenchmarkUnpackProgram measures what keeping a chapter's program packed
// in its gen folder (prog-KEY.gz) costs each run: unpacking it, with its
// SHA-256, and packing it after each build. It reports the sizes of the
// program unpacked and packed (bin-MB, packed-MB) and the time of one
// pack (pack-s).
func BenchmarkUnpackProgram(b *testing.B) {
	root := moduleRoot(b)
	work := filepath.Join(root, "_tally", "bench-unpack")
	r, err := New(Config{Root: root, Work: work})
	if err != nil {
		b.Fatal(err)
	}
	// A figure, so that the program links plot and its fonts, as a
	// book's chapters do.
	runOnce(b, r, figureChapter)
	packed := packedIn(b, filepath.Join(work, "gen", "c"))
	bin := filepath.Join(b.TempDir(), "prog"+exeSuffix)
	var sum string
	for b.Loop() {
		if sum = unpackProgram(packed, bin); sum == "" {
			b.Fatal("unpack failed")
		}
	}
	b.StopTimer()
	if sum != fileSum(bin) {
		b.Fatal("the unpacked program does not match its sum")
	}
	start := time.Now()
	if err := packProgram(bin, filepath.Join(b.TempDir(), "prog.gz")); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(time.Since(start).Seconds(), "pack-s")
	b.ReportMetric(float64(fileSize(b, bin))/1e6, "bin-MB")
	b.ReportMetric(float64(fileSize(b, packed))/1e6, "packed-MB")
}

func fileSize(b *testing.B, name string) int64 {
	b.Helper()
	fi, err := os.Stat(name)
	if err != nil {
		b.Fatal(err)
	}
	return fi.Size()
}
