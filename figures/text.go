package figures

import (
	"math"
	"strings"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// fallbackText is the text handler of the house style. It is text.Plain
// with one change: a rune that the style's font lacks is drawn with the
// first fallback font that has it, so that "x₀" works with a book's font
// that has no subscript digits (Noto Sans CJK, say). Metrics (ascent,
// descent, line height) are those of the style's font.
type fallbackText struct {
	fonts     *font.Cache
	fallbacks []font.Font // tried in order; Size is taken from the style
}

var _ text.Handler = fallbackText{}

// Cache returns the cache of fonts used by the handler.
func (h fallbackText) Cache() *font.Cache { return h.fonts }

// Extents returns the extents of fnt.
func (h fallbackText) Extents(fnt font.Font) font.Extents {
	face := h.fonts.Lookup(fnt, fnt.Size)
	return face.Extents()
}

// Lines splits txt into lines.
func (h fallbackText) Lines(txt string) []string {
	return strings.Split(strings.TrimRight(txt, "\n"), "\n")
}

// Box returns the width of the one-line txt and the height and depth of fnt.
func (h fallbackText) Box(txt string, fnt font.Font) (width, height, depth vg.Length) {
	for _, r := range h.runs(txt, fnt) {
		width += r.face.Width(r.text)
	}
	ext := h.Extents(fnt)
	return width, ext.Ascent, ext.Descent
}

// Draw draws txt at pt with sty, one run of a font at a time. The last
// line's baseline is at pt.Y + YAlign·h, where h is the height of the text
// (ascent plus descent per line, plus the line gaps): the placement that
// gonum's layout code assumes when it lifts text by its descent. text.Plain
// approximates it as pt.Y + YAlign·h + size − ascent, which is close only
// for fonts whose ascent is about their size, such as Liberation, and not
// for Noto Sans CJK (ascent 1.16 em): it would clip descenders.
func (h fallbackText) Draw(c vg.Canvas, txt string, sty text.Style, pt vg.Point) {
	txt = strings.TrimRight(txt, "\n")
	if txt == "" {
		return
	}
	c.SetColor(sty.Color)
	if sty.Rotation != 0 {
		c.Push()
		c.Rotate(sty.Rotation)
	}
	sin64, cos64 := math.Sincos(sty.Rotation)
	cos, sin := vg.Length(cos64), vg.Length(sin64)
	pt.X, pt.Y = pt.Y*sin+pt.X*cos, pt.Y*cos-pt.X*sin

	ext := h.Extents(sty.Font)
	lines := h.Lines(txt)
	baseline := pt.Y + sty.Height(txt)*vg.Length(sty.YAlign) + vg.Length(len(lines)-1)*ext.Height
	noter := lineNoterOf(c)
	for _, line := range lines {
		if noter != nil {
			noter.noteLine(line)
		}
		runs := h.runs(line, sty.Font)
		var w vg.Length
		for _, r := range runs {
			w += r.face.Width(r.text)
		}
		at := vg.Point{X: pt.X + vg.Length(sty.XAlign)*w, Y: baseline}
		for _, r := range runs {
			c.FillString(r.face, at, r.text)
			at.X += r.face.Width(r.text)
		}
		baseline -= ext.Height
	}
	if noter != nil {
		noter.noteLine("")
	}
	if sty.Rotation != 0 {
		c.Pop()
	}
}

// run is a piece of a line drawn with one face.
type run struct {
	face font.Face
	text string
}

// runs cuts line into runs of runes that share the first face, of fnt and
// then the fallbacks, that has a glyph for them. A rune no face has stays
// with fnt, which draws its missing-glyph box.
func (h fallbackText) runs(line string, fnt font.Font) []run {
	faces := []font.Face{h.fonts.Lookup(fnt, fnt.Size)}
	for _, f := range h.fallbacks {
		f.Size = fnt.Size
		faces = append(faces, h.fonts.Lookup(f, fnt.Size))
	}
	var (
		buf   sfnt.Buffer
		out   []run
		start int
		cur   = -1
	)
	for i, r := range line {
		k := -1
		if script(r) {
			// Super- and subscripts all come from the first face that
			// has the whole set, lest 10⁻¹ and 10⁻⁴ differ in size.
			for j, f := range faces {
				if hasScripts(&buf, f) && has(&buf, f, r) {
					k = j
					break
				}
			}
		}
		for j := 0; k < 0 && j < len(faces); j++ {
			if has(&buf, faces[j], r) {
				k = j
			}
		}
		if k < 0 {
			k = 0
		}
		if k != cur && cur >= 0 {
			out = append(out, run{faces[cur], line[start:i]})
			start = i
		}
		cur = k
	}
	if cur >= 0 {
		out = append(out, run{faces[cur], line[start:]})
	}
	return out
}

// script reports whether r is a superscript or subscript character.
func script(r rune) bool {
	return r == '¹' || r == '²' || r == '³' || 0x2070 <= r && r <= 0x209F
}

// scriptSet is what a face must have to draw every super- and subscript
// of a figure: Noto Sans CJK has ¹, ² and ³ but not ⁴ nor ⁻.
const scriptSet = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻₀₁₂₃₄₅₆₇₈₉₊₋"

// hasScripts reports whether f has every rune of scriptSet.
func hasScripts(buf *sfnt.Buffer, f font.Face) bool {
	for _, r := range scriptSet {
		if !has(buf, f, r) {
			return false
		}
	}
	return true
}

// has reports whether f has a glyph for r. Control runes count as present.
func has(buf *sfnt.Buffer, f font.Face, r rune) bool {
	if f.Face == nil {
		return false
	}
	if r < ' ' {
		return true
	}
	i, err := f.Face.GlyphIndex(buf, r)
	return err == nil && i != 0
}

// capCentre returns the vertical alignment that centres the capitals and
// digits of one line of sty on its anchor, as tick labels beside a tick
// should be; draw.YCenter centres the line's whole ascent-to-descent box,
// which for a font with tall ascent (Noto Sans CJK) puts digits low.
func capCentre(sty text.Style) text.YAlignment {
	face := sty.Handler.Cache().Lookup(sty.Font, sty.Font.Size)
	if face.Face == nil {
		return draw.YCenter
	}
	var buf sfnt.Buffer
	ppem := fixed.Int26_6(face.Face.UnitsPerEm())
	m, err := face.Face.Metrics(&buf, ppem, xfont.HintingNone)
	if err != nil || m.CapHeight <= 0 {
		return draw.YCenter
	}
	ext := face.Extents()
	capHeight := sty.Font.Size * vg.Length(m.CapHeight) / vg.Length(ppem)
	return text.YAlignment(-capHeight / 2 / (ext.Ascent + ext.Descent))
}
