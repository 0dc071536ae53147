package sitedir

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, p, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func page(text string) func(string) error {
	return func(dir string) error { return os.WriteFile(filepath.Join(dir, "index.html"), []byte(text), 0o644) }
}

// leftovers returns the files next to out that a Write may leave while it
// runs, but not after it: .OUT.tmp-*.
func leftovers(t *testing.T, out string) []string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".tmp-*"))
	return m
}

func TestCheck(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	foreign := filepath.Join(dir, "chapters")
	writeFile(t, filepath.Join(foreign, "01-a.md"), "# A\n")
	empty := filepath.Join(dir, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	site := filepath.Join(dir, "site")
	writeFile(t, filepath.Join(site, Marker), "")
	for _, tt := range []struct {
		out, want string // want: the error, "" for none
	}{
		{filepath.Join(dir, "missing"), ""},
		{empty, ""},
		{site, ""},
		{foreign, foreign + " is not empty and holds no .tally-site marker: not replacing a folder tally did not write"},
	} {
		got := ""
		if err := Check(tt.out); err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("Check(%s) = %q, want %q", tt.out, got, tt.want)
		}
	}
}

// TestWrite writes a site, replaces it, and fails a third write: the
// failed one leaves the second site in place and nothing beside it.
func TestWrite(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "site")
	for _, text := range []string{"one", "two"} {
		if err := Write(out, page(text), nil); err != nil {
			t.Fatal(err)
		}
		if got := readFile(t, filepath.Join(out, "index.html")); got != text {
			t.Errorf("index.html = %q, want %q", got, text)
		}
		if err := Check(out); err != nil {
			t.Errorf("a written site: %v", err)
		}
	}
	boom := errors.New("boom")
	err := Write(out, func(dir string) error {
		page("three")(dir)
		return boom
	}, nil)
	if !errors.Is(err, boom) {
		t.Fatalf("Write = %v, want the fill's error", err)
	}
	if got := readFile(t, filepath.Join(out, "index.html")); got != "two" {
		t.Errorf("after a failed write, index.html = %q, want the previous site's", got)
	}
	if l := leftovers(t, out); len(l) > 0 {
		t.Errorf("left beside the site: %v", l)
	}
}

// TestWriteRecovers puts back a previous site that a kill left renamed
// aside (between the two renames of the swap's fallback), and removes a
// half-written folder, before writing.
func TestWriteRecovers(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "site")
	writeFile(t, filepath.Join(dir, ".site.tmp-1.old", Marker), "")
	writeFile(t, filepath.Join(dir, ".site.tmp-1.old", "index.html"), "previous")
	writeFile(t, filepath.Join(dir, ".site.tmp-2", "index.html"), "half")
	var seen string
	err := Write(out, func(string) error {
		seen = readFile(t, filepath.Join(out, "index.html"))
		if l := leftovers(t, out); len(l) != 1 {
			t.Errorf("while writing, beside the site: %v; want only the new folder", l)
		}
		return errors.New("stop")
	}, nil)
	if err == nil || !strings.Contains(err.Error(), "stop") {
		t.Fatalf("Write = %v", err)
	}
	if seen != "previous" {
		t.Errorf("the site while writing is %q, want the previous one put back", seen)
	}
	if l := leftovers(t, out); len(l) > 0 {
		t.Errorf("left beside the site: %v", l)
	}
}
