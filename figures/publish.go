package figures

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/tally-book/tally/book"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Drawer is anything that draws itself on a canvas: a *plot.Plot, a
// [Tiles] of plots, or a [Digits] grid of images.
type Drawer interface {
	Draw(draw.Canvas)
}

var (
	_ Drawer = (*plot.Plot)(nil)
	_ Drawer = (*Tiles)(nil)
	_ Drawer = (*Digits)(nil)
)

// Default size and density of a figure. At 192 dots per inch, twice the
// 96 of a CSS inch, a 6×4 inch figure is a 1152×768 PNG that the site shows
// 576×384 CSS pixels wide, crisp on high-density screens.
const (
	DefaultWidth  = 6 * vg.Inch
	DefaultHeight = 4 * vg.Inch
	DPI           = 192
)

// Option changes how [Publish] renders a figure.
type Option func(*config)

type config struct {
	w, h vg.Length
	svg  bool
}

// WithSize sets the size of the figure (default 6×4 inches). Text keeps its
// size in points, so a larger figure has relatively smaller text.
func WithSize(w, h vg.Length) Option {
	return func(c *config) { c.w, c.h = w, h }
}

// WithSVG writes the figure as <name>.svg instead of a PNG. Fonts are not
// embedded, so text appears in whatever font the reader's browser finds
// for the family of the book's font (such as "Noto Sans CJK KR"); prefer
// PNG.
func WithSVG() Option {
	return func(c *config) { c.svg = true }
}

// published maps the names of figures already published to the position of
// their Publish call, so that a second figure of the same name is refused
// before it overwrites the first one's file.
var published = struct {
	sync.Mutex
	m map[string]string
}{m: map[string]string{}}

// Publish renders d and hands it to the book as figure name, with a caption
// (shown under the figure) and alt text (read by screen readers, required).
//
// The figure is written to book.FigureDir() as <name>.png (PNG at [DPI]
// dots per inch, [DefaultWidth]×[DefaultHeight] unless [WithSize] says
// otherwise), or into the current folder when the program was started by
// hand. Publish never stops the chapter: a bad name (names are lower-case
// identifiers, see book.ValidName), missing alt text, a name used twice, a
// panic while drawing or a failed write is reported as an error at the
// line that called Publish, and nothing is written.
func Publish(name string, d Drawer, caption, alt string, opts ...Option) {
	pos := ""
	if _, file, line, ok := runtime.Caller(1); ok {
		pos = file + ":" + strconv.Itoa(line)
	}
	file, err := publish(name, d, alt, pos, opts)
	if file != "" {
		book.RecordFigure(name, file, caption, alt, 1)
	}
	if err != nil {
		book.Errorf(1, "%v", err)
	}
}

// Text translates a piece of figure text (a title, an axis label, a legend
// entry) into the language being drawn.
type Text func(english string) string

// PublishText publishes a figure whose text can be translated. draw builds
// the figure, passing every piece of text through tr: it is called once
// with tr returning its argument, for the book's own language, and once
// more for each language whose translation of the chapter gives figure
// text (figure_text in the translation's front matter), which writes
// <name>.<lang>.png next to <name>.png. Text with no translation stays as
// it is and is reported to the translator by tally test.
//
//	figures.PublishText("sgd_loss", func(tr figures.Text) figures.Drawer {
//		p := figures.New(tr("Training loss"), tr("step"), tr("loss"))
//		figures.AddSmoothed(p, 0, tr("moving average"), figures.Series(losses), 100)
//		return p
//	}, "The loss of every step.", "A pale jagged curve …")
func PublishText(name string, draw func(tr Text) Drawer, caption, alt string, opts ...Option) {
	pos := ""
	if _, file, line, ok := runtime.Caller(1); ok {
		pos = file + ":" + strconv.Itoa(line)
	}
	d, err := drawSafely(draw, func(s string) string { return s })
	file := ""
	if err == nil {
		file, err = publish(name, d, alt, pos, opts)
	}
	if file != "" {
		book.RecordFigure(name, file, caption, alt, 1)
	}
	if err != nil {
		book.Errorf(1, "%v", err)
		if file == "" {
			return
		}
	}
	texts := book.FigureText()
	langs := make([]string, 0, len(texts))
	for l := range texts {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	for _, lang := range langs {
		if !book.ValidLang(lang) {
			book.Errorf(1, "figures: figure text for %q: not a language code", lang)
			continue
		}
		dict := texts[lang]
		var missing []string
		tr := func(s string) string {
			if t, ok := dict[s]; ok && t != "" {
				return t
			}
			if strings.TrimSpace(s) != "" {
				missing = append(missing, s)
			}
			return s
		}
		d, err := drawSafely(draw, tr)
		if err == nil {
			err = writeFigure(name+"."+lang, d, opts)
		}
		var glyphs *glyphError
		if errors.As(err, &glyphs) {
			book.Errorf(1, "%v", err)
		} else if err != nil {
			book.Errorf(1, "figures: figure %q in %s: %v", name, lang, err)
			continue
		}
		book.RecordFigureVariant(name, lang, name+"."+lang+ext(opts))
		for _, m := range missing {
			book.RecordMissingText(name, lang, m)
		}
	}
}

// drawSafely calls draw, turning a panic into an error.
func drawSafely(draw func(Text) Drawer, tr Text) (d Drawer, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("figures: drawing: %v", r)
		}
	}()
	d = draw(tr)
	if d == nil {
		return nil, fmt.Errorf("figures: the figure function returned nil")
	}
	return d, nil
}

