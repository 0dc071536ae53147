package scalebook

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWrite writes a book of three chapters: distinct files, each with
// its own seed, function and claim.
func TestWrite(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir, 3); err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"triangle1(k)", "triangle2(k)", "triangle3(k)"} {
		name := filepath.Join(dir, "chapters", []string{"01-c1.md", "02-c2.md", "03-c3.md"}[i])
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), want) {
			t.Errorf("%s lacks %s", name, want)
		}
	}
	if got := string(Chapter(2)); !strings.Contains(got, "add up to 78<!--=sum-->") || !strings.Contains(got, "k: {value: 12,") {
		t.Errorf("chapter 2:\n%s", got)
	}
}
