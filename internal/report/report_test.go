package report

import (
	"testing"

	"github.com/tally-book/tally/runner/chapter"
)

func TestAnnotation(t *testing.T) {
	for _, tt := range []struct {
		level string
		pos   chapter.Pos
		msg   string
		want  string
	}{
		{"error", chapter.Pos{File: "chapters/01-a.md", Line: 12}, "claim 0.5 ≠ computed 0.51", "::error file=chapters/01-a.md,line=12::claim 0.5 ≠ computed 0.51"},
		{"error", chapter.Pos{File: "chapters/01-a.md"}, "output differs\ngot:\n1\nwant:\n2", "::error file=chapters/01-a.md::output differs%0Agot:%0A1%0Awant:%0A2"},
		{"warning", chapter.Pos{File: "a,b:c%.md", Line: 3}, "100% sure\r\n", "::warning file=a%2Cb%3Ac%25.md,line=3::100%25 sure%0D%0A"},
		{"notice", chapter.Pos{}, "a: b, c", "::notice::a: b, c"},
	} {
		if got := Annotation(tt.level, tt.pos, tt.msg); got != tt.want {
			t.Errorf("Annotation(%q, %v, %q)\n got %s\nwant %s", tt.level, tt.pos, tt.msg, got, tt.want)
		}
	}
}
