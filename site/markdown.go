package site

import (
	"github.com/tally-book/tally/runner"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// rendererPriority puts the site's node renderers before goldmark's own
// (1000), goldmark-highlighting's (200) and the passthrough ones (99, 101).
const rendererPriority = 10

// newMarkdown returns the converter for one page: the runner's parser, so
// that snippet and claim indexes agree with the results, plus the site's
// renderers, one extension per feature, each reading the page's state.
func newMarkdown(p *page, m runner.MathSyntax) goldmark.Markdown {
	return runner.Markdown(m,
		rawHTML{},
		nodeRenderer{&mathRenderer{p}},
		nodeRenderer{&snippetRenderer{p: p}},
		nodeRenderer{&claimRenderer{p}},
		nodeRenderer{&statementRenderer{p}},
		nodeRenderer{&xrefRenderer{p}},
		nodeRenderer{&figureRenderer{p}},
		nodeRenderer{&linkRenderer{p}},
		nodeRenderer{&deepDiveRenderer{p}},
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
