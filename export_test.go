package main

import (
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the want files of testdata/*.txtar")

// TestExport exports the book of each testdata/export_FORMAT.txtar and
// compares every file written with its want/FILE (figures by name only).
func TestExport(t *testing.T) {
	files, _ := filepath.Glob("testdata/export_*.txtar")
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	for _, file := range files {
		format := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(file), "export_"), ".txtar")
		t.Run(format, func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			in, out := t.TempDir(), t.TempDir()
			want := map[string]string{}
			bookDir := ""
			var kept []txtar.File
			for _, f := range ar.Files {
				if name, ok := strings.CutPrefix(f.Name, "want/"); ok {
					want[name] = string(f.Data)
					continue
				}
				kept = append(kept, f)
				p := filepath.Join(in, f.Name)
				bookDir = filepath.Dir(p)
				os.MkdirAll(bookDir, 0o755)
				if err := os.WriteFile(p, f.Data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			code, stdout, stderr := tally(t, "export", "-format", format, "-out", out, bookDir)
			if code != 0 {
				t.Fatalf("tally export = %d\n%s%s", code, stdout, stderr)
			}
			got := map[string]string{}
			filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				rel, _ := filepath.Rel(out, p)
				rel = filepath.ToSlash(rel)
				if strings.HasSuffix(rel, ".png") {
					got[rel] = "(figure)\n"
					return nil
				}
				b, err := os.ReadFile(p)
				got[rel] = string(b)
				return err
			})
			if *update {
				names := make([]string, 0, len(got))
				for n := range got {
					names = append(names, n)
				}
				sort.Strings(names)
				for _, n := range names {
					kept = append(kept, txtar.File{Name: "want/" + n, Data: []byte(got[n])})
				}
				ar.Files = kept
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			for n, w := range want {
				if got[n] != w {
					t.Errorf("%s:\n%s\nwant:\n%s", n, got[n], w)
				}
			}
			for n := range got {
				if _, ok := want[n]; !ok {
					t.Errorf("unexpected file %s", n)
				}
			}
			// The front matter goes out byte for byte.
			for _, f := range kept {
				src := string(f.Data)
				fm := src[:strings.Index(src[3:], src[:3])+6]
				for n, g := range got {
					if strings.HasSuffix(n, ".md") && !strings.HasPrefix(g, fm) {
						t.Errorf("%s does not start with the front matter of %s", n, f.Name)
					}
				}
			}
		})
	}
}
