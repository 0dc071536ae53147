package chapter

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestLoadBookLinks loads a book whose chapters are symbolic links: one
// to a file inside the book is read, one to a file outside it is refused,
// naming the chapter.
func TestLoadBookLinks(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on windows")
	}
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "chapters")
	if err := os.MkdirAll(filepath.Join(dir, "src"), 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name, text string) {
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(dir, "src", "inside.txt"), "# Inside\n\nText.\n")
	write(filepath.Join(tmp, "secret.md"), "# Secret\n\nNot the book's.\n")
	if err := os.Symlink(filepath.Join("src", "inside.txt"), filepath.Join(dir, "01-in.md")); err != nil {
		t.Fatal(err)
	}
	b, err := LoadBook(dir)
	if err != nil {
		t.Fatalf("a link within the book: %v", err)
	}
	if len(b.Chapters) != 1 {
		t.Fatalf("%d chapters, want 1", len(b.Chapters))
	}
	if err := os.Symlink(filepath.Join(tmp, "secret.md"), filepath.Join(dir, "02-out.md")); err != nil {
		t.Fatal(err)
	}
	_, err = LoadBook(dir)
	if err == nil || !strings.Contains(err.Error(), "02-out.md") || !strings.Contains(err.Error(), "escapes") {
		t.Fatalf("a link out of the book: %v, want an error naming 02-out.md", err)
	}
}
