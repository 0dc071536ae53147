package katexdist

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// TestMatchesNodeModules checks that the embedded copy is the KaTeX that
// package-lock.json pins, file for file, when npm ci has installed it.
func TestMatchesNodeModules(t *testing.T) {
	pkg := filepath.Join("..", "..", "node_modules", "katex")
	if _, err := os.Stat(filepath.Join(pkg, "package.json")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no node_modules/katex (%v): CI runs npm ci to check the embedded copy", err)
		}
		t.Skip("no node_modules/katex (npm ci at the module root installs it)")
	}
	var lock struct {
		Packages map[string]struct {
			Version string `json:"version"`
		} `json:"packages"`
	}
	data, err := os.ReadFile(filepath.Join("..", "..", "package-lock.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &lock); err != nil {
		t.Fatal(err)
	}
	if pinned := lock.Packages["node_modules/katex"].Version; pinned != Version {
		t.Errorf("embedded KaTeX %s, package-lock.json pins %s: run go generate ./internal/katexdist", Version, pinned)
	}

	want := map[string]string{
		"katex.min.js":  filepath.Join(pkg, "dist", "katex.min.js"),
		"katex.min.css": filepath.Join(pkg, "dist", "katex.min.css"),
		"LICENSE":       filepath.Join(pkg, "LICENSE"),
	}
	fonts, _ := filepath.Glob(filepath.Join(pkg, "dist", "fonts", "*.woff2"))
	for _, f := range fonts {
		want["fonts/"+filepath.Base(f)] = f
	}
	var got []string
	err = fs.WalkDir(FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			got = append(got, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(got)
	for _, name := range got {
		src, ok := want[name]
		if !ok {
			t.Errorf("%s is embedded but node_modules/katex has no such file", name)
			continue
		}
		delete(want, name)
		a, _ := FS.ReadFile(name)
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs from %s: run go generate ./internal/katexdist", name, src)
		}
	}
	for name := range want {
		t.Errorf("%s is missing from the embedded copy: run go generate ./internal/katexdist", name)
	}
}

// TestFiles checks that the files package site reads are there, whether or
// not node_modules is.
func TestFiles(t *testing.T) {
	for _, name := range []string{"katex.min.js", "katex.min.css", "LICENSE", "fonts/KaTeX_Main-Regular.woff2"} {
		if b, err := FS.ReadFile(name); err != nil || len(b) == 0 {
			t.Errorf("%s: %d bytes, %v", name, len(b), err)
		}
	}
}
