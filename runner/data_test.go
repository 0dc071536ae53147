package runner

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckDataName takes module-relative paths and MODULE//PATH names,
// and refuses what could leave the module or the module's folder.
func TestCheckDataName(t *testing.T) {
	for name, ok := range map[string]bool{
		"testdata/x.csv":                   true,
		"x.csv":                            true,
		"example.com/data//train/x.csv.gz": true,
		"":                                 false,
		"/etc/passwd":                      false,
		"../x.csv":                         false,
		"testdata/../../x":                 false,
		"testdata/./x":                     false,
		"testdata//":                       false,
		"//x":                              false,
		"example.com/data//../x":           false,
		`testdata\x.csv`:                   false,
		"c:/x":                             false,
	} {
		err := CheckDataName(name)
		if (err == nil) != ok || err != nil && !errors.Is(err, ErrDataName) {
			t.Errorf("CheckDataName(%q) = %v, want ok %v", name, err, ok)
		}
	}
}

// TestDataFiles resolves a chapter's data: entries on disk, and says
// which one is no file, at the chapter; a bad name is an error at the
// key's line when the chapter is read.
func TestDataFiles(t *testing.T) {
	root := moduleRoot(t)
	r, err := New(Config{Root: root, Work: filepath.Join(root, "_tally", "test", "data")})
	if err != nil {
		t.Fatal(err)
	}
	b := NewBook(map[string][]byte{"chapters/01-a.md": []byte("---\ndata: [go.mod, golang.org/x/tools//go.mod]\n---\n# A\n")})
	files, err := r.DataFiles(b.Chapters[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 2 || files[0].Path != filepath.Join(root, "go.mod") ||
		!strings.Contains(files[1].Path, filepath.Join("golang.org", "x", "tools@")) || filepath.Base(files[1].Path) != "go.mod" {
		t.Errorf("files = %+v", files)
	}
	if fi, _ := os.Stat(files[0].Path); fi == nil || files[0].Size != fi.Size() {
		t.Errorf("size %d", files[0].Size)
	}
	b = NewBook(map[string][]byte{"chapters/01-a.md": []byte("---\ndata: [testdata/none.csv]\n---\n# A\n")})
	if _, err := r.DataFiles(b.Chapters[0]); err == nil || !strings.HasPrefix(err.Error(), "chapters/01-a.md: data: testdata/none.csv: no such file") {
		t.Errorf("a missing file: %v", err)
	}
	b = NewBook(map[string][]byte{"chapters/01-a.md": []byte("---\ntitle: A\ndata: [../secret]\n---\n# A\n")})
	if errs := b.Errors[b.Chapters[0]]; len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), "chapters/01-a.md:3: data: not a data file name: \"../secret\"") {
		t.Errorf("a bad name: %v", errs)
	}
}