// ext is the file extension the options give.
func ext(opts []Option) string {
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.svg {
		return ".svg"
	}
	return ".png"
}

// publish checks and writes figure name and returns its file name, relative
// to the figure folder.
func publish(name string, d Drawer, alt, pos string, opts []Option) (string, error) {
	if err := book.ValidName(name); err != nil {
		return "", fmt.Errorf("figures: %s", strings.TrimPrefix(err.Error(), "book: "))
	}
	if strings.TrimSpace(alt) == "" {
		return "", fmt.Errorf("figures: figure %q has no alt text", name)
	}
	if d == nil {
		return "", fmt.Errorf("figures: figure %q is nil", name)
	}
	published.Lock()
	first, dup := published.m[name]
	if !dup {
		published.m[name] = pos
	}
	published.Unlock()
	if dup {
		return "", fmt.Errorf("figures: figure %q published twice (first at %s)", name, first)
	}

	if err := writeFigure(name, d, opts); err != nil {
		var glyphs *glyphError
		if errors.As(err, &glyphs) {
			return name + ext(opts), err // written, with characters missing
		}
		return "", err
	}
	return name + ext(opts), nil
}

// writeFigure renders d into the figure folder as base.png (or .svg). A
// figure whose text has characters that no font of the house style has is
// written all the same, and a *glyphError says which.
func writeFigure(base string, d Drawer, opts []Option) error {
	cfg := config{w: DefaultWidth, h: DefaultHeight}
	for _, o := range opts {
		o(&cfg)
	}
	if !(cfg.w > 0 && cfg.h > 0) {
		return fmt.Errorf("figures: figure %q: size %v×%v is not positive", base, cfg.w, cfg.h)
	}
	file := base + ext(opts)
	if book.InBrowser() {
		// A re-run in a chapter page: an SVG, drawn by the browser,
		// handed to the page under the name the figure is recorded with.
		cfg.svg = true
	}
	var buf bytes.Buffer
	missing, err := render(&buf, d, cfg)
	if err != nil {
		return fmt.Errorf("figures: figure %q: %w", base, err)
	}
	if book.InBrowser() {
		// The browser sets the SVG's text in its own fonts: the faces
		// here only measure it, so their glyphs do not matter.
		book.KeepFigure(file, buf.Bytes())
		return nil
	}
	dir := book.FigureDir()
	if dir == "" {
		dir = "."
	}
	if err := writeFile(filepath.Join(dir, file), buf.Bytes()); err != nil {
		return fmt.Errorf("figures: %w", err)
	}
	return missing.err(file)
}

// render draws d onto a canvas of the configured size and format and
// writes the encoded image to w, and returns what it noted of glyphs
// missing from the text. A panic while drawing (such as a log axis over
// zero) is returned as an error.
func render(w io.Writer, d Drawer, cfg config) (missing *glyphCheck, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("drawing: %v", r)
		}
	}()
	switch d := d.(type) {
	case *plot.Plot:
		insetLegend(d)
	case *Tiles:
		for _, row := range d.Plots {
			for _, p := range row {
				if p != nil {
					insetLegend(p)
				}
			}
		}
	}
	if cfg.svg {
		c := vgsvg.NewWith(vgsvg.UseWH(cfg.w, cfg.h), vgsvg.EmbedFonts(false))
		missing = &glyphCheck{CanvasSizer: c}
		d.Draw(draw.New(missing))
		_, err = c.WriteTo(w)
		return missing, err
	}
	c, missing := rasterize(d, cfg.w, cfg.h)
	_, err = vgimg.PngCanvas{Canvas: c}.WriteTo(w)
	return missing, err
}

// insetLegend keeps a legend that has the house offsets inside the plot
// area whichever corner it is in: gonum adds the offsets without regard to
// the corner, so the top-right ones of New would push a left or bottom
// legend onto the axes.
func insetLegend(p *plot.Plot) {
	l := &p.Legend
	if (l.XOffs == legendXOffs || l.XOffs == -legendXOffs) && (l.YOffs == legendYOffs || l.YOffs == -legendYOffs) {
		l.XOffs, l.YOffs = legendXOffs, legendYOffs
		if l.Left {
			l.XOffs = -legendXOffs
		}
		if !l.Top {
			l.YOffs = -legendYOffs
		}
	}
}

// rasterize draws d on a white image canvas of size w×h at DPI, noting
// the glyphs missing from its text.
func rasterize(d Drawer, w, h vg.Length) (*vgimg.Canvas, *glyphCheck) {
	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(DPI))
	g := &glyphCheck{CanvasSizer: c}
	d.Draw(draw.New(g))
	return c, g
}

// writeFile writes data to path, returning the error of Close too.
func writeFile(path string, data []byte) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if e := f.Close(); err == nil {
			err = e
		}
	}()
	_, err = f.Write(data)
	return err
}
