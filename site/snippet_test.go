package site

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tally-book/tally/check"
	"github.com/tally-book/tally/runner"
	"github.com/tally-book/tally/runner/chapter"
	"github.com/yuin/goldmark/ast"
)

// TestOutputFromNode: the site renders an output block from its node in
// the tree (chapter.OutputNode), with the Want and the snippet's result
// the node names, not by finding fenced blocks. Two output nodes that
// trade their snippets show each other's expected text, and each its
// snippet's check: a matched output block shows nothing, one that failed
// its expected text.
func TestOutputFromNode(t *testing.T) {
	src := "# Outputs\n\n```go\nfmt.Println(1)\n```\n\n```output\none\n```\n\n```go\nfmt.Println(2)\n```\n\n```output\ntwo\n```\n\n" +
		"```go\nfmt.Println(3)\n```\n\n```output\nthree\n```\n"
	b := chapter.NewBook(map[string][]byte{"chapters/01-o.md": []byte(src)})
	ch := b.Chapters[0]
	var nodes []*chapter.OutputNode
	_ = ast.Walk(ch.Doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if on, ok := n.(*chapter.OutputNode); ok && entering {
			nodes = append(nodes, on)
		}
		return ast.WalkContinue, nil
	})
	if len(nodes) != 3 {
		t.Fatalf("%d output nodes, want 3", len(nodes))
	}
	// The first two trade places in what they stand for.
	a, c := nodes[0], nodes[1]
	a.Snippet, a.Want, c.Snippet, c.Want = c.Snippet, c.Want, a.Snippet, a.Want

	run := &runner.ChapterResult{Path: ch.Path, Slug: ch.Slug, Cache: "hit", Chapter: ch}
	for i, st := range []check.Status{check.Fail, check.Pass, check.Fail} {
		s := ch.Snippets[i]
		run.Snippets = append(run.Snippets, runner.SnippetResult{Index: i, Line: s.Line, Lang: "go", Ran: true,
			Stdout: "printed\n", Output: &runner.OutputCheck{Line: s.Want.Line, Status: st, Message: "output differs"}})
	}
	out := t.TempDir()
	if err := Build(b, &runner.Results{Chapters: []*runner.ChapterResult{run}}, Options{Out: out, KeepGoing: true}); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(out, "01-o.html"))
	if err != nil {
		t.Fatal(err)
	}
	// Where the first output block was: the second snippet's, which
	// matched, so nothing; where the second was: the first's, which did
	// not, so its text "one"; the third as written.
	var got []string
	for _, m := range regexp.MustCompile(`id="(snippet-\d)"|class="output output-want"><div class="output-head">[^<]*</div><pre>([^<]*)</pre>`).FindAllStringSubmatch(string(page), -1) {
		got = append(got, m[1]+strings.TrimSpace(m[2]))
	}
	want := "snippet-1 snippet-2 one snippet-3 three"
	if strings.Join(got, " ") != want {
		t.Errorf("page shows %q, want %q", strings.Join(got, " "), want)
	}
}
