package chapter

import (
	"fmt"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
)

func TestKramdownIAL(t *testing.T) {
	src := "# T\n\n* TOC\n{:toc}\n\nA paragraph.\n{: .notice--info}\n\n{: #id .class}\n\nText {: inline} stays.\n\n{% raw %}\n```go\nx := 1\n```\n{%- endraw -%}\n"
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

// TestLiquid wants every {{ and {% inside a go snippet of a Jekyll post
// reported at its line, in any spacing (Jekyll expands {{ .Name }} to
// nothing and stops on {{1, 2}}), unless a {% raw %} block holds the
// snippet, and nothing else reported.
func TestLiquid(t *testing.T) {
	for _, tt := range []struct {
		name string
		post string // the post, after its front matter
		want string // the errors, one per line: line: Liquid text
	}{
		{"spaced", "```go\nn := {{ site.data.n }}\n```\n", "8: {{ site.data.n }}"},
		{"filter", "```go\ns := \"{{page.title | upcase}}\"\n```\n", "8: {{page.title | upcase}}"},
		{"go template", "```go\nt := \"{{ .Name }}\"\nu := \"{{.Name}}\"\n```\n", "8: {{ .Name }}\n9: {{.Name}}"},
		{"composite literal", "```go\ngrid := [][]int{{1, 2}, {3, 4}}\npts := []P{{X: 1}}\n```\n", "8: {{1, 2}, {3, 4}}\n9: {{X: 1}}"},
		{"printf", "```go\nfmt.Printf(\"{%d}\\n\", 3)\n```\n", `8: {%d}\n", 3)`},
		{"tag", "```go\n{%- if x -%}\n```\n", "8: {%- if x -%}"},
		{"raw inside the code", "```go\n{% raw %}\nx := 1\n```\n", "8: {% raw %}"},
		{"go braces", "```go\nm := map[string]S{\"a\": {}}\nf := func() { { x() } }\n```\n", ""},
		{"raw around", "{% raw %}\n```go\nt := \"{{ .Name }}\"\ngrid := [][]int{{1, 2}}\n```\n{% endraw %}\n", ""},
		{"raw tight", "{%- raw -%}\n```go\nt := \"{{.Name}}\"\n```\n{%endraw%}\n", ""},
		{"raw closed before", "{% raw %}x{% endraw %}\n\n```go\nt := \"{{.Name}}\"\n```\n", "10: {{.Name}}"},
		{"raw of another block", "{% raw %}\n```text\n{{ a }}\n```\n{% endraw %}\n\n```go\nt := \"{{.Name}}\"\n```\n", "14: {{.Name}}"},
		{"in prose", "See {{ site.baseurl }}/about.\n\n```go\nx := 1\n```\n", ""},
		{"other language", "```html\n{{ content }}\n```\n", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			src := "---\nlayout: post\ntitle: A\n---\n# A\n\n" + tt.post
			_, err := Parse("_posts/2024-01-15-a.md", []byte(src))
			var got []string
			if l, ok := err.(ErrorList); ok {
				for _, e := range l {
					if text, ok := strings.CutPrefix(e.Msg, "Liquid "); ok {
						text, _, _ = strings.Cut(text, " inside a go snippet")
						got = append(got, fmt.Sprintf("%d: %s", e.Pos.Line, text))
					}
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if g := strings.Join(got, "\n"); g != tt.want {
				t.Errorf("Liquid errors:\n%s\nwant:\n%s", g, tt.want)
			}
		})
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
