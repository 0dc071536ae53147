package runner

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tally-book/tally/runner/chapter"
)

func TestFindModule(t *testing.T) {
	tests := []struct {
		name   string
		gomod  string // "" for no go.mod
		want   error
		path   string
		tally  bool
		hashed map[string]string // import path → folder relative to the module root
	}{
		{name: "none", want: ErrNoModule},
		{name: "notally", gomod: "module example.com/blog\n\ngo 1.26\n", want: ErrNoTally},
		{name: "tally", gomod: "module github.com/tally-book/tally\n\ngo 1.26\n", path: TallyModule, tally: true,
			hashed: map[string]string{TallyModule + "/figures": "figures"}},
		{name: "book", gomod: "module example.com/mybook\n\ngo 1.26\n\nrequire github.com/tally-book/tally v0.1.0\n\nreplace github.com/tally-book/tally => ../tally\n",
			path: "example.com/mybook",
			hashed: map[string]string{
				"example.com/mybook/stats":         "stats",
				TallyModule + "/book":              "../tally/book",
				"github.com/tally-book/tallyother": "",
				"gonum.org/v1/gonum/mat":           "",
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := filepath.Join(t.TempDir(), "m")
			sub := filepath.Join(root, "chapters", "ko")
			if err := os.MkdirAll(sub, 0o755); err != nil {
				t.Fatal(err)
			}
			if tt.gomod != "" {
				if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte(tt.gomod), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			m, err := FindModule(sub)
			if tt.want != nil {
				if !errors.Is(err, tt.want) {
					t.Fatalf("FindModule: %v, want %v", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if m.Root != root || m.Path != tt.path || m.IsTally() != tt.tally {
				t.Errorf("got root %s path %s tally %v, want %s %s %v", m.Root, m.Path, m.IsTally(), root, tt.path, tt.tally)
			}
			for imp, rel := range tt.hashed {
				dir, ok := m.dirOf(imp)
				want := ""
				if rel != "" {
					want = filepath.Join(root, rel)
				}
				if ok != (rel != "") || dir != want {
					t.Errorf("dirOf(%s) = %q, %v; want %q", imp, dir, ok, want)
				}
			}
		})
	}
}

func TestNoTallyMessage(t *testing.T) {
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, "go.mod"), []byte("module example.com/blog\n"), 0o644)
	_, err := New(Config{Root: root})
	if err == nil || !errors.Is(err, ErrNoTally) {
		t.Fatalf("New: %v", err)
	}
	want := "runner: the module does not require github.com/tally-book/tally: " + filepath.Join(root, "go.mod") +
		": add it with\n\tgo get github.com/tally-book/tally@latest\nor start a new book with tally init"
	if err.Error() != want {
		t.Errorf("error:\n%s\nwant:\n%s", err, want)
	}
}

// TestNoGoSum runs a chapter in a module that go mod tidy has not
// completed yet: the chapter's problem says to run it, not what the cache
// key could not read.
func TestNoGoSum(t *testing.T) {
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, "go.mod"), []byte("module example.com/fresh\n\ngo 1.26\n\nrequire github.com/tally-book/tally v0.0.0\n"), 0o644)
	r, err := New(Config{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	b := chapter.NewBook(map[string][]byte{"chapters/01-a.md": []byte("# A\n\n```go\nfmt.Println(1)\n```\n")})
	res := r.Run(t.Context(), b, b.Chapters[0])
	want := "chapters/01-a.md: " + root + ` has no go.sum yet: run "go mod tidy" there first`
	if len(res.Errors) != 1 || !strings.HasPrefix(res.Errors[0].Error(), want) {
		t.Errorf("errors %v, want one starting %q", res.Errors, want)
	}
}
