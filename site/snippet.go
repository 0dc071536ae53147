package site

import (
	"fmt"
	"html"
	"strings"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/tally-book/tally/runner"
	highlighting "github.com/yuin/goldmark-highlighting/v2"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// snippetRenderer renders fenced code blocks: the code highlighted by
// goldmark-highlighting (chroma, CSS classes), then what the snippet
// printed, then the figures it published. A "go hide" snippet shows only
// its output and figures; an output block shows nothing more when the
// output matched it.
type snippetRenderer struct {
	p         *page
	highlight renderer.NodeRendererFunc
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
	r.highlight = c.f
	reg.Register(ast.KindFencedCodeBlock, r.render)
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
	if s, ok := p.wantOf[n]; ok {
		p.writeWant(w, s)
		return ast.WalkSkipChildren, nil
	}
	s, ok := p.snippetOf[n]
	if !ok { // not a chapter snippet: render as the highlighter does
		return r.highlight(w, src, n, entering)
	}
	var sr *runner.SnippetResult
	if p.res != nil && s.Index < len(p.res.Snippets) {
		sr = &p.res.Snippets[s.Index]
	}
	if !(s.Lang == "go" && s.Has("hide")) {
		fmt.Fprintf(w, `<div class="snippet" id="snippet-%d">`, s.Index+1)
		if label := snippetLabel(s); label != "" {
			w.WriteString(`<div class="snippet-label">` + label + "</div>")
		}
		if _, err := r.highlight(w, src, n, entering); err != nil {
			return ast.WalkStop, err
		}
		w.WriteString("</div>\n")
	}
	if s.Runs() {
		p.writeOutput(w, s, sr)
	}
	for _, f := range p.after[s.Index] {
		p.writeFigure(w, f, "")
	}
	return ast.WalkSkipChildren, nil
}

// snippetLabel returns the HTML of the small label above a snippet: its
// language, and whether it is run.
func snippetLabel(s *runner.Snippet) string {
	lang := html.EscapeString(s.Lang)
	switch {
	case s.Lang == "go" && s.Has("norun"):
		return lang + ` <span class="tag">not run</span>`
	case s.Lang == "go":
		return lang
	case s.Lang == "":
		return ""
	}
	return lang + ` <span class="tag" title="shown, not run">not run</span>`
}

// outputFoldLines is the length from which an output is folded.
const outputFoldLines = 24

// writeOutput writes what the snippet printed, always escaped, and the
// result of the comparison with its output block.
func (p *page) writeOutput(w util.BufWriter, s *runner.Snippet, sr *runner.SnippetResult) {
	if sr == nil || !sr.Ran {
		if s.Want != nil && p.res != nil {
			p.writeCheck(w, sr)
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
	fmt.Fprintf(w, `<%s class="output" id="output-%d">`, tag, s.Index+1)
	head := "Output"
	if fold {
		fmt.Fprintf(w, `<summary class="output-head">%s <span class="muted">· %d lines</span></summary>`, head, lines)
	} else {
		fmt.Fprintf(w, `<div class="output-head">%s</div>`, head)
	}
	if stdout != "" {
		w.WriteString(`<pre class="stdout">` + html.EscapeString(stdout) + "</pre>")
	}
	if sr.StdoutCut > 0 {
		fmt.Fprintf(w, `<p class="cut">… %d more bytes of output not kept</p>`, sr.StdoutCut)
	}
	if stderr != "" {
		w.WriteString(`<pre class="stderr" aria-label="standard error">` + html.EscapeString(stderr) + "</pre>")
	}
	if sr.StderrCut > 0 {
		fmt.Fprintf(w, `<p class="cut">… %d more bytes of standard error not kept</p>`, sr.StderrCut)
	}
	if stdout == "" && stderr == "" {
		w.WriteString(`<p class="empty">(no output)</p>`)
	}
	p.writeCheck(w, sr)
	fmt.Fprintf(w, "</%s>\n", tag)
}

// writeCheck writes the result of the comparison with the output block.
func (p *page) writeCheck(w util.BufWriter, sr *runner.SnippetResult) {
	if sr == nil || sr.Output == nil {
		return
	}
	oc := sr.Output
	src := html.EscapeString(p.sourceName())
	switch oc.Status {
	case "pass":
		fmt.Fprintf(w, `<p class="check check-pass"><span aria-hidden="true">✓</span> matches the expected output (%s:%d)</p>`, src, oc.Line)
	case "fail":
		fmt.Fprintf(w, `<p class="check check-fail"><span aria-hidden="true">✗</span> differs from the expected output (%s:%d): %s</p>`,
			src, oc.Line, html.EscapeString(oc.Message))
	default:
		fmt.Fprintf(w, `<p class="check check-info">%s:%d: %s</p>`, src, oc.Line, html.EscapeString(oc.Message))
	}
}

// writeWant writes an output block: nothing when the output matched it
// (the output itself is shown), the expected text when it did not.
func (p *page) writeWant(w util.BufWriter, s *runner.Snippet) {
	if p.res != nil && s.Index < len(p.res.Snippets) {
		if oc := p.res.Snippets[s.Index].Output; oc != nil && oc.Status == "pass" {
			return
		}
	}
	w.WriteString(`<div class="output output-want"><div class="output-head">Expected output</div>`)
	w.WriteString(`<pre>` + html.EscapeString(s.Want.Text) + "</pre></div>\n")
}

func countLines(s string) int {
	if s == "" {
		return 0
	}
	return strings.Count(strings.TrimSuffix(s, "\n"), "\n") + 1
}
