package runner

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
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
