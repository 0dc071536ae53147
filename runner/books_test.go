package runner

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tally-book/tally/runner/chapter"
)

// twoBooks writes two books, a/ and b/, in a fresh folder, each with a
// chapter of the slug 01-first whose code differs, and returns a runner
// of tally's module with a fresh work folder, and the books' folders.
func twoBooks(t *testing.T) (r *Runner, work, a, b string) {
	t.Helper()
	root := moduleRoot(t)
	work = filepath.Join(root, "_tally", "test", "books-"+t.Name())
	if err := os.RemoveAll(work); err != nil { // no program from an earlier go test
		t.Fatal(err)
	}
	dir := t.TempDir()
	a, b = filepath.Join(dir, "a"), filepath.Join(dir, "b")
	for book, n := range map[string]int{a: 2, b: 3} {
		src := "# First\n\n```go\nfmt.Println(" + strings.Repeat("1+", n-1) + "1)\n```\n"
		if err := os.MkdirAll(book, 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(book, "01-first.md"), []byte(src))
	}
	r, err := New(Config{Root: root, Work: work})
	if err != nil {
		t.Fatal(err)
	}
	return r, work, a, b
}

// runBook runs the one chapter of the book in dir and returns what it
// printed.
func runBook(t *testing.T, r *Runner, dir string) string {
	t.Helper()
	b, err := chapter.LoadBook(dir)
	if err != nil {
		t.Fatal(err)
	}
	res := r.Run(context.Background(), b, b.Chapters[0])
	if len(res.Errors) > 0 {
		t.Fatalf("%s: %v", dir, res.Errors)
	}
	return res.Snippets[0].Stdout
}

// progs lists the packed programs of a gen folder and their records.
func progs(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	for _, pat := range []string{"prog*.gz", "prog*.key"} {
		names, err := filepath.Glob(filepath.Join(dir, pat))
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range names {
			out = append(out, filepath.Base(n))
		}
	}
	slices.Sort(out)
	return out
}

// TestTwoBooksKeepTheirPrograms builds two books of one module in turn,
// A, B, A, each with a chapter of one slug (and so one gen folder) but
// other code, with the run cache removed before each build: the third
// build unpacks A's program and builds nothing (B's build used to replace
// it, so that each build of one book rebuilt the other's programs).
func TestTwoBooksKeepTheirPrograms(t *testing.T) {
	r, work, a, b := twoBooks(t)
	uncache := func() {
		if err := os.RemoveAll(filepath.Join(work, "cache")); err != nil {
			t.Fatal(err)
		}
	}
	for i, tc := range []struct {
		book, out string
		builds    int64
	}{{a, "2\n", 1}, {b, "3\n", 2}, {a, "2\n", 2}, {b, "3\n", 2}} {
		uncache()
		if out := runBook(t, r, tc.book); out != tc.out {
			t.Errorf("build %d of %s printed %q, want %q", i+1, tc.book, out, tc.out)
		}
		if got := r.builds.Load(); got != tc.builds {
			t.Errorf("after build %d (of %s): %d programs built, want %d", i+1, tc.book, got, tc.builds)
		}
	}
	if got := progs(t, filepath.Join(work, "gen", "01-first")); len(got) != 4 {
		t.Errorf("the gen folder holds %v, want two programs and their records", got)
	}
}

// TestPruneProgs checks what a build leaves in its chapter's gen folder:
// its own book's program (not the one its code had before), another
// book's while that book's folder exists, and nothing of a book whose
// folder is gone, nor a file of no record (an older tally's prog.gz and
// prog.key).
func TestPruneProgs(t *testing.T) {
	r, work, a, b := twoBooks(t)
	gen := filepath.Join(work, "gen", "01-first")
	runBook(t, r, a)
	runBook(t, r, b)
	both := progs(t, gen)
	if len(both) != 4 {
		t.Fatalf("after building a/ and b/, the gen folder holds %v, want two programs and their records", both)
	}
	writeFile(t, filepath.Join(gen, "prog.gz"), []byte("an older tally's program"))
	writeFile(t, filepath.Join(gen, "prog.key"), []byte("0123\nabcd"))

	// A code edit in a/: its new program replaces its old one; b/'s stays.
	edit := func(book, out string) {
		t.Helper()
		writeFile(t, filepath.Join(book, "01-first.md"), []byte("# First\n\n```go\nfmt.Println("+out+")\n```\n"))
		if got := runBook(t, r, book); got != out+"\n" {
			t.Fatalf("%s printed %q, want %q", book, got, out+"\n")
		}
	}
	edit(a, "20")
	got := progs(t, gen)
	if len(got) != 4 || slices.Contains(got, "prog.gz") || slices.Contains(got, "prog.key") {
		t.Errorf("after a/ changed, the gen folder holds %v, want b/'s program and a/'s new one, with their records", got)
	}
	kept := 0
	for _, n := range both {
		if slices.Contains(got, n) {
			kept++
		}
	}
	if kept != 2 {
		t.Errorf("after a/ changed, the gen folder holds %v; of %v, want b/'s program and record kept, a/'s removed", got, both)
	}

	// b/ is gone: a/'s next build removes its program.
	if err := os.RemoveAll(b); err != nil {
		t.Fatal(err)
	}
	edit(a, "21")
	if got := progs(t, gen); len(got) != 2 {
		t.Errorf("after b/ went, the gen folder holds %v, want a/'s program and record", got)
	}
}
