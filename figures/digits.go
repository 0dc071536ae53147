package figures

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Digits is a [Drawer] that shows small grey-scale images, such as
// handwritten digits, in a grid, each with its label underneath.
type Digits struct {
	Images [][]float64 // row-major side×side intensities in [0, 1]; 1 is ink (black)
	Side   int         // width and height of each image in pixels, such as 28
	Labels []string    // caption under each image; nil for none
	Cols   int         // images per row
	Gap    vg.Length   // space between cells

	TextStyle text.Style // style of the labels
}

// NewDigits returns a grid of images, cols to a row, each labelled with
// fmt.Sprint of its label (labels may be nil, or ints, or strings such as
// "7 (1)" for a misclassified 7). Every image must hold side×side values
// for the same side (784 for 28×28 images); values are clamped to
// [0, 1].
func NewDigits[L any](images [][]float64, labels []L, cols int) (*Digits, error) {
	mustLoadFonts()
	if len(images) == 0 {
		return nil, fmt.Errorf("figures: digits: no images")
	}
	if labels != nil && len(labels) != len(images) {
		return nil, fmt.Errorf("figures: digits: %d images but %d labels", len(images), len(labels))
	}
	side := int(math.Round(math.Sqrt(float64(len(images[0])))))
	for i, img := range images {
		if side == 0 || len(img) != side*side {
			return nil, fmt.Errorf("figures: digits: image %d has %d values, not %d×%d", i, len(img), side, side)
		}
	}
	d := &Digits{Images: images, Side: side, Cols: max(cols, 1), Gap: 6}
	if labels != nil {
		d.Labels = make([]string, len(labels))
		for i, l := range labels {
			d.Labels[i] = fmt.Sprint(l)
		}
	}
	d.TextStyle = text.Style{YAlign: draw.YTop, XAlign: draw.XCenter}
	restyle(&d.TextStyle, LegendSize, inkColor)
	return d, nil
}

// Draw draws the grid centred on c, with cells as large as fit.
func (d *Digits) Draw(c draw.Canvas) {
	n := len(d.Images)
	if n == 0 || d.Side == 0 {
		return
	}
	cols := max(min(d.Cols, n), 1)
	rows := (n + cols - 1) / cols
	var labelH vg.Length
	if d.Labels != nil {
		labelH = d.TextStyle.Height("0") + d.Gap/2
	}
	w, h := c.Max.X-c.Min.X, c.Max.Y-c.Min.Y
	cell := min(
		(w-d.Gap*vg.Length(cols+1))/vg.Length(cols),
		(h-d.Gap*vg.Length(rows+1))/vg.Length(rows)-labelH,
	)
	if cell <= 0 {
		return
	}
	gridW := vg.Length(cols)*cell + vg.Length(cols-1)*d.Gap
	gridH := vg.Length(rows)*(cell+labelH) + vg.Length(rows-1)*d.Gap
	x0 := c.Min.X + (w-gridW)/2
	top := c.Max.Y - (h-gridH)/2
	frame := draw.LineStyle{Color: gridColor, Width: 0.6}
	for i, px := range d.Images {
		r, col := i/cols, i%cols
		lo := vg.Point{X: x0 + vg.Length(col)*(cell+d.Gap), Y: top - vg.Length(r)*(cell+labelH+d.Gap) - cell}
		rect := vg.Rectangle{Min: lo, Max: lo.Add(vg.Point{X: cell, Y: cell})}
		c.DrawImage(rect, d.image(px))
		c.StrokeLines(frame, []vg.Point{rect.Min, {X: rect.Max.X, Y: rect.Min.Y}, rect.Max, {X: rect.Min.X, Y: rect.Max.Y}, rect.Min})
		if d.Labels != nil {
			c.FillText(d.TextStyle, vg.Point{X: rect.Min.X + cell/2, Y: rect.Min.Y - d.Gap/2}, d.Labels[i])
		}
	}
}

// zoom is how many device pixels each image pixel becomes before the
// canvas scales it to its cell, so digits stay sharp-edged instead of
// being smoothed out.
const zoom = 8

// image returns px as a grey image, ink black on white, each pixel
// repeated zoom×zoom times.
func (d *Digits) image(px []float64) image.Image {
	s := d.Side
	img := image.NewGray(image.Rect(0, 0, s*zoom, s*zoom))
	for y := range s * zoom {
		for x := range s * zoom {
			v := min(max(px[(y/zoom)*s+x/zoom], 0), 1)
			if math.IsNaN(v) {
				v = 0
			}
			img.SetGray(x, y, color.Gray{Y: uint8(255*(1-v) + 0.5)})
		}
	}
	return img
}
