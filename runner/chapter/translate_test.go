package chapter

import (
	"strings"
	"testing"
)

// TestHeadingIDs checks the anchors of a chapter's sections: a heading's
// text without the deep-dive mark and math, unique within the chapter.
func TestHeadingIDs(t *testing.T) {
	src := "# Loss functions\n\n## Why it works (*)\n\n## How large can $\\eta$ be? (*)\n\n## 편미분 <!--from partial-derivatives@46b91236-->\n\n## Loss functions\n"
	ch, err := Parse("c.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range Sections(ch) {
		ids = append(ids, s.ID)
	}
	want := "loss-functions why-it-works how-large-can-eta-be 편미분 loss-functions-1"
	if got := strings.Join(ids, " "); got != want {
		t.Errorf("ids = %s\nwant  %s", got, want)
	}
}
