package site

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tally-book/tally/internal/testkit"
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
			return name + " differs:\n" + testkit.Diff(string(w), string(g))
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			return name + " is new"
		}
	}
	return ""
}

// TestWasmCache wants the same program script from the cache as without
// it; a cached script that was truncated, or changed in one character
// with its size kept, made again; a changed program written anew and the
// old entry removed; and a program that is not the one the runner built
// (its SHA-256 differs) refused.
func TestWasmCache(t *testing.T) {
	dir := t.TempDir()
	prog := filepath.Join(dir, "prog.wasm")
	w := writeProgram(t, prog, "\x00asm first program")
	files := func(cache string) []byte {
		t.Helper()
		f, err := wasmFiles(cache, w)
		if err != nil {
			t.Fatal(err)
		}
		if (f.path != "") != (cache != "") {
			t.Fatalf("cache %q, file in %q", cache, f.path)
		}
		if f.path == "" {
			return f.data
		}
		b, err := os.ReadFile(f.path)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	wantJS := files("")
	name, gz, sum := unscript(t, wantJS)
	if unz := gunzip(t, gz); unz != "\x00asm first program" || name != w.Name() || sum != "" {
		t.Fatalf("the script of %q (sum %q): the program, unpacked: %q", name, sum, unz)
	}
	cache := filepath.Join(dir, "cache")
	spoil := map[string]func([]byte) []byte{
		"truncated":   func(b []byte) []byte { return b[:len(b)-3] },
		"extended":    func(b []byte) []byte { return append(b, "alert(1);\n"...) },
		"one changed": func(b []byte) []byte { b = bytes.Clone(b); b[len(b)-6] ^= 1; return b },
	}
	for _, step := range []string{"fill the cache", "from the cache", "truncated", "extended", "one changed"} {
		if f := spoil[step]; f != nil {
			entries, _ := filepath.Glob(filepath.Join(cache, "wasm", "*", "program.js"))
			if len(entries) != 1 {
				t.Fatalf("%d entries, want 1", len(entries))
			}
			b, err := os.ReadFile(entries[0])
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(entries[0], f(b), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if js := files(cache); !bytes.Equal(js, wantJS) {
			t.Fatalf("%s: %q, want %q", step, js, wantJS)
		}
	}
	w2 := writeProgram(t, prog, "\x00asm second program, longer")
	f, err := wasmFiles(cache, w2)
	if err != nil {
		t.Fatal(err)
	}
	js, err := os.ReadFile(f.path)
	if err != nil {
		t.Fatal(err)
	}
	if _, gz, _ := unscript(t, js); gunzip(t, gz) != "\x00asm second program, longer" {
		t.Fatalf("a changed program: %q", gz)
	}
	if entries, _ := filepath.Glob(filepath.Join(cache, "wasm", "*")); len(entries) != 1 {
		t.Errorf("the cache keeps %d programs, want only the newest: %q", len(entries), entries)
	}
	// The runner's program changed after it was built: not shipped.
	if err := os.WriteFile(prog, []byte("\x00asm second program, LONGER"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := wasmFiles(t.TempDir(), w2); err == nil || !strings.Contains(err.Error(), "tally build -force") {
		t.Errorf("a damaged program: error %v, want one that says to build with -force", err)
	}
}

// TestByteScript wants every byte to come back from a byte script as the
// page reads it, the script to be about as long as the data (not a third
// longer, as base64), and no line break or unescaped quote inside the
// string.
func TestByteScript(t *testing.T) {
	for _, tc := range []struct {
		name, sum string
		data      []byte
	}{
		{"wasm/book-0123456789abcdef", "", nil},
		{"wasm/book-0123456789abcdef", "", bytes.Repeat([]byte{'"', '\\', '\n', '\r', 0, 0x80, 0xff, 'a'}, 3)},
		{"data/example.com/m/data/x.gz", strings.Repeat("ab", 32), func() []byte {
			b := make([]byte, 256*40)
			for i := range b {
				b[i] = byte(i * 7)
			}
			return b
		}()},
	} {
		js := byteScript(tc.name, tc.data, tc.sum)
		name, data, sum := unscript(t, js)
		if name != tc.name || !bytes.Equal(data, tc.data) || sum != tc.sum {
			t.Errorf("byteScript(%q, %d bytes, %q) reads back as %q, %d bytes, %q", tc.name, len(tc.data), tc.sum, name, len(data), sum)
		}
		if body := js[:len(js)-1]; bytes.ContainsAny(body, "\n\r") {
			t.Errorf("byteScript(%q): a line break inside the statement", tc.name)
		}
		if over := len(js) - len(tc.data); len(tc.data) >= 256*40 && over > len(tc.data)/50+100 {
			t.Errorf("byteScript(%q): %d bytes for %d, want at most 2%% more", tc.name, len(js), len(tc.data))
		}
	}
}

// unscript reads a byte script as rerun-wasm.js does over http(s): its
// name, the bytes of its string and the SHA-256 after them, if any.
func unscript(t *testing.T, js []byte) (name string, data []byte, sum string) {
	t.Helper()
	rest, ok := bytes.CutPrefix(js, []byte("tallyWasmData("))
	if !ok {
		t.Fatalf("not a byte script: %.40q", js)
	}
	i := bytes.Index(rest, []byte(`,"`))
	if i < 0 {
		t.Fatalf("no string in %.60q", js)
	}
	name, err := strconv.Unquote(string(rest[:i]))
	if err != nil {
		t.Fatal(err)
	}
	rest = rest[i+2:]
	data = []byte{}
	for i = 0; i < len(rest) && rest[i] != '"'; i++ {
		b := rest[i]
		if b == '\\' {
			i++
			b = map[byte]byte{'n': '\n', 'r': '\r', '"': '"', '\\': '\\'}[rest[i]]
		}
		data = append(data, b)
	}
	tail := string(rest[i+1:])
	if s, ok := strings.CutPrefix(tail, `,"`); ok {
		sum, tail, _ = strings.Cut(s, `"`)
	}
	if tail != ");\n" {
		t.Fatalf("the script ends in %q", tail)
	}
	return name, data, sum
}

// writeProgram writes a program and returns it as the runner would.
func writeProgram(t *testing.T, file, data string) *Wasm {
	t.Helper()
	if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(data))
	return &Wasm{File: file, Sum: hex.EncodeToString(sum[:])}
}

func gunzip(t *testing.T, data []byte) string {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
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
