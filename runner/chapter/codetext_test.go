package chapter

import (
	"reflect"
	"testing"
)

// TestTranslateComments: the text of each line comment that the map
// translates is replaced, the // and spacing kept; a // in a string, a
// block comment and a comment the map lacks stay as written.
func TestTranslateComments(t *testing.T) {
	m := map[string]string{"the loss": "손실", "one step": "한 단계"}
	for _, tc := range []struct{ in, want string }{
		{"// the loss\nx := 1\n", "// 손실\nx := 1\n"},
		{"x := 1 //   one step  \n", "x := 1 //   한 단계  \n"},
		{"\t// the loss\r\n", "\t// 손실\r\n"},
		{"s := \"// the loss\"\n", "s := \"// the loss\"\n"},
		{"/* the loss */\n", "/* the loss */\n"},
		{"// the loss, again\n", "// the loss, again\n"},
		{"// the loss\n// one step\n", "// 손실\n// 한 단계\n"},
		{"x := `\n// the loss\n`\n", "x := `\n// the loss\n`\n"},
	} {
		if got := TranslateComments(tc.in, m); got != tc.want {
			t.Errorf("TranslateComments(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestCodeTextCheck: the comments of the source's shown go snippets that
// code_text lacks are listed at their source lines, and entries that
// translate no comment are stale; a hidden snippet's comments are not
// shown, so they need no translation.
func TestCodeTextCheck(t *testing.T) {
	src, err := Parse("01.md", []byte("# A\n\n```go\n// the loss\nx := 1 // one step\n```\n\n```go hide\n// hidden\n```\n\n```text\n// not go\n```\n"))
	if err != nil {
		t.Fatal(err)
	}
	tr := &Translation{Source: src, CodeText: map[string]string{"the loss": "손실", "gone": "사라짐"}}
	missing, stale := tr.CodeTextCheck()
	if want := []CodeComment{{Text: "one step", Line: 5}}; !reflect.DeepEqual(missing, want) {
		t.Errorf("untranslated = %v, want %v", missing, want)
	}
	if want := []string{"gone"}; !reflect.DeepEqual(stale, want) {
		t.Errorf("stale = %v, want %v", stale, want)
	}
}
