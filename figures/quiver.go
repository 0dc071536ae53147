package figures

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Quiver is a plotter that draws a 2-D vector field as arrows: at each
// point (x, y) an arrow for the vector (u, v), in data units. It shows, for
// example, the negative gradient of a function at points of a grid.
type Quiver struct {
	XYs plotter.XYs // tails of the arrows
	UVs plotter.XYs // the vectors, one per tail

	// Scale multiplies each vector to give the arrow in data units. Zero
	// picks a scale at which the longest arrow is 0.9 times the spacing
	// of the points, so that arrows do not overlap.
	Scale float64

	draw.LineStyle           // style of the shafts; heads are filled in its colour
	Head           vg.Length // length of the heads; short arrows get shorter heads
}

var (
	_ plot.Plotter    = (*Quiver)(nil)
	_ plot.DataRanger = (*Quiver)(nil)
)

// NewQuiver returns a Quiver of arrows uvs at points xys, in colour 0 of the
// house palette. Both must have the same length and finite values.
func NewQuiver(xys, uvs plotter.XYer) (*Quiver, error) {
	if xys.Len() != uvs.Len() {
		return nil, fmt.Errorf("figures: quiver: %d points but %d vectors", xys.Len(), uvs.Len())
	}
	p, err := plotter.CopyXYs(xys)
	if err != nil {
		return nil, fmt.Errorf("figures: quiver points: %w", err)
	}
	v, err := plotter.CopyXYs(uvs)
	if err != nil {
		return nil, fmt.Errorf("figures: quiver vectors: %w", err)
	}
	return &Quiver{
		XYs:       p,
		UVs:       v,
		LineStyle: draw.LineStyle{Color: Color(0), Width: 1.1},
		Head:      5,
	}, nil
}

// QuiverFunc returns a Quiver of the field f sampled on an n×n grid of
// points spanning [xmin, xmax]×[ymin, ymax]. For gradient descent on f,
// pass the negative gradient: the arrows then point downhill.
func QuiverFunc(f func(x, y float64) (u, v float64), xmin, xmax, ymin, ymax float64, n int) (*Quiver, error) {
	if n < 2 {
		return nil, errors.New("figures: quiver: need a grid of at least 2×2 points")
	}
	var xys, uvs plotter.XYs
	for i := range n {
		y := ymin + (ymax-ymin)*float64(i)/float64(n-1)
		for j := range n {
			x := xmin + (xmax-xmin)*float64(j)/float64(n-1)
			u, v := f(x, y)
			xys = append(xys, plotter.XY{X: x, Y: y})
			uvs = append(uvs, plotter.XY{X: u, Y: v})
		}
	}
	return NewQuiver(xys, uvs)
}

// scale returns Scale, or the automatic scale when it is zero.
func (q *Quiver) scale() float64 {
	if q.Scale != 0 {
		return q.Scale
	}
	longest := 0.0
	for _, uv := range q.UVs {
		longest = math.Max(longest, math.Hypot(uv.X, uv.Y))
	}
	if longest == 0 {
		return 1
	}
	xs := make([]float64, len(q.XYs))
	ys := make([]float64, len(q.XYs))
	for i, p := range q.XYs {
		xs[i], ys[i] = p.X, p.Y
	}
	spacing := math.Min(minGap(xs), minGap(ys))
	if math.IsInf(spacing, 1) {
		spacing = 1
	}
	return 0.9 * spacing / longest
}

// minGap returns the smallest positive difference between values of vs,
// or +Inf if there is none.
func minGap(vs []float64) float64 {
	slices.Sort(vs)
	gap := math.Inf(1)
	for i := 1; i < len(vs); i++ {
		if d := vs[i] - vs[i-1]; d > 0 {
			gap = math.Min(gap, d)
		}
	}
	return gap
}

// Plot draws the arrows on c.
func (q *Quiver) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	s := q.scale()
	for i, xy := range q.XYs {
		uv := q.UVs[i]
		tail := vg.Point{X: trX(xy.X), Y: trY(xy.Y)}
		tip := vg.Point{X: trX(xy.X + s*uv.X), Y: trY(xy.Y + s*uv.Y)}
		d := tip.Sub(tail)
		n := vg.Length(math.Hypot(float64(d.X), float64(d.Y)))
		if n < 0.5 {
			continue // too short to see
		}
		dir := d.Scale(1 / n)
		head := min(q.Head, n/2)
		back := tip.Sub(dir.Scale(head))
		side := vg.Point{X: -dir.Y, Y: dir.X}.Scale(head * 0.4)
		// The shaft stops inside the head, so its butt end does not poke
		// out of the tip.
		c.StrokeLines(q.LineStyle, []vg.Point{tail, back.Add(dir.Scale(head / 3))})
		c.FillPolygon(q.Color, []vg.Point{tip, back.Add(side), back.Sub(side)})
	}
}

// DataRange returns the range of the tails and tips of the arrows.
func (q *Quiver) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	s := q.scale()
	for i, xy := range q.XYs {
		tx, ty := xy.X+s*q.UVs[i].X, xy.Y+s*q.UVs[i].Y
		xmin, xmax = math.Min(xmin, math.Min(xy.X, tx)), math.Max(xmax, math.Max(xy.X, tx))
		ymin, ymax = math.Min(ymin, math.Min(xy.Y, ty)), math.Max(ymax, math.Max(xy.Y, ty))
	}
	return xmin, xmax, ymin, ymax
}
