package site

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/tally-book/tally/internal/testkit"
	"golang.org/x/tools/txtar"
)

// TestGolden builds the site of each testdata/*.txtar and compares its
// pages with the archive's want/ files; -update rewrites them.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			f := loadFixture(t, name)
			if len(f.want) == 0 && !testkit.Update() {
				t.Skip("no want/ files")
			}
			out, err := f.build(t)
			if err != nil && !f.opts.KeepGoing {
				t.Fatalf("Build: %v", err)
			}
			got := builtPages(t, out)
			if testkit.Update() {
				writeGolden(t, f, got)
				return
			}
			for name, want := range f.want {
				g, ok := got[name]
				if !ok {
					t.Errorf("%s: not built", name)
					continue
				}
				if !bytes.Equal(g, want) {
					t.Errorf("%s differs from %s (go test ./site -run TestGolden -update rewrites it):\n%s", name, file, testkit.Diff(string(want), string(g)))
				}
			}
			for name := range got {
				if _, ok := f.want[name]; !ok {
					t.Errorf("%s: built, but %s has no want/%s", name, file, name)
				}
			}
		})
	}
}

// builtPages returns the HTML pages of a built site by their path in it,
// such as index.html and ko/01-losses.html.
func builtPages(t *testing.T, out string) map[string][]byte {
	t.Helper()
	got := map[string][]byte{}
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".html" {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		got[filepath.ToSlash(rel)] = data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// writeGolden replaces the want/ files of the fixture's archive.
func writeGolden(t *testing.T, f *fixture, got map[string][]byte) {
	t.Helper()
	var files []txtar.File
	for _, af := range f.arch.Files {
		if !strings.HasPrefix(af.Name, "want/") {
			files = append(files, af)
		}
	}
	names := make([]string, 0, len(got))
	for n := range got {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		files = append(files, txtar.File{Name: "want/" + n, Data: got[n]})
	}
	f.arch.Files = files
	if err := os.WriteFile(f.file, txtar.Format(f.arch), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s", f.file)
}
