package site

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestBuildCache builds a book without a cache, then with one three
// times: filling it, reading it, and reading it after every entry was
// spoiled. Every build must write the same bytes; the cache must hold the
// math and the code, and the spoiled entries must be written again.
func TestBuildCache(t *testing.T) {
	f := loadFixture(t, "book")
	want := siteFiles(t, f.mustBuild(t))
	cache := t.TempDir()
	f.opts.Cache = cache
	entries := func() []string {
		var files []string
		for _, kind := range []string{"math", "code"} {
			list, _ := filepath.Glob(filepath.Join(cache, kind, "*"))
			if len(list) == 0 {
				t.Fatalf("no %s entries in the cache", kind)
			}
			files = append(files, list...)
		}
		return files
	}
	for i, step := range []string{"fill the cache", "from the cache", "over spoiled entries"} {
		if i == 2 {
			for _, e := range entries() {
				b, err := os.ReadFile(e)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(e, b[:len(b)-1], 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
		got := siteFiles(t, f.mustBuild(t))
		if d := diffFiles(want, got); d != "" {
			t.Errorf("%s: the site differs from a build without a cache: %s", step, d)
		}
	}
	for _, e := range entries() {
		if _, ok := readEntry(e); !ok {
			t.Errorf("%s: a spoiled entry was not written again", e)
		}
	}
	// An entry that no build used for longer than cacheKeep goes at the
	// next build; the used ones stay.
	stale := filepath.Join(cache, "math", "0000stale")
	if err := os.WriteFile(stale, []byte("sha256 x\nold"), 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-cacheKeep - time.Hour)
	if err := os.Chtimes(stale, old, old); err != nil {
		t.Fatal(err)
	}
	n := len(entries())
	f.mustBuild(t)
	if _, err := os.Stat(stale); err == nil {
		t.Errorf("a stale entry survived a build")
	}
	if m := len(entries()); m != n-1 {
		t.Errorf("%d entries after the build, want %d", m, n-1)
	}
}

// siteFiles returns every file of a site by its path.
func siteFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		b, err := os.ReadFile(path)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// diffFiles names the first file that two sites do not share byte for
// byte, or returns "".
func diffFiles(want, got map[string][]byte) string {
	for name, w := range want {
		g, ok := got[name]
		if !ok {
			return name + " is missing"
		}
		if !bytes.Equal(g, w) {
			return name + " differs:\n" + diff(g, w)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			return name + " is new"
		}
	}
	return ""
}

// TestWasmScriptCache wants the same wasm/SLUG.js from the cache as
// without it, a truncated or extended entry ignored, and a changed program
// encoded again.
func TestWasmScriptCache(t *testing.T) {
	dir := t.TempDir()
	prog := filepath.Join(dir, "prog.wasm")
	if err := os.WriteFile(prog, []byte("\x00asm first program"), 0o644); err != nil {
		t.Fatal(err)
	}
	script := func(cache string) []byte {
		t.Helper()
		js, cached, err := wasmScript(cache, "01-losses", prog)
		if err != nil {
			t.Fatal(err)
		}
		if (cached != "") != (cache != "") {
			t.Fatalf("cache %q, script in %q", cache, cached)
		}
		if cached != "" {
			if js, err = os.ReadFile(cached); err != nil {
				t.Fatal(err)
			}
		}
		return js
	}
	want := script("")
	if string(want) != `tallyWasmData("01-losses","AGFzbSBmaXJzdCBwcm9ncmFt");`+"\n" {
		t.Fatalf("script %q", want)
	}
	cache := filepath.Join(dir, "cache")
	spoil := map[string]func([]byte) []byte{
		"truncated": func(b []byte) []byte { return b[:len(b)-3] },
		"extended":  func(b []byte) []byte { return append(b, "alert(1);\n"...) },
	}
	for _, step := range []string{"fill the cache", "from the cache", "truncated", "extended"} {
		if f := spoil[step]; f != nil {
			entries, _ := filepath.Glob(filepath.Join(cache, "wasm", "01-losses", "*.js"))
			if len(entries) != 1 {
				t.Fatalf("%d entries, want 1", len(entries))
			}
			if err := os.WriteFile(entries[0], f(want), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if got := script(cache); !bytes.Equal(got, want) {
			t.Fatalf("%s: %q, want %q", step, got, want)
		}
	}
	if err := os.WriteFile(prog, []byte("\x00asm second program, longer"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := script(cache); !bytes.Contains(got, []byte("AGFzbSBzZWNvbmQ")) {
		t.Fatalf("a changed program: %q", got)
	}
	if entries, _ := filepath.Glob(filepath.Join(cache, "wasm", "01-losses", "*")); len(entries) != 1 {
		t.Errorf("the chapter's cache keeps %d scripts, want only the newest: %q", len(entries), entries)
	}
}

// TestDiskCacheSweep wants a sweep to remove the entries that the build
// did not use once they are older than cacheKeep (a killed build's
// temporary files too), keep the younger ones, and mark old used entries
// as used now.
func TestDiskCacheSweep(t *testing.T) {
	now := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		used     bool
		age      time.Duration
		kept     bool
		modified time.Time // the entry's modification time after the sweep, when kept
	}{
		{"used-new", true, time.Hour, true, now.Add(-time.Hour)},
		{"used-old", true, cacheKeep + time.Hour, true, now},
		{"unused-new", false, cacheKeep - time.Hour, true, now.Add(-cacheKeep + time.Hour)},
		{"unused-old", false, cacheKeep + time.Hour, false, time.Time{}},
		{".tmp-killed", false, cacheKeep + time.Hour, false, time.Time{}},
		{".tmp-writing", false, time.Minute, true, now.Add(-time.Minute)},
	}
	c := newDiskCache(t.TempDir())
	for _, tt := range tests {
		file := filepath.Join(c.dir, tt.name)
		if tt.used {
			c.write(file, []byte("<b>x</b>"))
		} else if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(file, now.Add(-tt.age), now.Add(-tt.age)); err != nil {
			t.Fatal(err)
		}
	}
	c.sweep(now)
	for _, tt := range tests {
		info, err := os.Stat(filepath.Join(c.dir, tt.name))
		switch {
		case err != nil && tt.kept:
			t.Errorf("%s: removed, want kept", tt.name)
		case err == nil && !tt.kept:
			t.Errorf("%s: kept, want removed", tt.name)
		case err == nil && !info.ModTime().Equal(tt.modified):
			t.Errorf("%s: modified at %v, want %v", tt.name, info.ModTime(), tt.modified)
		}
	}
	var nilCache *diskCache
	nilCache.sweep(now) // no cache: nothing to do, no panic
}
