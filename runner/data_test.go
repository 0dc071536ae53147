package runner

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tally-book/tally/runner/chapter"
)

// TestDataFiles resolves a chapter's data: entries on disk, and says
// which one is no file, at the chapter; a bad name is an error at the
// key's line when the chapter is read.
func TestDataFiles(t *testing.T) {
	root := moduleRoot(t)
	r, err := New(Config{Root: root, Work: filepath.Join(root, "_tally", "test", "data")})
	if err != nil {
		t.Fatal(err)
	}
	b := chapter.NewBook(map[string][]byte{"chapters/01-a.md": []byte("---\ndata: [go.mod, golang.org/x/tools//go.mod]\n---\n# A\n")})
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
	b = chapter.NewBook(map[string][]byte{"chapters/01-a.md": []byte("---\ndata: [testdata/none.csv]\n---\n# A\n")})
	if _, err := r.DataFiles(b.Chapters[0]); err == nil || !strings.HasPrefix(err.Error(), "chapters/01-a.md: data: testdata/none.csv: no such file") {
		t.Errorf("a missing file: %v", err)
	}
	b = chapter.NewBook(map[string][]byte{"chapters/01-a.md": []byte("---\ntitle: A\ndata: [../secret]\n---\n# A\n")})
	if errs := b.Errors[b.Chapters[0]]; len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), "chapters/01-a.md:3: data: not a data file name: \"../secret\"") {
		t.Errorf("a bad name: %v", errs)
	}
}
