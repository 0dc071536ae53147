package runner

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tally-book/tally/runner/chapter"
)

// docClaimRE finds the claims written in chapter/doc.go: 0.0975<!--=sse_right-->.
var docClaimRE = regexp.MustCompile(`([0-9][0-9.,]*%?)<!--=([a-z_][a-z0-9_]*)-->`)

// TestDocExampleChapter runs the example chapter of the package
// documentation, which must pass, and checks every claim of the
// documentation on a value that chapter publishes against its run, so
// that the examples of the documentation stay true.
func TestDocExampleChapter(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("chapter", "doc.go"))
	if err != nil {
		t.Fatal(err)
	}
	_, example, ok := strings.Cut(string(doc), "// # Example chapter\n")
	if !ok {
		t.Fatal("chapter/doc.go has no example chapter")
	}
	example, _, _ = strings.Cut(example, "\npackage chapter")
	var md strings.Builder
	for _, line := range strings.Split(example, "\n") {
		if rest, ok := strings.CutPrefix(line, "//\t"); ok {
			md.WriteString(rest + "\n")
		}
	}
	root := moduleRoot(t)
	r, err := New(Config{Root: root, Work: filepath.Join(root, "_tally", "test", "doc")})
	if err != nil {
		t.Fatal(err)
	}
	b := chapter.NewBook(map[string][]byte{"chapters/01-losses.md": []byte(md.String())})
	if errs := b.Errors[b.Chapters[0]]; len(errs) > 0 {
		t.Fatalf("the example chapter does not parse: %v\n%s", errs, md.String())
	}
	res := r.Run(context.Background(), b, b.Chapters[0])
	if probs := res.Problems(); len(probs) > 0 {
		t.Fatalf("the example chapter fails: %v\n%s", probs, md.String())
	}
	if len(res.Claims) == 0 || res.Snippets[0].Output == nil {
		t.Fatalf("the example chapter has %d claims and no output block", len(res.Claims))
	}
	checked := 0
	for _, m := range docClaimRE.FindAllStringSubmatch(string(doc), -1) {
		v, ok := res.Value(m[2])
		if !ok {
			continue // a value of another example
		}
		w, err := chapter.ParseWritten(m[1])
		if err != nil {
			t.Errorf("chapter/doc.go: claim %s: %v", m[0], err)
			continue
		}
		if !w.Matches(float64(v.Num)) {
			t.Errorf("chapter/doc.go: claim %s, but the example chapter computes %v", m[0], v.Num)
		}
		checked++
	}
	if checked < 3 {
		t.Errorf("%d claims of chapter/doc.go checked against the example chapter, want its own two and the one of # Claims", checked)
	}
}
