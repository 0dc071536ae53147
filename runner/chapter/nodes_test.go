package chapter

import (
	"fmt"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
)

// TestChapterNodes pins down the tree Parse gives: the chapter's own nodes
// (nodes.go) where the claim comments, statements and figure paragraphs
// were, each with its index in ch.Claims, in the order of the comments.
func TestChapterNodes(t *testing.T) {
	tests := []struct {
		name, md string
		want     []string // the chapter's nodes in tree order: kind, index, ref or name, text
	}{
		{"number", "The loss is 0.25<!--=loss-->.",
			[]string{"Claim 0 loss [0.25]"}},
		{"two", "From 1.5<!--=a--> to 2.5<!--=b-->.",
			[]string{"Claim 0 a [1.5]", "Claim 1 b [2.5]"}},
		{"emphasis: the number spans nodes, the node is empty", "It is **94.5%**<!--=acc-->.",
			[]string{"Claim 0 acc []"}},
		{"statement after a claim of its own", "So it is 3<!--=n--> steps long<!--?long-->.",
			[]string{"Statement 1 long [So it is |3| steps long]", "Claim 0 n [3]"}},
		{"statement over nothing stays a comment", "Text. <!--?s--> more.",
			[]string{}},
		{"statement stops at the one before", "It holds<!--?a--> and it stays<!--?b-->.",
			[]string{"Statement 0 a [It holds]", "Statement 1 b [and it stays]"}},
		{"figure alone", "![The loss](figure:loss \"A caption\")\n",
			[]string{"Figure loss The loss|A caption"}},
		{"figure in a sentence stays inline", "See ![x](figure:loss) here.\n",
			[]string{}},
		{"claim that does not parse stays a comment", "It is 3<!--=-->.",
			[]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch, _ := Parse("c.md", []byte(tt.md+"\n"))
			got := []string{}
			_ = ast.Walk(ch.Doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
				if !entering {
					return ast.WalkContinue, nil
				}
				switch n := n.(type) {
				case *ClaimNode:
					got = append(got, fmt.Sprintf("Claim %d %s [%s]", n.Index, n.Claim.Ref(), nodeText(n, ch.Source)))
					if ch.Claims[n.Index] != n.Claim {
						t.Errorf("claim node %d holds another claim than ch.Claims[%d]", n.Index, n.Index)
					}
				case *StatementNode:
					got = append(got, fmt.Sprintf("Statement %d %s [%s]", n.Index, n.Claim.Ref(), nodeText(n, ch.Source)))
					if ch.Claims[n.Index] != n.Claim {
						t.Errorf("statement node %d holds another claim than ch.Claims[%d]", n.Index, n.Index)
					}
				case *FigureNode:
					got = append(got, fmt.Sprintf("Figure %s %s|%s", n.Name, n.Alt, n.Caption))
					if _, ok := n.FirstChild().(*ast.Image); !ok {
						t.Errorf("figure node without its image")
					}
				}
				return ast.WalkContinue, nil
			})
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("%q:\ngot  %q\nwant %q", tt.md, got, tt.want)
			}
		})
	}
}

// nodeText is the text of a node's children, a claim node's between bars.
func nodeText(n ast.Node, src []byte) string {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ClaimNode:
			b.WriteString("|" + nodeText(c, src) + "|")
		default:
			b.WriteString(PlainText(c, src))
		}
	}
	return b.String()
}

// TestUncheckedNumbersClaimNodes: a number that a claim node holds, or
// that the claim node follows, is checked; the others are not.
func TestUncheckedNumbersClaimNodes(t *testing.T) {
	ch, _ := Parse("c.md", []byte("It is 0.25<!--=a--> and **0.5**<!--=b-->, not 0.75.\n"))
	var got []string
	for _, u := range ch.UncheckedNumbers(func(Written) (string, bool) { return "x", true }) {
		got = append(got, u.Text)
	}
	if strings.Join(got, ",") != "0.75" {
		t.Errorf("unchecked numbers %q, want only 0.75", got)
	}
}

// TestNodeRendererPlain: the runner's converter renders its own nodes as
// their text (a goldmark renderer panics on a kind it has no function for).
func TestNodeRendererPlain(t *testing.T) {
	ch, err := Parse("c.md", []byte("The loss is 0.25<!--=loss-->. It holds<!--?ok-->.\n\n![L](figure:loss)\n\n```go\nf()\n```\n\n```output\n<1>\n```\n"))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := Markdown(ch.Math).Renderer().Render(&b, ch.Source, ch.Doc); err != nil {
		t.Fatal(err)
	}
	want := "<p>The loss is 0.25. It holds.</p>\n<p><img src=\"figure:loss\" alt=\"L\"></p>\n" +
		"<pre><code class=\"language-go\">f()\n</code></pre>\n<pre><code class=\"language-output\">&lt;1&gt;\n</code></pre>\n"
	if b.String() != want {
		t.Errorf("got %q\nwant %q", b.String(), want)
	}
}

