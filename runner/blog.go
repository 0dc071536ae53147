package runner

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
// text, and kramdown's attribute lines are dropped (kramdownIAL).

// IsJekyllPost reports whether path is a post of a Jekyll site: a
// Markdown file anywhere under a folder named _posts (_posts/2023/… too).
func IsJekyllPost(path string) bool {
	for dir := filepath.Dir(filepath.FromSlash(path)); ; dir = filepath.Dir(dir) {
		if filepath.Base(dir) == "_posts" {
			return true
		}
		if parent := filepath.Dir(dir); parent == dir {
			return false
		}
	}
}

// liquidRE matches a Liquid tag, {% name … %}, or a Liquid output,
// {{ variable… }}, which starts with a name: Go's {{1, 2}} and
// []T{{…}} do not.
var liquidRE = regexp.MustCompile(`\{%-?\s*[a-z]+[^%]*-?%\}|\{\{-?\s*[A-Za-z_][\w.]*\s*(\|[^}]*)?-?\}\}`)

// checkLiquid reports Liquid inside the go snippets of a Jekyll post:
// Jekyll would expand it before the page is built, so the code a reader
// sees would not be the code tally runs.
func checkLiquid(ch *Chapter, errs *ErrorList) {
	for _, s := range ch.Snippets {
		if s.Lang != "go" {
			continue
		}
		for i, l := range strings.Split(s.Code, "\n") {
			if m := liquidRE.FindString(l); m != "" {
				errs.Add(Pos{ch.Path, s.Line + i}, "Liquid %s inside a go snippet: tally runs the code as written, Jekyll would expand the tag (move it out of the code block)", m)
			}
		}
	}
}

// kramdownIAL drops kramdown's attribute lists, such as {: .center} or
// {:toc}, from paragraphs: a line of only an attribute list styles the
// block next to it in Jekyll, and would show as text here.
type kramdownIAL struct{}

var ialRE = regexp.MustCompile(`^\s*\{:[^}]*\}\s*$`)

// Transform implements parser.ParagraphTransformer.
func (kramdownIAL) Transform(p *ast.Paragraph, reader text.Reader, pc parser.Context) {
	lines := p.Lines()
	src := reader.Source()
	kept := text.NewSegments()
	dropped := false
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		if ialRE.Match(bytes.TrimRight(seg.Value(src), "\r\n")) {
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
