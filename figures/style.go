package figures

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Font sizes of the house style, for a figure of the default size.
const (
	TitleSize  = vg.Length(13) // plot title
	LabelSize  = vg.Length(11) // axis labels
	TickSize   = vg.Length(9.5)
	LegendSize = vg.Length(10) // legend entries and captions in grids
)

// LineWidth is the width of data lines.
const LineWidth = vg.Length(1.6)

// okabeIto is the colour-blind-safe palette of Okabe and Ito (2008), in the
// order series use it. Yellow comes last: it is faint on white.
var okabeIto = [...]color.NRGBA{
	{0x00, 0x72, 0xB2, 0xFF}, // blue
	{0xD5, 0x5E, 0x00, 0xFF}, // vermillion
	{0x00, 0x9E, 0x73, 0xFF}, // bluish green
	{0xCC, 0x79, 0xA7, 0xFF}, // reddish purple
	{0xE6, 0x9F, 0x00, 0xFF}, // orange
	{0x56, 0xB4, 0xE9, 0xFF}, // sky blue
	{0x00, 0x00, 0x00, 0xFF}, // black
	{0xF0, 0xE4, 0x42, 0xFF}, // yellow
}

// Color returns colour i of the house palette (Okabe–Ito, which stays
// distinct for readers with any common colour-vision deficiency). Series 0
// is blue, 1 vermillion, 2 green, 3 purple, 4 orange, 5 sky blue, 6 black
// and 7 yellow; i wraps around.
func Color(i int) color.Color {
	n := len(okabeIto)
	return okabeIto[(i%n+n)%n]
}

// Colors of the frame of a figure.
var (
	inkColor  = color.Gray{Y: 0x22} // title, labels
	tickColor = color.Gray{Y: 0x44} // axis lines, ticks, tick labels
	gridColor = color.Gray{Y: 0xE3} // grid lines
)

// The legend's inset from the top-right corner of the plot area (see
// insetLegend for the other corners).
const (
	legendXOffs = -6
	legendYOffs = -4
)

// New returns a plot in the house style: text in the book's font (see
// "Fonts" in the package documentation), a light grid, the legend at the
// top right, and tick labels with a true minus sign. A font of the book
// that cannot be read is reported as an error at the line calling New.
//
// Add data with [AddLine], [AddPoints], [AddSmoothed], [AddContour] or any
// gonum plotter, then publish the plot with [Publish].
func New(title, xlabel, ylabel string) *plot.Plot {
	useFonts(1)
	p := plot.New()
	p.TextHandler = houseText
	p.Title.Text = title
	restyle(&p.Title.TextStyle, TitleSize, inkColor)
	p.Title.Padding = 8
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		restyle(&a.Label.TextStyle, LabelSize, inkColor)
		a.Label.Padding = 4
		restyle(&a.Tick.Label, TickSize, tickColor)
		a.Tick.Marker = niceTicks{}
		a.LineStyle = draw.LineStyle{Color: tickColor, Width: 0.8}
		a.Tick.LineStyle = a.LineStyle
		a.Tick.Length = 4
		a.Padding = 4
	}
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	p.Y.Tick.Label.YAlign = capCentre(p.Y.Tick.Label)
	restyle(&p.Legend.TextStyle, LegendSize, inkColor)
	p.Legend.Top = true
	p.Legend.ThumbnailWidth = 22
	p.Legend.XOffs = legendXOffs
	p.Legend.YOffs = legendYOffs
	p.Legend.Padding = 3

	g := plotter.NewGrid()
	g.Vertical = draw.LineStyle{Color: gridColor, Width: 0.6}
	g.Horizontal = g.Vertical
	p.Add(g)
	return p
}

// restyle sets the font, size, colour and text handler of s to the house
// style, keeping its alignment and rotation.
func restyle(s *text.Style, size vg.Length, c color.Color) {
	s.Font = font.From(textFont, size)
	s.Color = c
	s.Handler = houseText
}

// AddLine adds a line in colour i of the house palette, with a legend
// entry when name is not empty, and returns it for further styling.
func AddLine(p *plot.Plot, i int, name string, xys plotter.XYer) (*plotter.Line, error) {
	l, err := plotter.NewLine(xys)
	if err != nil {
		return nil, fmt.Errorf("figures: line %q: %w", name, err)
	}
	l.Color = Color(i)
	l.Width = LineWidth
	p.Add(l)
	if name != "" {
		p.Legend.Add(name, l)
	}
	return l, nil
}

// Dash pattern and width of the lines of AddDashed.
var (
	dashes      = []vg.Length{vg.Points(4), vg.Points(3)}
	dashedWidth = vg.Length(1)
)

// AddDashed adds a thin dashed line in colour i of the house palette, with
// a legend entry when name is not empty, and returns it: the style for what
// the data are measured against, such as a model's prediction or a
// reference level, drawn under the data's solid lines and points.
func AddDashed(p *plot.Plot, i int, name string, xys plotter.XYer) (*plotter.Line, error) {
	l, err := AddLine(p, i, name, xys)
	if err != nil {
		return nil, err
	}
	l.Dashes = dashes
	l.Width = dashedWidth
	return l, nil
}

// shapes are the glyphs of AddPoints, so series differ in shape as well as
// colour (and survive black-and-white printing).
var shapes = [...]draw.GlyphDrawer{
	draw.CircleGlyph{}, draw.TriangleGlyph{}, draw.SquareGlyph{}, draw.PyramidGlyph{},
	draw.RingGlyph{}, draw.CrossGlyph{}, draw.PlusGlyph{}, draw.BoxGlyph{},
}

// AddPoints adds a scatter of points in colour and shape i of the house
// style, with a legend entry when name is not empty, and returns it for
// further styling.
func AddPoints(p *plot.Plot, i int, name string, xys plotter.XYer) (*plotter.Scatter, error) {
	s, err := plotter.NewScatter(xys)
	if err != nil {
		return nil, fmt.Errorf("figures: points %q: %w", name, err)
	}
	s.Color = Color(i)
	s.Radius = 2.6
	n := len(shapes)
	s.Shape = shapes[(i%n+n)%n]
	p.Add(s)
	if name != "" {
		p.Legend.Add(name, s)
	}
	return s, nil
}
