package site

import (
	"reflect"
	"sync"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// cloneTree returns a deep copy of a parsed tree, and the copy of each of
// its nodes. A page renders the runner's tree (runner.Chapter.Doc), which
// it rewrites as it goes (headings' ids, the title taken out, equations
// and references wrapped); it rewrites a copy, so that the chapter's tree
// stays as parsed for the next page that shows it (another edition's, the
// next build of tally serve).
//
// Each node is copied field by field, so the copy shares what a node
// points to (a link's destination, a code block's info text) and gets its
// own links to parent, children and siblings, attributes and lines.
func cloneTree(root ast.Node) (ast.Node, map[ast.Node]ast.Node) {
	of := map[ast.Node]ast.Node{}
	return cloneNode(root, of), of
}

func cloneNode(n ast.Node, of map[ast.Node]ast.Node) ast.Node {
	v := reflect.ValueOf(n).Elem()
	cv := reflect.New(v.Type())
	cv.Elem().Set(v)
	// Drop the copied links (and attributes), which are the original's.
	cv.Elem().FieldByIndex(baseNodeIndex(v.Type())).SetZero()
	c := cv.Interface().(ast.Node)
	for _, a := range n.Attributes() {
		c.SetAttribute(a.Name, a.Value)
	}
	if c.Type() == ast.TypeBlock {
		// Through the copy, which shares the original's lines so far:
		// Lines on a block without lines would give the original some.
		old := c.Lines()
		lines := text.NewSegments()
		lines.AppendAll(old.Sliced(0, old.Len()))
		c.SetLines(lines)
	}
	of[n] = c
	for k := n.FirstChild(); k != nil; k = k.NextSibling() {
		c.AppendChild(c, cloneNode(k, of))
	}
	return c
}

// baseNodes caches where each node type embeds ast.BaseNode.
var baseNodes sync.Map // reflect.Type → []int

func baseNodeIndex(t reflect.Type) []int {
	if i, ok := baseNodes.Load(t); ok {
		return i.([]int)
	}
	f, _ := t.FieldByName("BaseNode")
	baseNodes.Store(t, f.Index)
	return f.Index
}