// TestSectionLabel: a heading's {#sec:NAME} is its anchor, and not text.
func TestSectionLabel(t *testing.T) {
	tests := []struct{ md, id, title string }{
		{"## Gradient descent {#sec:gd}", "gd", "Gradient descent"},
		{"## The *step* size {#sec:step-size}  ", "step-size", "The step size"},
		{"## 경사 하강법 {#sec:gd}", "gd", "경사 하강법"},
		{"## No label", "no-label", "No label"},
		{"## Not a label {#fig:x}", "not-a-label-figx", "Not a label {#fig:x}"},
	}
	for _, tt := range tests {
		ch, err := Parse("c.md", []byte(tt.md+"\n\nText.\n"))
		if err != nil {
			t.Fatalf("%q: %v", tt.md, err)
		}
		h, ok := ch.Doc.FirstChild().(*ast.Heading)
		if !ok {
			t.Fatalf("%q: no heading", tt.md)
		}
		id, _ := h.AttributeString("id")
		if got, _ := id.([]byte); string(got) != tt.id {
			t.Errorf("%q: id %q, want %q", tt.md, got, tt.id)
		}
		if got := PlainText(h, ch.Source); got != tt.title {
			t.Errorf("%q: title %q, want %q", tt.md, got, tt.title)
		}
		if ids := SectionIDs(ch); len(ids) != 1 || ids[0] != tt.id {
			t.Errorf("%q: section ids %q", tt.md, ids)
		}
	}
}

// TestOutputNodes: each output block is an output node, in the fenced
// block's place and holding it, with its Want and the index of the snippet
// it checks (ch.Snippets[i].Want is the node's), or -1 and an error at its
// fence for an output block that checks no snippet.
func TestOutputNodes(t *testing.T) {
	tests := []struct {
		name, md string
		want     []string // the output nodes in tree order: snippet, unordered, text
		err      string
	}{
		{"one", "```go\nfmt.Println(1)\n```\n\n```output\n1\n```\n",
			[]string{"0 false [1\n]"}, ""},
		{"two, after prose and another language",
			"```sh\nls\n```\n\nText.\n\n```go\na()\n```\n```output unordered\nb\na\n```\n\n```go hide\nc()\n```\n\n```output\nc\n```\n",
			[]string{"1 true [b\na\n]", "2 false [c\n]"}, ""},
		{"in a list item", "- step\n\n  ```go\n  f()\n  ```\n\n  ```output\n  ok\n  ```\n",
			[]string{"0 false [ok\n]"}, ""},
		{"empty", "```go\nf()\n```\n\n```output\n```\n",
			[]string{"0 false []"}, ""},
		{"tilde fence and tab", "```go\nf()\n```\n\n~~~output\tunordered\nx\n~~~\n",
			[]string{"0 true [x\n]"}, ""},
		{"not output: a word that starts so", "```go\nf()\n```\n\n```outputs\nx\n```\n",
			[]string{}, ""},
		{"after prose", "Text.\n\n```output\n1\n```\n",
			[]string{"-1 false [1\n]"}, "c.md:3: output block must follow a go snippet directly"},
		{"after another output", "```go\nf()\n```\n\n```output\n1\n```\n\n```output\n2\n```\n",
			[]string{"0 false [1\n]", "-1 false [2\n]"}, "c.md:9: output block must follow a go snippet directly"},
		{"after norun", "```go norun\nf()\n```\n\n```output\n1\n```\n",
			[]string{"-1 false [1\n]"}, "c.md:5: output block follows a norun snippet, which never prints"},
		{"after another language", "```sh\nls\n```\n\n```output\n1\n```\n",
			[]string{"-1 false [1\n]"}, "c.md:5: output block must follow a go snippet directly"},
		{"unknown attribute: still checks", "```go\nf()\n```\n\n```output sorted\n1\n```\n",
			[]string{"0 false [1\n]"}, `c.md:5: unknown output attribute "sorted" (known: unordered)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch, err := Parse("c.md", []byte(tt.md))
			if got := fmt.Sprint(err); tt.err == "" && err != nil || tt.err != "" && got != tt.err {
				t.Errorf("error %q, want %q", got, tt.err)
			}
			got := []string{}
			_ = ast.Walk(ch.Doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
				if fb, ok := n.(*ast.FencedCodeBlock); ok && entering {
					lang, _ := infoWords(fb, ch.Source)
					if _, in := fb.Parent().(*OutputNode); (lang == "output") != in {
						t.Errorf("fenced block %q: in an output node %v", lang, in)
					}
				}
				on, ok := n.(*OutputNode)
				if !ok || !entering {
					return ast.WalkContinue, nil
				}
				got = append(got, fmt.Sprintf("%d %v [%s]", on.Snippet, on.Want.Unordered, on.Want.Text))
				if fb, ok := on.FirstChild().(*ast.FencedCodeBlock); !ok || on.ChildCount() != 1 {
					t.Errorf("output node does not hold one fenced block")
				} else if string(on.Lines().Value(ch.Source)) != on.Want.Text || string(fb.Lines().Value(ch.Source)) != on.Want.Text {
					t.Errorf("output node's lines %q, its block's %q, want %q", on.Lines().Value(ch.Source), fb.Lines().Value(ch.Source), on.Want.Text)
				}
				if on.Snippet >= 0 && ch.Snippets[on.Snippet].Want != on.Want {
					t.Errorf("output node of snippet %d holds another Want than ch.Snippets[%d]", on.Snippet, on.Snippet)
				}
				return ast.WalkContinue, nil
			})
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("%q:\ngot  %q\nwant %q", tt.md, got, tt.want)
			}
			wants := 0
			for _, s := range ch.Snippets {
				if s.Lang == "output" {
					t.Errorf("output block read as snippet %d", s.Index)
				}
				if s.Want != nil {
					wants++
				}
			}
			if checked := len(tt.want) - strings.Count(strings.Join(tt.want, "|"), "-1 "); wants != checked {
				t.Errorf("%d snippets with an output block, want %d", wants, checked)
			}
		})
	}
}
