package chapter

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/tally-book/tally/check"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// The chapter's own nodes. Parse gives a tree in which the checked parts
// of the prose are nodes of their own, so that a renderer draws the tree
// as the runner read it, without parsing the chapter again or matching
// claims to results by line:
//
//   - a ClaimNode stands where a claim comment was, and holds the number
//     written before it (when the number is one text of its paragraph);
//   - a StatementNode stands where a statement comment was, and holds the
//     text the statement covers (StatementStart);
//   - a FigureNode stands for a paragraph that held only ![alt](figure:NAME),
//     and holds the image;
//   - an OutputNode stands for an output block (a fenced block whose info
//     string starts with the word output), and holds the fenced block.
//
// A heading that ends with a section label, {#sec:NAME}, loses the label
// from its text and takes NAME as its anchor, so that [](#sec:NAME) refers
// to it however its title changes.
//
// A claim comment that does not parse stays a raw HTML node, and Parse
// reports it; so does a statement that covers nothing.

// ClaimNode is a checked number of the prose.
type ClaimNode struct {
	ast.BaseInline
	Claim *Claim
	Index int // in the chapter's Claims, and in its results' Claims
}

// KindClaim is the node kind of a checked number.
var KindClaim = ast.NewNodeKind("Claim")

// Kind implements ast.Node.
func (n *ClaimNode) Kind() ast.NodeKind { return KindClaim }

// Dump implements ast.Node.
func (n *ClaimNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"index": strconv.Itoa(n.Index), "ref": n.Claim.Ref()}, nil)
}

// StatementNode is a checked statement of the prose.
type StatementNode struct {
	ast.BaseInline
	Claim *Claim
	Index int // in the chapter's Claims, and in its results' Claims
}

// KindStatement is the node kind of a checked statement.
var KindStatement = ast.NewNodeKind("Statement")

// Kind implements ast.Node.
func (n *StatementNode) Kind() ast.NodeKind { return KindStatement }

// Dump implements ast.Node.
func (n *StatementNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"index": strconv.Itoa(n.Index), "ref": n.Claim.Ref()}, nil)
}

// FigureNode is a published figure placed by a paragraph of its own:
// ![alt](figure:NAME "caption"). Its child is the image.
type FigureNode struct {
	ast.BaseBlock
	Name    string
	Alt     string // the image's text
	Caption string // the image's title, which replaces the published caption
}

// KindFigure is the node kind of a figure placed by the prose.
var KindFigure = ast.NewNodeKind("Figure")

// Kind implements ast.Node.
func (n *FigureNode) Kind() ast.NodeKind { return KindFigure }

// Dump implements ast.Node.
func (n *FigureNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"name": n.Name}, nil)
}

// OutputNode is an output block: what the go snippet right before it
// must print. Its child is the fenced block. Parse gives it its Want and
// the snippet it checks; an output block that checks no snippet (see
// ParseWith's errors) keeps Snippet -1.
type OutputNode struct {
	ast.BaseBlock
	Want    *Want
	Snippet int // the snippet it checks: in the chapter's Snippets, and in its results' Snippets; -1 for none
}

// KindOutput is the node kind of an output block.
var KindOutput = ast.NewNodeKind("Output")

// Kind implements ast.Node.
func (n *OutputNode) Kind() ast.NodeKind { return KindOutput }

// Dump implements ast.Node.
func (n *OutputNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"snippet": strconv.Itoa(n.Snippet)}, nil)
}

// outputLang is the first word of an output block's info string.
const outputLang = "output"

// figurePrefix is the destination prefix of an image that places a
// published figure.
const figurePrefix = "figure:"

// chapterNodes is the extension that makes the chapter's own nodes.
type chapterNodes struct{}

// Extend implements goldmark.Extender.
func (chapterNodes) Extend(m goldmark.Markdown) {
	// After every other transformer: the nodes wrap the final tree.
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(nodeTransformer{}, 10000)))
	// After goldmark's own renderers (1000), so that any other renderer of
	// these kinds, such as the site's, comes first.
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(nodeRenderer{}, 2000)))
}

// nodeRenderer renders the chapter's nodes as plain Markdown would have
// rendered their text: a claim as its number, a statement as its text, a
// figure as a paragraph holding its image, an output block as the fenced
// block it holds. The comments are dropped.
type nodeRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	inline := func(util.BufWriter, []byte, ast.Node, bool) (ast.WalkStatus, error) {
		return ast.WalkContinue, nil
	}
	reg.Register(KindClaim, inline)
	reg.Register(KindStatement, inline)
	reg.Register(KindOutput, inline)
	reg.Register(KindFigure, func(w util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString("<p>")
		} else {
			_, _ = w.WriteString("</p>\n")
		}
		return ast.WalkContinue, nil
	})
}

// nodeTransformer rewrites a parsed chapter into the chapter's own nodes:
// output blocks and figures first, then the claims, then the statements,
// each claim read from the tree as it was parsed.
type nodeTransformer struct{}

