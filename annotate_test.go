package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/tally-book/tally/runner"
)

func TestAnnotation(t *testing.T) {
	for _, tt := range []struct {
		level string
		pos   runner.Pos
		msg   string
		want  string
	}{
		{"error", runner.Pos{File: "chapters/01-a.md", Line: 12}, "claim 0.5 ≠ computed 0.51", "::error file=chapters/01-a.md,line=12::claim 0.5 ≠ computed 0.51"},
		{"error", runner.Pos{File: "chapters/01-a.md"}, "output differs\ngot:\n1\nwant:\n2", "::error file=chapters/01-a.md::output differs%0Agot:%0A1%0Awant:%0A2"},
		{"warning", runner.Pos{File: "a,b:c%.md", Line: 3}, "100% sure\r\n", "::warning file=a%2Cb%3Ac%25.md,line=3::100%25 sure%0D%0A"},
		{"notice", runner.Pos{}, "a: b, c", "::notice::a: b, c"},
	} {
		if got := annotation(tt.level, tt.pos, tt.msg); got != tt.want {
			t.Errorf("annotation(%q, %v, %q)\n got %s\nwant %s", tt.level, tt.pos, tt.msg, got, tt.want)
		}
	}
}

func TestCLITestGitHub(t *testing.T) {
	bad := strings.Replace(okChapter, "is 16<!--", "is 17<!--", 1)
	dir := writeBook(t, map[string]string{"cli-gh.md": bad})
	code, out, errOut := tally(t, "test", "-format", "github", dir)
	want := "::error file=" + escapeProperty(filepath.Join(dir, "cli-gh.md")) + ",line=16::claim 17 ≠ computed 16"
	if code != 1 || !strings.Contains(out, want) || !strings.Contains(out, "1 chapters: 0 passed, 1 failed") {
		t.Fatalf("tally test -format github = %d, want 1 and %q in\n%s%s", code, want, out, errOut)
	}
	if code, _, e := tally(t, "test", "-format", "xml", dir); code != 2 || !strings.Contains(e, "want one of text, json, github") {
		t.Errorf("-format xml = %d\n%s", code, e)
	}
}
