package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestResultsFile checks where a build writes a book's full results:
// each book of the module under its own folder's name, a book at the
// module's root or outside it by its folder's name and path.
func TestResultsFile(t *testing.T) {
	root := t.TempDir()
	work := filepath.Join(root, "_tally")
	outside := filepath.Join(t.TempDir(), "notes")
	other := func(file string) bool {
		return filepath.Dir(file) == filepath.Join(work, resultsOther)
	}
	for _, tc := range []struct {
		dir  string
		want func(file string) bool
	}{
		{filepath.Join(root, "chapters"), func(f string) bool { return f == filepath.Join(work, "results", "chapters.json") }},
		{filepath.Join(root, "content", "posts"), func(f string) bool {
			return f == filepath.Join(work, "results", "content", "posts.json")
		}},
		{root, func(f string) bool { return other(f) && strings.HasPrefix(filepath.Base(f), filepath.Base(root)+"-") }},
		{outside, func(f string) bool { return other(f) && strings.HasPrefix(filepath.Base(f), "notes-") }},
	} {
		got, err := resultsFile(work, root, tc.dir)
		if err != nil || !tc.want(got) {
			t.Errorf("resultsFile(%s) = %s, %v", tc.dir, got, err)
		}
	}
	// Two books of one name outside the module have two files.
	a, _ := resultsFile(work, root, filepath.Join(t.TempDir(), "book"))
	b, _ := resultsFile(work, root, filepath.Join(t.TempDir(), "book"))
	if a == b {
		t.Errorf("two books named book outside the module share %s", a)
	}
	// A relative folder is the same book as its absolute path.
	t.Chdir(root)
	if got, _ := resultsFile(work, root, "chapters"); got != filepath.Join(work, "results", "chapters.json") {
		t.Errorf("resultsFile(chapters) from the module's root = %s", got)
	}
}

// TestPruneResults checks what pruneResults keeps: the results of the
// module's books whose folder exists, the newest keepOtherResults of
// books outside it; not those of a book whose folder is gone, nor an
// older tally's results.json, nor more of the books outside.
func TestPruneResults(t *testing.T) {
	root := t.TempDir()
	work := filepath.Join(root, "_tally")
	for _, d := range []string{"chapters", "content/posts"} {
		if err := os.MkdirAll(filepath.Join(root, filepath.FromSlash(d)), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	files := []string{
		"results.json",
		"results/chapters.json", "results/content/posts.json", // kept
		"results/notes.json", "results/content/drafts.json", // books gone
		"results/.results-123.json", // another build's temporary file
	}
	start := time.Now()
	var others []string
	for i := range keepOtherResults + 3 {
		others = append(others, fmt.Sprintf("%s/book%02d-0123abcd.json", resultsOther, i))
	}
	for i, f := range append(files, others...) {
		name := filepath.Join(work, filepath.FromSlash(f))
		writeFileAll(t, name, "{}\n")
		at := start.Add(time.Duration(i) * time.Second) // the later in others, the newer
		if err := os.Chtimes(name, at, at); err != nil {
			t.Fatal(err)
		}
	}
	pruneResults(work, root)
	var got []string
	err := filepath.WalkDir(work, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(work, path)
			got = append(got, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	want := append([]string{"results/.results-123.json", "results/chapters.json", "results/content/posts.json"}, others[3:]...)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("after pruneResults:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func writeFileAll(t *testing.T, name, src string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}
