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
