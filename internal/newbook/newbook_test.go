package newbook

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestNames(t *testing.T) {
	for _, tt := range []struct{ mod, pkg, title string }{
		{"mybook", "mybook", "Mybook"},
		{"example.com/deep-learning", "deeplearning", "Deep learning"},
		{"github.com/a/2024_notes", "notes", "2024 notes"},
		{"example.com/손실", "book", "손실"},
	} {
		if got := packageName(tt.mod); got != tt.pkg {
			t.Errorf("packageName(%q) = %q, want %q", tt.mod, got, tt.pkg)
		}
		if got := title(tt.mod); got != tt.title {
			t.Errorf("title(%q) = %q, want %q", tt.mod, got, tt.title)
		}
	}
}

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	cfg := Config{Module: "example.com/my-book", Version: ZeroVersion, Replace: "/src/tally", Go: "1.26"}
	if err := Write(dir, cfg); err != nil {
		t.Fatal(err)
	}
	mod, _ := os.ReadFile(filepath.Join(dir, "go.mod"))
	want := "module example.com/my-book\n\ngo 1.26\n\nrequire github.com/tally-book/tally " + ZeroVersion +
		"\n\nreplace github.com/tally-book/tally => /src/tally\n"
	if string(mod) != want {
		t.Errorf("go.mod:\n%s\nwant:\n%s", mod, want)
	}
	test, _ := os.ReadFile(filepath.Join(dir, "book_test.go"))
	if !strings.HasPrefix(string(test), "package mybook_test\n") {
		t.Errorf("book_test.go:\n%s", test)
	}
	readme, _ := os.ReadFile(filepath.Join(dir, "README.md"))
	// It says where a book's own fonts go (figures with Hangul, …).
	if !strings.HasPrefix(string(readme), "# My book\n") || !strings.Contains(string(readme), "`chapters/fonts/`") {
		t.Errorf("README.md:\n%s", readme)
	}
	// A second Write refuses, and writes nothing.
	os.Remove(filepath.Join(dir, "README.md"))
	if err := Write(dir, cfg); !errors.Is(err, ErrExists) {
		t.Errorf("second Write: %v, want ErrExists", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "README.md")); err == nil {
		t.Error("a refused Write wrote README.md")
	}
	if err := Write(t.TempDir(), Config{Module: "bad path!", Version: ZeroVersion, Go: "1.26"}); err == nil {
		t.Error("Write accepted a malformed module path")
	}
}

func TestWritePosts(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, ".gitignore"), []byte("_site\n.jekyll-cache"), 0o644)
	os.WriteFile(filepath.Join(dir, "README.md"), []byte("# My blog\n"), 0o644)
	cfg := Config{Module: "blog", Version: ZeroVersion, Go: "1.26", Posts: "_posts"}
	if err := Write(dir, cfg); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(Files(cfg), " "); got != "go.mod .gitignore book_test.go" {
		t.Errorf("Files = %s", got)
	}
	ign, _ := os.ReadFile(filepath.Join(dir, ".gitignore"))
	if string(ign) != "_site\n.jekyll-cache\n# tally's cache of chapter runs\n/_tally/\n" {
		t.Errorf(".gitignore:\n%s", ign)
	}
	test, _ := os.ReadFile(filepath.Join(dir, "book_test.go"))
	if !strings.Contains(string(test), `tallytest.Book(t, "_posts")`) {
		t.Errorf("book_test.go:\n%s", test)
	}
	if readme, _ := os.ReadFile(filepath.Join(dir, "README.md")); string(readme) != "# My blog\n" {
		t.Errorf("the blog's README was touched:\n%s", readme)
	}
	if _, err := os.Stat(filepath.Join(dir, "chapters")); err == nil {
		t.Error("a blog got a chapters folder")
	}
}

// TestWriteBookFile checks that the book file of a new book is valid YAML
// with the title given, quoted, and the module's path in its examples.
func TestWriteBookFile(t *testing.T) {
	dir := t.TempDir()
	cfg := Config{Module: "example.com/notes", Version: ZeroVersion, Go: "1.26", Title: `Notes: "numbers"`}
	if err := Write(dir, cfg); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join(dir, "chapters", "book.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Title, Language string
	}
	if err := yaml.Unmarshal(src, &got); err != nil {
		t.Fatalf("book.yaml: %v\n%s", err, src)
	}
	if got.Title != `Notes: "numbers"` || got.Language != "en" || !strings.Contains(string(src), "example.com/notes/stats") {
		t.Errorf("book.yaml:\n%s", src)
	}
}
