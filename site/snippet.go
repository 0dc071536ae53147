package site

import (
	"fmt"
	"html"
	"strings"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/tally-book/tally/check"
	"github.com/tally-book/tally/runner"
	"github.com/tally-book/tally/runner/chapter"
	"github.com/yuin/goldmark"
	highlighting "github.com/yuin/goldmark-highlighting/v2"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// snippetRenderer renders fenced code blocks: the code highlighted by
// goldmark-highlighting (chroma, CSS classes), then what the snippet
// printed, then the figures it published. A "go hide" snippet shows only
// its output and figures. It renders output blocks (chapter.OutputNode)
// too: one shows nothing more when the output matched it, its expected
// text when it did not.
type snippetRenderer struct {
	p         *page
	highlight renderer.NodeRendererFunc
	of        map[ast.Node]*chapter.Snippet // fenced code block → snippet
}

// newSnippets indexes the snippets of a page's chapter by their nodes in
// the page's tree, the copy (copyOf) of the chapter's. Output blocks need
// no index: their node holds their snippet's.
func newSnippets(p *page, copyOf map[ast.Node]ast.Node) *snippetRenderer {
	r := &snippetRenderer{p: p, of: map[ast.Node]*chapter.Snippet{}}
	for _, s := range p.ch.Snippets {
		r.of[copyOf[s.Node]] = s
	}
	return r
}

// chromaStyle and chromaDarkStyle are the highlighting styles of the light
// and dark themes; the classes are the same, so one page serves both.
const (
	chromaStyle     = "github"
	chromaDarkStyle = "github-dark"
)

func (r *snippetRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	var c capture
	highlighting.NewHTMLRenderer(
		highlighting.WithStyle(chromaStyle),
		highlighting.WithFormatOptions(chromahtml.WithClasses(true)),
	).RegisterFuncs(&c)
	r.highlight = plainHighlight(c.f)
	reg.Register(ast.KindFencedCodeBlock, r.render)
	reg.Register(chapter.KindOutput, r.renderOutput)
}

// capture keeps the fenced code block function of a node renderer.
type capture struct{ f renderer.NodeRendererFunc }

func (c *capture) Register(k ast.NodeKind, f renderer.NodeRendererFunc) {
	if k == ast.KindFencedCodeBlock {
		c.f = f
	}
}

func (r *snippetRenderer) render(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	p := r.p
	s, ok := r.of[n]
	if !ok { // not a chapter snippet: render as the highlighter does
		return r.highlight(w, src, n, entering)
	}
	if p.tr != nil {
		return r.renderTranslated(w, s)
	}
	if !(s.Lang == "go" && s.Has("hide")) {
		if err := r.writeCode(w, fmt.Sprintf("snippet-%d", s.Index+1), s, src); err != nil {
			return ast.WalkStop, err
		}
	}
	if s.Runs() {
		r.writeOutput(w, s, r.snippetResult(s.Index))
	}
	for _, f := range p.fig.after[s.Index] {
		p.fig.write(w, f, "", "")
	}
	return ast.WalkSkipChildren, nil
}

// renderOutput renders an output block from its node: what it expects of
// the node's snippet (writeWant). An output block that checks no snippet
// (the parse reported it) is shown as the fenced block it holds.
func (r *snippetRenderer) renderOutput(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	on := n.(*chapter.OutputNode)
	if on.Snippet < 0 {
		return ast.WalkContinue, nil
	}
	if entering && r.p.tr == nil { // a translation's output blocks stand for the source's, shown with its code
		r.writeWant(w, on.Snippet, on.Want)
	}
	return ast.WalkSkipChildren, nil
}

// renderTranslated renders a fenced block of a translation: for a go block,
// the code of the source snippet it stands for, with the output and
// figures of that snippet and of the hidden snippets after it; for
// another block, the block itself, with the id block-N.
func (r *snippetRenderer) renderTranslated(w util.BufWriter, s *chapter.Snippet) (ast.WalkStatus, error) {
	p := r.p
	k := -1
	if s.Index < len(p.tr.Code) {
		k = p.tr.Code[s.Index]
	}
	if k < 0 || k >= len(p.code.Snippets) {
		if err := r.writeCode(w, fmt.Sprintf("block-%d", s.Index+1), s, p.ch.Source); err != nil {
			return ast.WalkStop, err
		}
		return ast.WalkSkipChildren, nil
	}
	for _, j := range p.ed.group[k] {
		o := p.code.Snippets[j]
		if j == k {
			code, src := commentsTranslated(o, p.code.Source, p.tr.CodeText)
			if err := r.writeCode(w, fmt.Sprintf("snippet-%d", j+1), code, src); err != nil {
				return ast.WalkStop, err
			}
		}
		if o.Runs() {
			r.writeOutput(w, o, r.snippetResult(j))
		}
		if j == k && o.Want != nil {
			r.writeWant(w, o.Index, o.Want)
		}
		for _, f := range p.fig.after[j] {
			p.fig.write(w, f, "", "")
		}
	}
	return ast.WalkSkipChildren, nil
}

// commentsTranslated returns the snippet o of the source src with its
// line comments translated by a translation's code_text m
// (chapter.TranslateComments), and the source its node is in: o and src
// themselves when m translates none of them.
func commentsTranslated(o *chapter.Snippet, src []byte, m map[string]string) (*chapter.Snippet, []byte) {
	code := chapter.TranslateComments(o.Code, m)
	fb, ok := o.Node.(*ast.FencedCodeBlock)
	if code == o.Code || !ok {
		return o, src
	}
	info := ""
	if fb.Info != nil {
		info = string(fb.Info.Segment.Value(src))
	}
	fence := "```"
	for strings.Contains(code, fence) {
		fence += "`"
	}
	own := []byte(fence + info + "\n" + code + fence + "\n")
	n := goldmark.New().Parser().Parse(text.NewReader(own)).FirstChild()
	if _, ok := n.(*ast.FencedCodeBlock); !ok {
		return o, src
	}
	t := *o
	t.Code, t.Node = code, n
	return &t, own
}

// writeCode writes the highlighted code of a snippet, whose node is in
// src, with its label.
func (r *snippetRenderer) writeCode(w util.BufWriter, id string, s *chapter.Snippet, src []byte) error {
	fmt.Fprintf(w, `<div class="snippet" id="%s">`, id)
	if label := r.snippetLabel(s); label != "" {
		w.WriteString(`<div class="snippet-label">` + label + "</div>")
	}
	if err := r.p.b.code.highlight(w, r.highlight, src, s.Node); err != nil {
		return err
	}
	w.WriteString("</div>\n")
	return nil
}

// snippetResult returns what running snippet i of the page's code gave,
// or nil.
func (r *snippetRenderer) snippetResult(i int) *runner.SnippetResult {
	p := r.p
	if p.res != nil && i < len(p.res.Snippets) {
		return &p.res.Snippets[i]
	}
	return nil
}

// snippetLabel returns the HTML of the small label above a snippet: its
// language, and whether it is run.
func (r *snippetRenderer) snippetLabel(s *chapter.Snippet) string {
	m := r.p.msg()
	lang := html.EscapeString(s.Lang)
	switch {
	case s.Lang == "go" && s.Has("norun"):
		return lang + ` <span class="tag">` + html.EscapeString(m.T("notrun")) + `</span>`
	case s.Lang == "go":
		return lang
	case s.Lang == "":
		return ""
	}
	return lang + ` <span class="tag" title="` + html.EscapeString(m.T("notrun.title")) + `">` + html.EscapeString(m.T("notrun")) + `</span>`
}

// outputFoldLines is the length from which an output is folded.
const outputFoldLines = 24

// writeOutput writes what the snippet printed, always escaped, and the
// result of the comparison with its output block.
func (r *snippetRenderer) writeOutput(w util.BufWriter, s *chapter.Snippet, sr *runner.SnippetResult) {
	p := r.p
	if sr == nil || !sr.Ran {
		if s.Want != nil && p.res != nil {
			r.writeCheck(w, sr)
		}
		return
	}
	stdout, stderr := sr.Stdout, sr.Stderr
	if stdout == "" && stderr == "" && sr.Output == nil {
		return
	}
	lines := countLines(stdout) + countLines(stderr)
	fold := lines > outputFoldLines
	tag := "div"
	if fold {
		tag = "details"
	}
	m := p.msg()
	fmt.Fprintf(w, `<%s class="output" id="output-%d" data-snippet="%d">`, tag, s.Index+1, s.Index)
	head := html.EscapeString(m.T("output"))
	if fold {
		fmt.Fprintf(w, `<summary class="output-head">%s <span class="muted">%s</span></summary>`, head, html.EscapeString(m.F("output.lines", lines)))
	} else {
		fmt.Fprintf(w, `<div class="output-head">%s</div>`, head)
	}
	if stdout != "" {
		w.WriteString(`<pre class="stdout">` + outputHTML(stdout) + "</pre>")
	}
	if sr.StdoutCut > 0 {
		fmt.Fprintf(w, `<p class="cut">%s</p>`, html.EscapeString(m.F("output.cut", sr.StdoutCut)))
	}
	if stderr != "" {
		w.WriteString(`<pre class="stderr" aria-label="` + html.EscapeString(m.T("stderr")) + `">` + outputHTML(stderr) + "</pre>")
	}
	if sr.StderrCut > 0 {
		fmt.Fprintf(w, `<p class="cut">%s</p>`, html.EscapeString(m.F("stderr.cut", sr.StderrCut)))
	}
	if stdout == "" && stderr == "" {
		w.WriteString(`<p class="empty">` + html.EscapeString(m.T("output.empty")) + `</p>`)
	}
	r.writeCheck(w, sr)
	fmt.Fprintf(w, "</%s>\n", tag)
}

// writeCheck writes the result of the comparison with the output block.
func (r *snippetRenderer) writeCheck(w util.BufWriter, sr *runner.SnippetResult) {
	if sr == nil || sr.Output == nil {
		return
	}
	oc := sr.Output
	m := r.p.msg()
	src := r.p.code.Path
	switch oc.Status {
	case check.Pass:
		fmt.Fprintf(w, `<p class="check check-pass"><span aria-hidden="true">✓</span> %s</p>`, html.EscapeString(m.F("check.pass", src, oc.Line)))
	case check.Fail:
		fmt.Fprintf(w, `<p class="check check-fail"><span aria-hidden="true">✗</span> %s</p>`, outputHTML(m.F("check.fail", src, oc.Line, oc.Message)))
	default:
		fmt.Fprintf(w, `<p class="check check-info">%s:%d: %s</p>`, html.EscapeString(src), oc.Line, outputHTML(oc.Message))
	}
}

// writeWant writes the output block want of snippet i: nothing when the
// output matched it (the output itself is shown), the expected text when
// it did not.
func (r *snippetRenderer) writeWant(w util.BufWriter, i int, want *chapter.Want) {
	p := r.p
	if p.res != nil && i < len(p.res.Snippets) {
		if oc := p.res.Snippets[i].Output; oc != nil && oc.Status == check.Pass {
			return
		}
	}
	w.WriteString(`<div class="output output-want"><div class="output-head">` + html.EscapeString(p.msg().T("want")) + `</div>`)
	w.WriteString(`<pre>` + html.EscapeString(want.Text) + "</pre></div>\n")
}

func countLines(s string) int {
	if s == "" {
		return 0
	}
	return strings.Count(strings.TrimSuffix(s, "\n"), "\n") + 1
}

// outputHTML escapes text that a program printed for a page: control
// characters (ANSI escapes, CR, NUL) and bytes that are not UTF-8 are
// written out as Go escapes (\x1b, \xff), as tally run shows them, and
// the rest is escaped for HTML.
func outputHTML(s string) string { return html.EscapeString(runner.Printable(s)) }
