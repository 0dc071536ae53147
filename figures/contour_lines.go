package figures

import (
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// contourLines is the plotter of AddContour: the contour lines of a
// sampled function, found by marching squares and joined into polylines.
// It replaces plotter.Contour, which joins segments by walking Go maps
// keyed by pointers, so its paths come out in a different order and with
// different start points on every run, and two runs of the same program
// would not give the same PNG.
type contourLines struct {
	g      *grid
	levels []float64
	styles []draw.LineStyle // one per level
}

var (
	_ plot.Plotter    = (*contourLines)(nil)
	_ plot.DataRanger = (*contourLines)(nil)
)

// Plot strokes the contour lines.
func (cl *contourLines) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for i, z := range cl.levels {
		c.SetLineStyle(cl.styles[i])
		for _, line := range cl.g.isoline(z) {
			var path vg.Path
			for k, pt := range line.pts {
				q := vg.Point{X: trX(pt[0]), Y: trY(pt[1])}
				if k == 0 {
					path.Move(q)
				} else {
					path.Line(q)
				}
			}
			if line.closed {
				path.Close()
			}
			c.Stroke(path)
		}
	}
}

// DataRange returns the sampled rectangle.
func (cl *contourLines) DataRange() (xmin, xmax, ymin, ymax float64) {
	g := cl.g
	return g.xs[0], g.xs[len(g.xs)-1], g.ys[0], g.ys[len(g.ys)-1]
}

// polyline is one contour line in data coordinates.
type polyline struct {
	pts    [][2]float64
	closed bool // the last point joins the first
}

// edge identifies a cell edge of the grid: the horizontal edge from grid
// point (c, r) to (c+1, r), or the vertical one from (c, r) to (c, r+1).
type edge struct {
	c, r     int
	vertical bool
}

// isoline returns the contour lines at level z. Cells are visited in a
// fixed order and segments are joined by following shared edges, so the
// result depends on nothing but g and z.
func (g *grid) isoline(z float64) []polyline {
	nc, nr := len(g.xs), len(g.ys)
	point := map[edge][2]float64{} // where the line crosses each edge
	next := map[edge][]edge{}      // segments, as links between edges
	var order []edge               // edges in the order first met
	cross := func(e edge) {
		if _, ok := point[e]; ok {
			return
		}
		c1, r1 := e.c+1, e.r
		if e.vertical {
			c1, r1 = e.c, e.r+1
		}
		a, b := g.at(e.c, e.r), g.at(c1, r1)
		t := (z - a) / (b - a)
		point[e] = [2]float64{g.xs[e.c] + t*(g.xs[c1]-g.xs[e.c]), g.ys[e.r] + t*(g.ys[r1]-g.ys[e.r])}
		order = append(order, e)
	}
	link := func(a, b edge) {
		cross(a)
		cross(b)
		next[a] = append(next[a], b)
		next[b] = append(next[b], a)
	}
	for r := 0; r+1 < nr; r++ {
		for c := 0; c+1 < nc; c++ {
			v := [4]float64{g.at(c, r), g.at(c+1, r), g.at(c+1, r+1), g.at(c, r+1)}
			if math.IsNaN(v[0]) || math.IsNaN(v[1]) || math.IsNaN(v[2]) || math.IsNaN(v[3]) {
				continue
			}
			// Corners counter-clockwise from the bottom left; edges
			// bottom, right, top, left.
			bottom, right := edge{c, r, false}, edge{c + 1, r, true}
			top, left := edge{c, r + 1, false}, edge{c, r, true}
			k := 0
			for i, x := range v {
				if x >= z {
					k |= 1 << i
				}
			}
			switch k {
			case 0, 15:
			case 1, 14:
				link(left, bottom)
			case 2, 13:
				link(bottom, right)
			case 3, 12:
				link(left, right)
			case 4, 11:
				link(right, top)
			case 6, 9:
				link(bottom, top)
			case 7, 8:
				link(left, top)
			case 5, 10:
				// A saddle: the centre value says which corners connect.
				if ((v[0]+v[1]+v[2]+v[3])/4 >= z) == (k == 5) {
					link(left, top)
					link(bottom, right)
				} else {
					link(left, bottom)
					link(right, top)
				}
			}
		}
	}

	seen := map[edge]bool{}
	walk := func(start edge) polyline {
		var l polyline
		prev, cur := edge{-1, -1, false}, start
		for {
			seen[cur] = true
			l.pts = append(l.pts, point[cur])
			var to *edge
			for _, n := range next[cur] {
				if n != prev && !seen[n] {
					to = &n
					break
				}
			}
			if to == nil {
				for _, n := range next[cur] {
					if n == start && n != prev && len(l.pts) > 2 {
						l.closed = true
					}
				}
				return l
			}
			prev, cur = cur, *to
		}
	}
	var lines []polyline
	for _, e := range order { // open lines start at an end
		if !seen[e] && len(next[e]) == 1 {
			lines = append(lines, walk(e))
		}
	}
	for _, e := range order { // what is left are loops
		if !seen[e] {
			lines = append(lines, walk(e))
		}
	}
	return lines
}
