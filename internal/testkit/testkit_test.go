package testkit

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestOnlyTests checks that no file of tally but a test imports testkit,
// so that -update is a flag of test binaries only.
func TestOnlyTests(t *testing.T) {
	root := ModuleRoot(t)
	const path = "github.com/tally-book/tally/internal/testkit"
	users := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != root && (strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_") || d.Name() == "node_modules" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, im := range f.Imports {
			if v, _ := strconv.Unquote(im.Path.Value); v == path {
				users++
				if !strings.HasSuffix(p, "_test.go") {
					t.Errorf("%s imports testkit: only tests may", p)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if users == 0 {
		t.Error("no test imports testkit")
	}
}

func TestDiff(t *testing.T) {
	for _, tt := range []struct{ want, got, diff string }{
		{"a\nb", "a\nb", "(same lines)"},
		{"a\nb", "a\nc", "line 2:\n\twant \"b\"\n\tgot  \"c\"\n"},
		{"a", "a\nx", "line 2:\n\twant \"\"\n\tgot  \"x\"\n"},
	} {
		if d := Diff(tt.want, tt.got); d != tt.diff {
			t.Errorf("Diff(%q, %q) = %q, want %q", tt.want, tt.got, d, tt.diff)
		}
	}
}
