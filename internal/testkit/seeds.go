package testkit

import (
	"os"
	"path/filepath"
	"testing"
)

// SeedTexts returns the seeds of the fuzz tests of tally's parsers: the
// chapters of the book (both editions) and the chapters of the runner's
// txtar fixtures, found from the module root above the test's folder.
func SeedTexts(f *testing.F) []string {
	f.Helper()
	root := ModuleRoot(f)
	var files []string
	for _, pat := range []string{"chapters/*.md", "chapters/ko/*.md", "runner/testdata/*.txtar"} {
		m, err := filepath.Glob(filepath.Join(root, pat))
		if err != nil {
			f.Fatal(err)
		}
		files = append(files, m...)
	}
	var out []string
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, string(b))
	}
	if len(out) == 0 {
		f.Fatal("no seed chapters")
	}
	return out
}

// ModuleRoot returns the folder of tally's go.mod: the test's folder or
// the nearest one above it that has one.
func ModuleRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		up := filepath.Dir(dir)
		if up == dir {
			t.Fatal("testkit: no go.mod above the test's folder")
		}
		dir = up
	}
}
