package site

import (
	"errors"
	"html"
	"strings"
	"unicode/utf8"

	"github.com/gohugoio/hugo-goldmark-extensions/passthrough"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// pageMath is the math feature of a page: it renders the $…$ and $$…$$
// that the passthrough extension kept away from Markdown, with KaTeX at
// build time, and keeps whether the page and its summary use math, for
// KaTeX's style sheet. A formula KaTeX refuses is an error at its chapter
// line, and is shown as red TeX.
type pageMath struct {
	p         *page
	used      bool // the page
	inSummary bool // its summary, on the index page
}

func (r *pageMath) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(passthrough.KindPassthroughInline, r.inline)
	reg.Register(passthrough.KindPassthroughBlock, r.block)
	reg.Register(KindNobr, r.nobr)
}

func (r *pageMath) inline(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	m := n.(*passthrough.PassthroughInline)
	r.write(w, src, []text.Segment{m.Segment}, m.Delimiters, false)
	return ast.WalkSkipChildren, nil
}

// nobr holds a formula and the Korean particle written right after it
// ($t$에서), which a line must not part: keep-all joins the syllables of a
// word, but a browser may break after a formula whatever follows it.
type nobr struct {
	ast.BaseInline
}

// KindNobr is the node kind of a formula and its particle.
var KindNobr = ast.NewNodeKind("Nobr")

func (n *nobr) Kind() ast.NodeKind { return KindNobr }

func (n *nobr) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// joinParticles puts each inline formula that a Hangul word follows
// without a space, with the syllables of that word, into a nobr node.
func joinParticles(doc ast.Node, src []byte) {
	var maths []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && n.Kind() == passthrough.KindPassthroughInline {
			maths = append(maths, n)
		}
		return ast.WalkContinue, nil
	})
	for _, m := range maths {
		t, ok := m.NextSibling().(*ast.Text)
		parent := m.Parent()
		if !ok || parent == nil {
			continue
		}
		val := t.Segment.Value(src)
		cut := 0
		for cut < len(val) {
			r, size := utf8.DecodeRune(val[cut:])
			if !isHangul(r) {
				break
			}
			cut += size
		}
		if cut == 0 {
			continue
		}
		nb := &nobr{}
		parent.InsertBefore(parent, m, nb)
		parent.RemoveChild(parent, m)
		nb.AppendChild(nb, m)
		head := ast.NewTextSegment(t.Segment.WithStop(t.Segment.Start + cut))
		if cut == len(val) {
			head.SetSoftLineBreak(t.SoftLineBreak())
			head.SetHardLineBreak(t.HardLineBreak())
			parent.RemoveChild(parent, t)
		} else {
			t.Segment = t.Segment.WithStart(t.Segment.Start + cut)
		}
		nb.AppendChild(nb, head)
	}
}

func (r *pageMath) nobr(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		w.WriteString(`<span class="nobr">`)
	} else {
		w.WriteString("</span>")
	}
	return ast.WalkContinue, nil
}

func (r *pageMath) block(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	m := n.(*passthrough.PassthroughBlock)
	segs := make([]text.Segment, m.Lines().Len())
	for i := range segs {
		segs[i] = m.Lines().At(i)
	}
	r.write(w, src, segs, m.Delimiters, true)
	return ast.WalkSkipChildren, nil
}

// write renders the TeX of segs between the delimiters.
func (r *pageMath) write(w util.BufWriter, src []byte, segs []text.Segment, d *passthrough.Delimiters, display bool) {
	p := r.p
	r.used = true
	tex, offsets := joinSegments(src, segs)
	start := 0
	if d != nil && strings.HasPrefix(tex, d.Open) {
		start = len(d.Open)
	}
	end := len(tex)
	if d != nil && strings.HasSuffix(tex[start:], d.Close) {
		end -= len(d.Close)
	}
	body := tex[start:end]
	out, err := p.b.math.Render(body, display)
	if err != nil {
		off := offsets(start)
		var me *MathError
		if errors.As(err, &me) && me.Offset >= 0 {
			off = offsets(start + me.Offset)
		}
		if errors.Is(err, ErrNoKaTeX) {
			p.b.noKaTeX(p, p.ch.Line(off))
		} else {
			p.errorf(p.ch.Line(off), "math: %v", err)
		}
		tag := "span"
		if display {
			tag = "div"
		}
		w.WriteString("<" + tag + ` class="math-error" title="` + html.EscapeString(err.Error()) + `">`)
		w.WriteString(html.EscapeString(tex))
		w.WriteString("</" + tag + ">")
		return
	}
	if display {
		w.WriteString(`<div class="math-display">`)
		w.WriteString(out)
		w.WriteString("</div>\n")
		return
	}
	w.WriteString(out)
}

// joinSegments returns the text of segs and a function that maps an
// offset in it back to an offset in src.
func joinSegments(src []byte, segs []text.Segment) (string, func(int) int) {
	var b strings.Builder
	starts := make([]int, len(segs))
	for i, s := range segs {
		starts[i] = b.Len()
		b.Write(s.Value(src))
	}
	return b.String(), func(off int) int {
		for i := len(segs) - 1; i >= 0; i-- {
			if off >= starts[i] {
				return segs[i].Start + off - starts[i]
			}
		}
		if len(segs) > 0 {
			return segs[0].Start
		}
		return 0
	}
}
