package figures

import (
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Tiles is a [Drawer] that places plots side by side in a grid, with their
// data areas aligned (plot.Align), so that a figure can compare, say, a
// loss curve and an accuracy curve.
type Tiles struct {
	Plots [][]*plot.Plot // rows of plots; a nil plot leaves its cell empty
	Pad   vg.Length      // space between cells and around the grid
}

// NewTiles returns Tiles that lay plots out row by row, cols to a row. The
// last row is padded with empty cells.
func NewTiles(cols int, plots ...*plot.Plot) *Tiles {
	cols = max(cols, 1)
	t := &Tiles{Pad: 10}
	for i := 0; i < len(plots); i += cols {
		row := make([]*plot.Plot, cols)
		copy(row, plots[i:])
		t.Plots = append(t.Plots, row)
	}
	return t
}

// Draw draws the plots, aligned, on c.
func (t *Tiles) Draw(c draw.Canvas) {
	rows, cols := len(t.Plots), 0
	for _, r := range t.Plots {
		cols = max(cols, len(r))
	}
	if rows == 0 || cols == 0 {
		return
	}
	plots := make([][]*plot.Plot, rows)
	for i, r := range t.Plots {
		plots[i] = make([]*plot.Plot, cols)
		copy(plots[i], r)
	}
	tiles := draw.Tiles{
		Rows: rows, Cols: cols,
		PadX: t.Pad, PadY: t.Pad,
		PadTop: t.Pad / 2, PadBottom: t.Pad / 2, PadLeft: t.Pad / 2, PadRight: t.Pad / 2,
	}
	canvases := plot.Align(plots, tiles, c)
	for i, r := range plots {
		// plot.Align lines up the data areas, but a plot whose top tick
		// label sticks out gets a taller canvas, and so a higher title.
		// Give every plot of the row the same top and take the difference
		// out of its title padding, so the titles line up too.
		top := c.Min.Y
		for j, p := range r {
			if p != nil {
				top = max(top, canvases[i][j].Max.Y)
			}
		}
		for j, p := range r {
			if p == nil {
				continue
			}
			cv := canvases[i][j]
			pad := p.Title.Padding
			if p.Title.Text != "" {
				p.Title.Padding += top - cv.Max.Y
				cv.Max.Y = top
			}
			p.Draw(cv)
			p.Title.Padding = pad
		}
	}
}
