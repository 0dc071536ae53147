package figures

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/image/font/sfnt"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// glyphCheck is a canvas that passes everything to the canvas it wraps and
// notes the characters of drawn text that the face drawing them lacks: a
// figure would show them as empty boxes or not at all.
type glyphCheck struct {
	vg.CanvasSizer
	buf     sfnt.Buffer
	missing []rune          // in the order first drawn
	seen    map[rune]bool   // the runes of missing
	texts   []string        // the texts that have them, in the order drawn
	inTexts map[string]bool // the strings of texts
	line    string          // the line being drawn, if the text handler says
}

var (
	_ vg.CanvasSizer = (*glyphCheck)(nil)
	_ lineNoter      = (*glyphCheck)(nil)
)

// A lineNoter is told the line of text that the FillString calls which
// follow draw in pieces, one face at a time; "" ends the line.
type lineNoter interface {
	noteLine(line string)
}

// lineNoterOf returns the lineNoter that c is or wraps (a text handler is
// given the *draw.Canvas, which holds the canvas the figure is drawn on),
// or nil.
func lineNoterOf(c vg.Canvas) lineNoter {
	for {
		switch v := c.(type) {
		case lineNoter:
			return v
		case *draw.Canvas:
			c = v.Canvas
		case draw.Canvas:
			c = v.Canvas
		default:
			return nil
		}
	}
}

// noteLine notes the line being drawn, so that an error quotes it whole
// rather than the piece drawn with one face.
func (g *glyphCheck) noteLine(line string) { g.line = line }

// FillString draws text with f, noting the runes f has no glyph for.
func (g *glyphCheck) FillString(f font.Face, pt vg.Point, text string) {
	lacks := false
	for _, r := range text {
		if has(&g.buf, f, r) || unicode.IsSpace(r) {
			continue
		}
		lacks = true
		if g.seen == nil {
			g.seen, g.inTexts = map[rune]bool{}, map[string]bool{}
		}
		if !g.seen[r] {
			g.seen[r] = true
			g.missing = append(g.missing, r)
		}
	}
	quote := text
	if g.line != "" {
		quote = g.line
	}
	if lacks && !g.inTexts[quote] {
		g.inTexts[quote] = true
		g.texts = append(g.texts, quote)
	}
	g.CanvasSizer.FillString(f, pt, text)
}

// err returns a glyphError for figure file, or nil when no glyph was
// missing.
func (g *glyphCheck) err(file string) error {
	if len(g.missing) == 0 {
		return nil
	}
	return &glyphError{file: file, runes: g.missing, texts: g.texts, folder: fontsFolder()}
}

// A glyphError says which characters of a figure's text no font of the
// house style has. The figure is still written, with the characters
// missing.
type glyphError struct {
	file   string   // the figure's file, such as loss.ko.png
	runes  []rune   // the characters no face has
	texts  []string // the lines of text (or the pieces drawn with one face) that have them
	folder string   // where the book's fonts go
}

// maxTexts bounds the texts a glyphError quotes.
const maxTexts = 3

func (e *glyphError) Error() string {
	var texts []string
	for i, t := range e.texts {
		if i == maxTexts {
			texts = append(texts, fmt.Sprintf("and %d more", len(e.texts)-maxTexts))
			break
		}
		texts = append(texts, fmt.Sprintf("%q", t))
	}
	return fmt.Sprintf("figures: figure %s: no font has %s, in %s: add a font (.ttf or .otf) that has them to %s",
		e.file, describeRunes(e.runes), strings.Join(texts, ", "), e.folder)
}

// describeRunes lists runes by script, in the order of their first rune:
// "Hangul 손 실, Katakana カ"; a rune of no particular script (a symbol,
// say) is named by its code point: "U+1F701 🜁".
func describeRunes(runes []rune) string {
	var (
		order  []string
		groups = map[string][]string{}
	)
	for _, r := range runes {
		name := scriptOf(r)
		s := string(r)
		if name == "" {
			name = fmt.Sprintf("U+%04X", r)
		}
		if _, ok := groups[name]; !ok {
			order = append(order, name)
		}
		groups[name] = append(groups[name], s)
	}
	parts := make([]string, len(order))
	for i, name := range order {
		parts[i] = name + " " + strings.Join(groups[name], " ")
	}
	return strings.Join(parts, ", ")
}

// scripts are the scripts that describeRunes names: those a book's
// figures may well need a font for. (unicode.Scripts would name them all,
// but would put every script's table in every chapter's program.)
var scripts = []struct {
	name  string
	table *unicode.RangeTable
}{
	{"Hangul", unicode.Hangul}, {"Han", unicode.Han}, {"Hiragana", unicode.Hiragana},
	{"Katakana", unicode.Katakana}, {"Bopomofo", unicode.Bopomofo}, {"Latin", unicode.Latin},
	{"Greek", unicode.Greek}, {"Cyrillic", unicode.Cyrillic}, {"Armenian", unicode.Armenian},
	{"Georgian", unicode.Georgian}, {"Hebrew", unicode.Hebrew}, {"Arabic", unicode.Arabic},
	{"Devanagari", unicode.Devanagari}, {"Bengali", unicode.Bengali}, {"Tamil", unicode.Tamil},
	{"Thai", unicode.Thai}, {"Ethiopic", unicode.Ethiopic},
}

// scriptOf returns the name of r's script among scripts, or "" for
// another one or none (digits, punctuation, symbols, combining marks).
func scriptOf(r rune) string {
	for _, s := range scripts {
		if unicode.Is(s.table, r) {
			return s.name
		}
	}
	return ""
}