// Transform implements parser.ASTTransformer.
func (nodeTransformer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	var raws []*ast.RawHTML
	var images []*ast.Image
	var outputs []*ast.FencedCodeBlock
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.FencedCodeBlock:
			if lang, _ := infoWords(n, src); lang == outputLang {
				outputs = append(outputs, n)
			}
			return ast.WalkSkipChildren, nil
		case *ast.CodeBlock, *ast.HTMLBlock, *ast.CodeSpan:
			return ast.WalkSkipChildren, nil
		case *ast.Heading:
			labelHeading(n, src)
		case *ast.RawHTML:
			raws = append(raws, n)
		case *ast.Image:
			if strings.HasPrefix(string(n.Destination), figurePrefix) {
				images = append(images, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, fb := range outputs {
		wrapOutput(fb)
	}
	for _, img := range images {
		wrapFigure(img, src)
	}
	if len(raws) == 0 {
		return
	}
	lines := newLineIndex(src)
	var claims []*Claim
	for _, r := range raws {
		if c, err := parseClaimNode(r, src, lines); err == nil && c != nil {
			claims = append(claims, c)
		}
	}
	for _, c := range claims {
		if c.Op != check.OpStatement {
			wrapClaim(c, src)
		}
	}
	for _, c := range claims {
		if c.Op == check.OpStatement {
			wrapStatement(c, src)
		}
	}
}

// secLabelRE matches a section label at the end of a heading's text.
var secLabelRE = regexp.MustCompile(`[ \t]*\{#sec:([a-z][a-z0-9_-]*)\}[ \t]*$`)

// labelHeading takes a section label off the end of a heading and makes
// its NAME the heading's anchor.
func labelHeading(h *ast.Heading, src []byte) {
	t, ok := h.LastChild().(*ast.Text)
	if !ok {
		return
	}
	v := t.Segment.Value(src)
	m := secLabelRE.FindSubmatchIndex(v)
	if m == nil {
		return
	}
	t.Segment = t.Segment.WithStop(t.Segment.Start + m[0])
	h.SetAttributeString("id", []byte(string(v[m[2]:m[3]])))
}

// wrapFigure turns the paragraph that holds only img into a figure node.
func wrapFigure(img *ast.Image, src []byte) {
	para := img.Parent()
	if para == nil || para.Kind() != ast.KindParagraph || !onlyChild(para, img, src) {
		return
	}
	fn := &FigureNode{Name: strings.TrimPrefix(string(img.Destination), figurePrefix),
		Alt: plainText(img, src), Caption: string(img.Title)}
	fn.SetLines(para.Lines())
	para.Parent().ReplaceChild(para.Parent(), para, fn)
	para.RemoveChild(para, img)
	fn.AppendChild(fn, img)
}

// wrapOutput puts an output block's fenced block in an output node, in
// its place.
func wrapOutput(fb *ast.FencedCodeBlock) {
	on := &OutputNode{Snippet: -1}
	lines := text.NewSegments() // its own, with the block's text
	lines.AppendAll(fb.Lines().Sliced(0, fb.Lines().Len()))
	on.SetLines(lines)
	on.SetBlankPreviousLines(fb.HasBlankPreviousLines())
	fb.Parent().ReplaceChild(fb.Parent(), fb, on)
	on.AppendChild(on, fb)
}

// infoWords returns the first word of a fenced block's info string (its
// language) and the other words (its attributes).
func infoWords(fb *ast.FencedCodeBlock, src []byte) (string, []string) {
	if fb.Info == nil {
		return "", nil
	}
	words := strings.Fields(string(fb.Info.Segment.Value(src)))
	if len(words) == 0 {
		return "", nil
	}
	return words[0], words[1:]
}

// onlyChild reports whether n is the only content of para, apart from
// white space.
func onlyChild(para, n ast.Node, src []byte) bool {
	for c := para.FirstChild(); c != nil; c = c.NextSibling() {
		if c == n {
			continue
		}
		if t, ok := c.(*ast.Text); ok && len(strings.TrimSpace(string(t.Segment.Value(src)))) == 0 {
			continue
		}
		return false
	}
	return true
}

// wrapClaim replaces a claim comment with a claim node that holds the
// number written before it, so that a renderer can mark the number itself.
func wrapClaim(c *Claim, src []byte) {
	n := c.Node
	parent := n.Parent()
	if parent == nil {
		return
	}
	cn := &ClaimNode{Claim: c}
	parent.ReplaceChild(parent, n, cn)
	prev, ok := cn.PreviousSibling().(*ast.Text)
	if !ok || prev.SoftLineBreak() || prev.HardLineBreak() {
		return
	}
	seg := prev.Segment
	num := c.Written.Text
	if !strings.HasSuffix(string(seg.Value(src)), num) {
		return // the number spans nodes: the mark comes after it
	}
	cut := seg.Stop - len(num)
	numText := ast.NewTextSegment(seg.WithStart(cut))
	if cut == seg.Start {
		parent.RemoveChild(parent, prev)
	} else {
		prev.Segment = seg.WithStop(cut)
	}
	cn.AppendChild(cn, numText)
}

// wrapStatement replaces a statement comment with a statement node that
// holds the text the statement covers. A statement that covers nothing
// stays a comment.
func wrapStatement(c *Claim, src []byte) {
	if c.Node.Parent() == nil {
		return
	}
	first, cut := StatementStart(c.Node, src)
	if first == c.Node {
		return
	}
	parent := c.Node.Parent()
	if cut >= 0 { // the sentence starts inside a text node: split it
		t := first.(*ast.Text)
		in := ast.NewTextSegment(t.Segment.WithStart(cut))
		in.SetSoftLineBreak(t.SoftLineBreak())
		t.Segment = t.Segment.WithStop(cut)
		t.SetSoftLineBreak(false)
		parent.InsertAfter(parent, t, in)
		first = in
	}
	var covered []ast.Node
	for n := first; n != c.Node; n = n.NextSibling() {
		covered = append(covered, n)
	}
	sn := &StatementNode{Claim: c}
	parent.ReplaceChild(parent, c.Node, sn)
	for _, n := range covered {
		parent.RemoveChild(parent, n)
		sn.AppendChild(sn, n)
	}
}
