package site

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
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
			entries, _ := filepath.Glob(filepath.Join(cache, "wasm", "*.js"))
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
}
