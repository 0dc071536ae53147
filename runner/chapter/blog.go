package chapter

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Posts of existing blogs are chapters too: a Jekyll _posts folder or a
// Hugo content folder. Their front matter (YAML, or TOML between +++) is
// kept as it is, Liquid tags and Hugo shortcodes in the prose are left as
// text, and kramdown's attribute lines and Liquid's lone {% raw %} and
// {% endraw %} lines are dropped (kramdownIAL).

// isJekyllPost reports whether path is a post of a Jekyll site: a
// Markdown file anywhere under a folder named _posts (_posts/2023/… too).
func isJekyllPost(path string) bool {
	for dir := filepath.Dir(filepath.FromSlash(path)); ; dir = filepath.Dir(dir) {
		if filepath.Base(dir) == "_posts" {
			return true
		}
		if parent := filepath.Dir(dir); parent == dir {
			return false
		}
	}
}

// Liquid tags that open and close a raw block, in any spacing and with
// Liquid's whitespace control: {% raw %}, {%- raw -%}, {%endraw%}.
var (
	liquidRawRE    = regexp.MustCompile(`\{%-?\s*raw\s*-?%\}`)
	liquidEndrawRE = regexp.MustCompile(`\{%-?\s*endraw\s*-?%\}`)
)

// LiquidRaw returns the byte ranges [start, end) of src that Liquid
// passes through as text: what lies between {% raw %} and the next
// {% endraw %}, Jekyll's way to keep {{ and {% in a post. A raw block
// that is never closed runs to the end.
func LiquidRaw(src []byte) [][2]int {
	var spans [][2]int
	for off := 0; off < len(src); {
		open := liquidRawRE.FindIndex(src[off:])
		if open == nil {
			break
		}
		start := off + open[1]
		end := liquidEndrawRE.FindIndex(src[start:])
		if end == nil {
			spans = append(spans, [2]int{start, len(src)})
			break
		}
		spans = append(spans, [2]int{start, start + end[0]})
		off = start + end[1]
	}
	return spans
}

// inSpans reports whether off lies in one of spans.
func inSpans(spans [][2]int, off int) bool {
	for _, sp := range spans {
		if off >= sp[0] && off < sp[1] {
			return true
		}
	}
	return false
}

// HasLiquid reports whether s holds {{ or {%, which Liquid reads as the
// start of an output or a tag whatever follows: Jekyll expands {{ .Name }}
// to nothing and fails on Go's {{1, 2}} and fmt's "{%d}".
func HasLiquid(s string) bool {
	return strings.Contains(s, "{{") || strings.Contains(s, "{%")
}

// checkLiquid reports {{ and {% inside the go snippets of a Jekyll post,
// outside a {% raw %} block: Jekyll would expand them (or stop on them)
// before the page is built, so the code a reader sees would not be the
// code tally runs.
func checkLiquid(ch *Chapter, errs *ErrorList) {
	raw := LiquidRaw(ch.Source)
	starts := []int{0} // byte offset of each line, 1-based through starts[line-1]
	for i, c := range ch.Source {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	for _, s := range ch.Snippets {
		if s.Lang != "go" || s.Code == "" {
			continue
		}
		n := strings.Count(strings.TrimSuffix(s.Code, "\n"), "\n") + 1
		for l := s.Line; l < s.Line+n && l <= len(starts); l++ {
			end := len(ch.Source)
			if l < len(starts) {
				end = starts[l]
			}
			line := string(ch.Source[starts[l-1]:end])
			for i := 0; i+1 < len(line); i++ {
				if line[i] != '{' || (line[i+1] != '{' && line[i+1] != '%') || inSpans(raw, starts[l-1]+i) {
					continue
				}
				errs.Add(Pos{ch.Path, l}, "Liquid %s inside a go snippet: Jekyll would expand it, so the page would not show the code tally runs (put {%% raw %%} on the line before the block and {%% endraw %%} on the line after it)", liquidText(line[i:]))
				break
			}
		}
	}
}

// liquidText returns the Liquid that starts s, for a message: up to its
// closing }} or %} on the line, else the rest of the line.
func liquidText(s string) string {
	s = strings.TrimRight(s, "\r\n")
	closer := "}}"
	if strings.HasPrefix(s, "{%") {
		closer = "%}"
	}
	if i := strings.Index(s[2:], closer); i >= 0 {
		return s[:i+4]
	}
	return s
}

// kramdownIAL drops kramdown's attribute lists, such as {: .center} or
// {:toc}, from paragraphs: a line of only an attribute list styles the
// block next to it in Jekyll, and would show as text here. It drops a line
// of only {% raw %} or {% endraw %} too, which Jekyll shows as nothing:
// around a code block, they keep its {{ from Liquid, and an output block
// after {% endraw %} still follows its snippet directly.
type kramdownIAL struct{}

var (
	ialRE     = regexp.MustCompile(`^\s*\{:[^}]*\}\s*$`)
	rawLineRE = regexp.MustCompile(`^\s*\{%-?\s*(end)?raw\s*-?%\}\s*$`)
)

// Transform implements parser.ParagraphTransformer.
func (kramdownIAL) Transform(p *ast.Paragraph, reader text.Reader, pc parser.Context) {
	lines := p.Lines()
	src := reader.Source()
	kept := text.NewSegments()
	dropped := false
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		if l := bytes.TrimRight(seg.Value(src), "\r\n"); ialRE.Match(l) || rawLineRE.Match(l) {
			dropped = true
			continue
		}
		kept.Append(seg)
	}
	if !dropped {
		return
	}
	if kept.Len() == 0 {
		p.Parent().RemoveChild(p.Parent(), p)
		return
	}
	p.SetLines(kept)
}

// kramdownExt registers kramdownIAL.
type kramdownExt struct{}

func (kramdownExt) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithParagraphTransformers(util.Prioritized(kramdownIAL{}, 50)))
}
