package site

import (
	"github.com/tally-book/tally/runner/chapter"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// rendererPriority puts the site's node renderers before goldmark's own
// (1000), goldmark-highlighting's (200) and the passthrough ones (99, 101).
const rendererPriority = 10

// newMarkdown returns the converter that renders one page's tree: the
// runner's (whose parse made the tree, and whose extensions render tables,
// math passthrough and the chapter's nodes by default) plus the site's
// renderers, one per feature; a feature that keeps state for the page is
// its own renderer (p.snip, p.tex, p.fig, p.links; the claim marks keep
// theirs, the count of tooltips, in their renderer).
func newMarkdown(p *page, m chapter.MathSyntax) goldmark.Markdown {
	return chapter.Markdown(m,
		rawHTML{},
		nodeRenderer{p.tex},
		nodeRenderer{p.snip},
		nodeRenderer{&claimMarks{p: p}},
		nodeRenderer{&xrefRenderer{p}},
		nodeRenderer{p.fig},
		nodeRenderer{p.links},
		nodeRenderer{&deepDiveRenderer{p.msg()}},
		nodeRenderer{&anchorRenderer{}},
		nodeRenderer{&staleRenderer{}},
		nodeRenderer{sectionNumberRenderer{}},
	)
}

// rawHTML lets raw HTML of the prose through: the chapters are the
// author's own. Snippet output never takes this path; it is escaped.
type rawHTML struct{}

func (rawHTML) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(html.WithUnsafe())
}

// nodeRenderer is an Extender that adds one node renderer.
type nodeRenderer struct{ r renderer.NodeRenderer }

func (e nodeRenderer) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(e.r, rendererPriority)))
}
