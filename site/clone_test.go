package site

import (
	"bytes"
	"testing"

	"github.com/tally-book/tally/runner/chapter"
	"github.com/yuin/goldmark/ast"
)

// TestCloneTree: a page rewrites a copy of the runner's tree, which renders
// as the original does, and the original stays as parsed however the copy
// is rewritten.
func TestCloneTree(t *testing.T) {
	src := []byte("# Title {#top}\n\nThe loss is 0.25<!--=loss--> *here*. It holds<!--?ok-->.\n\n" +
		"![Loss](figure:loss)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```go\nx := 1\n```\n\n```output\n1\n```\n\n$$\nx^2\n$$\n")
	ch, err := chapter.Parse("c.md", src)
	if err != nil {
		t.Fatal(err)
	}
	md := chapter.Markdown(ch.Math)
	render := func(n ast.Node) string {
		var b bytes.Buffer
		if err := md.Renderer().Render(&b, ch.Source, n); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	want := render(ch.Doc)
	doc, of := cloneTree(ch.Doc)
	if got := render(doc); got != want {
		t.Fatalf("the copy renders\n%s\nthe original\n%s", got, want)
	}
	if of[ch.Snippets[0].Node] == nil || of[ch.Snippets[0].Node] == ch.Snippets[0].Node {
		t.Fatalf("no copy of the snippet's node")
	}
	// An output node's copy is one, naming the same snippet and Want, with
	// a copy of its fenced block.
	var on *chapter.OutputNode
	_ = ast.Walk(ch.Doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if n, ok := n.(*chapter.OutputNode); ok {
			on = n
		}
		return ast.WalkContinue, nil
	})
	if on == nil || on.Snippet != 0 {
		t.Fatalf("no output node of snippet 0 in the original")
	}
	if oc, ok := of[on].(*chapter.OutputNode); !ok || oc == on || oc.Snippet != on.Snippet || oc.Want != on.Want ||
		oc.FirstChild() == nil || oc.FirstChild() != of[on.FirstChild()] || oc.FirstChild() == on.FirstChild() {
		t.Fatalf("the output node's copy is %#v", of[on])
	}
	// Rewrite the copy as a page does.
	h := doc.FirstChild().(*ast.Heading)
	h.SetAttributeString("id", []byte("other"))
	h.Lines().Append(h.Lines().At(0))
	doc.RemoveChild(doc, h)
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := n.(*ast.Text); ok && entering {
			t.Segment = t.Segment.WithStop(t.Segment.Start)
		}
		return ast.WalkContinue, nil
	})
	if got := render(ch.Doc); got != want {
		t.Errorf("rewriting the copy changed the original: it renders\n%s\nnot\n%s", got, want)
	}
	if _, ok := ch.Doc.FirstChild().(*ast.Heading); !ok {
		t.Errorf("the original lost its heading")
	}
}
