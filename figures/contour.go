package figures

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"
)

// Contour resolution and number of levels of AddContour.
const (
	contourSamples = 101 // grid points per side
	contourLevels  = 10
)

// Path is a trajectory drawn over a contour plot by [AddContour], such as
// the points visited by gradient descent.
type Path struct {
	Name string       // legend entry; "" for none
	XYs  plotter.XYer // the points in order, the first one being the start
}

// AddContour adds to p the contour lines of f over [xmin, xmax]×[ymin, ymax]
// and draws paths over them. The lines are at ten levels chosen so that
// each band holds about as much of the area (quantiles of f on the grid),
// shaded from dark (low) to light (high), so the valley of f stands out.
// Each path is a line with a dot at each point and a ring at its start, in
// colours 1, 2, … of the house palette.
func AddContour(p *plot.Plot, f func(x, y float64) float64, xmin, xmax, ymin, ymax float64, paths ...Path) error {
	if !(xmin < xmax && ymin < ymax) {
		return fmt.Errorf("figures: contour: empty range [%g, %g]×[%g, %g]", xmin, xmax, ymin, ymax)
	}
	g := sample(f, xmin, xmax, ymin, ymax, contourSamples)
	levels := quantiles(g.z, contourLevels)
	if len(levels) == 0 {
		return errors.New("figures: contour: f is constant or not finite on the range")
	}
	c := &contourLines{g: g, levels: levels, styles: make([]draw.LineStyle, len(levels))}
	for i := range levels {
		c.styles[i] = draw.LineStyle{Color: shade(float64(i) / float64(max(len(levels)-1, 1))), Width: 1}
	}
	p.Add(c)
	// The axes span exactly the sampled range, as contours fill it.
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = xmin, xmax, ymin, ymax

	for i, path := range paths {
		if err := addPath(p, i+1, path); err != nil {
			return err
		}
	}
	return nil
}

// addPath draws path in colour i.
func addPath(p *plot.Plot, i int, path Path) error {
	l, s, err := plotter.NewLinePoints(path.XYs)
	if err != nil {
		return fmt.Errorf("figures: path %q: %w", path.Name, err)
	}
	l.Color, l.Width = Color(i), LineWidth
	s.Color, s.Radius, s.Shape = Color(i), 2, draw.CircleGlyph{}
	x, y := path.XYs.XY(0)
	start, _ := plotter.NewScatter(plotter.XYs{{X: x, Y: y}})
	start.GlyphStyle = draw.GlyphStyle{Color: Color(i), Radius: 4.5, Shape: draw.RingGlyph{}}
	p.Add(l, s, start)
	if path.Name != "" {
		p.Legend.Add(path.Name, l, s)
	}
	return nil
}

// shade returns the contour colour at t in [0, 1]: dark slate blue at 0 to
// pale blue-grey at 1.
func shade(t float64) color.Color {
	lerp := func(a, b uint8) uint8 { return uint8(float64(a) + t*(float64(b)-float64(a)) + 0.5) }
	return color.NRGBA{lerp(0x1F, 0xB4), lerp(0x3A, 0xC6), lerp(0x5F, 0xD6), 0xFF}
}

// grid is f sampled on a regular grid.
type grid struct {
	xs, ys []float64
	z      []float64 // z[r*len(xs)+c]
}

func sample(f func(x, y float64) float64, xmin, xmax, ymin, ymax float64, n int) *grid {
	g := &grid{xs: make([]float64, n), ys: make([]float64, n), z: make([]float64, n*n)}
	for i := range n {
		t := float64(i) / float64(n-1)
		g.xs[i] = xmin + t*(xmax-xmin)
		g.ys[i] = ymin + t*(ymax-ymin)
	}
	for r, y := range g.ys {
		for c, x := range g.xs {
			g.z[r*n+c] = f(x, y)
		}
	}
	return g
}

func (g *grid) at(c, r int) float64 { return g.z[r*len(g.xs)+c] }

// quantiles returns the n quantiles k/(n+1), k = 1…n, of the finite values
// of z, without repeats.
func quantiles(z []float64, n int) []float64 {
	var vs []float64
	for _, v := range z {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			vs = append(vs, v)
		}
	}
	if len(vs) == 0 {
		return nil
	}
	slices.Sort(vs)
	var qs []float64
	for k := 1; k <= n; k++ {
		q := vs[int(float64(k)/float64(n+1)*float64(len(vs)-1)+0.5)]
		if q > vs[0] && q < vs[len(vs)-1] && (len(qs) == 0 || q > qs[len(qs)-1]) {
			qs = append(qs, q)
		}
	}
	return qs
}
