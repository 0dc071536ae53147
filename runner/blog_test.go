package runner

import (
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
)

func TestKramdownIAL(t *testing.T) {
	src := "# T\n\n* TOC\n{:toc}\n\nA paragraph.\n{: .notice--info}\n\n{: #id .class}\n\nText {: inline} stays.\n"
	ch, err := Parse("_posts/2024-01-01-a.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var paras []string
	ast.Walk(ch.Doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n.(type) {
		case *ast.Paragraph, *ast.TextBlock:
			if entering {
				paras = append(paras, PlainText(n, ch.Source))
			}
		}
		return ast.WalkContinue, nil
	})
	want := []string{"TOC", "A paragraph.", "Text {: inline} stays."}
	if strings.Join(paras, "|") != strings.Join(want, "|") {
		t.Errorf("paragraphs %q, want %q", paras, want)
	}
}

func TestLiquid(t *testing.T) {
	for _, tt := range []struct {
		line string
		want string
	}{
		{"n := {{ site.data.n }}", "{{ site.data.n }}"},
		{"s := \"{{page.title | upcase}}\"", "{{page.title | upcase}}"},
		{"{% raw %}", "{% raw %}"},
		{"{%- if x -%}", "{%- if x -%}"},
		{"grid := [][]int{{1, 2}, {3, 4}}", ""},
		{"pts := []P{{X: 1}}", ""},
		{"fmt.Printf(\"{%d}\\n\", 3)", ""},
		{"m := map[string]S{\"a\": {}}", ""},
	} {
		if got := liquidRE.FindString(tt.line); got != tt.want {
			t.Errorf("Liquid in %q: %q, want %q", tt.line, got, tt.want)
		}
	}
}

// TestLiquidInSubfolder wants Liquid in the go snippet of a post in a
// subfolder of _posts reported, as in a post at its top.
func TestLiquidInSubfolder(t *testing.T) {
	src := []byte("# Post\n\n```go\nn := {{ site.data.n }}\n```\n")
	for _, path := range []string{"_posts/2024-01-15-a.md", "_posts/2023/2023-05-01-b.md", "blog/_posts/ml/x/2023-05-01-c.md"} {
		_, err := Parse(path, src)
		if err == nil || !strings.Contains(err.Error(), path+":4: Liquid {{ site.data.n }} inside a go snippet") {
			t.Errorf("%s: %v", path, err)
		}
	}
	if _, err := Parse("chapters/01-a.md", src); err != nil && strings.Contains(err.Error(), "Liquid") {
		t.Errorf("a chapter outside _posts: %v", err)
	}
}
