package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tally-book/tally/internal/katexdist"
)

// TestMathCache renders formulas through the cache, then again from it in
// a fresh cache (a later build) without starting KaTeX, and then over
// entries that were truncated, replaced or altered, which must be detected,
// rendered again and written again.
func TestMathCache(t *testing.T) {
	dir := t.TempDir()
	formulas := []struct {
		tex     string
		display bool
	}{{`x^2`, false}, {`x^2`, true}, {`\frac{1}{2}\sum_i (y_i - t_i)^2`, true}, {`\text{손실}`, false}}

	first := newMathCache(newKaTeX(katexdist.FS), dir)
	want := map[string]string{}
	for _, f := range formulas {
		h, err := first.Render(f.tex, f.display)
		if err != nil {
			t.Fatal(err)
		}
		want[first.file(f.tex, f.display)] = h
	}
	if len(want) != len(formulas) {
		t.Fatalf("%d cache files for %d formulas (display mode must be part of the key)", len(want), len(formulas))
	}
	if _, err := first.Render(`\frac{1`, false); err == nil {
		t.Fatal("bad TeX rendered")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != len(formulas) {
		t.Fatalf("%d entries in the cache, want %d (bad TeX is not kept, no temporary file is left)", len(entries), len(formulas))
	}

	again := newMathCache(newKaTeX(katexdist.FS), dir)
	for _, f := range formulas {
		h, err := again.Render(f.tex, f.display)
		if err != nil || h != want[again.file(f.tex, f.display)] {
			t.Fatalf("%q from the cache: %v, %q", f.tex, err, h)
		}
	}
	if again.katex.vm != nil {
		t.Error("KaTeX was started although every formula was in the cache")
	}

	spoil := []struct {
		name string
		edit func(b []byte) []byte
	}{
		{"truncated", func(b []byte) []byte { return b[:len(b)/2] }},
		{"empty", func([]byte) []byte { return nil }},
		{"garbage", func([]byte) []byte { return []byte("\x00\xff not an entry") }},
		{"altered HTML", func(b []byte) []byte { return []byte(strings.Replace(string(b), "katex", "KATEX", 1)) }},
		{"no hash line", func(b []byte) []byte { _, body, _ := strings.Cut(string(b), "\n"); return []byte(body) }},
	}
	for _, s := range spoil {
		t.Run(s.name, func(t *testing.T) {
			f := formulas[2]
			c := newMathCache(newKaTeX(katexdist.FS), dir)
			file := c.file(f.tex, f.display)
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, s.edit(b), 0o644); err != nil {
				t.Fatal(err)
			}
			h, err := c.Render(f.tex, f.display)
			if err != nil || h != want[file] {
				t.Fatalf("a %s entry was used: %v, %q", s.name, err, h)
			}
			if c.katex.vm == nil {
				t.Fatal("KaTeX did not render the formula again")
			}
			if h, ok := readEntry(file); !ok || h != want[file] {
				t.Fatalf("the entry was not written again: %v, %q", ok, h)
			}
		})
	}
}

// TestMathCacheKey wants a different entry for another KaTeX.
func TestMathCacheKey(t *testing.T) {
	dir := t.TempDir()
	k1, k2 := filepath.Join(dir, "k1"), filepath.Join(dir, "k2")
	for i, d := range []string{k1, k2} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		src := []string{`a.version:"0.19.1"`, `a.version:"0.19.2"`}[i]
		if err := os.WriteFile(filepath.Join(d, "katex.min.js"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c1, c2 := newMathCache(newKaTeX(os.DirFS(k1)), dir), newMathCache(newKaTeX(os.DirFS(k2)), dir)
	if f1, f2 := c1.file("x", false), c2.file("x", false); f1 == f2 {
		t.Errorf("KaTeX 0.19.1 and 0.19.2 share the entry %s", f1)
	}
	if !strings.HasPrefix(c1.katexVersion(), "0.19.1+") {
		t.Errorf("version %q, want 0.19.1+HASH", c1.katexVersion())
	}
	if c := newMathCache(newKaTeX(os.DirFS(filepath.Join(dir, "none"))), dir); c.file("x", false) != "" {
		t.Error("a cache file without KaTeX")
	}
}
