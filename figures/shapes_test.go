package figures

import (
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot/plotter"
)

func TestQuiverAutoScale(t *testing.T) {
	q, err := QuiverFunc(func(x, y float64) (float64, float64) { return -2 * x, -2 * y }, -2, 2, -2, 2, 13)
	if err != nil {
		t.Fatal(err)
	}
	spacing := 4.0 / 12
	longest := 0.0
	for _, uv := range q.UVs {
		longest = math.Max(longest, q.scale()*math.Hypot(uv.X, uv.Y))
	}
	if math.Abs(longest-0.9*spacing) > 1e-12 {
		t.Errorf("longest arrow = %g, want 0.9 × spacing = %g", longest, 0.9*spacing)
	}
	xmin, xmax, ymin, ymax := q.DataRange()
	if xmin != -2 || xmax != 2 || ymin != -2 || ymax != 2 {
		t.Errorf("DataRange = %g %g %g %g, want the grid (arrows point inwards)", xmin, xmax, ymin, ymax)
	}

	if _, err := NewQuiver(plotter.XYs{{X: 0, Y: 0}}, plotter.XYs{}); err == nil {
		t.Error("NewQuiver accepted 1 point and 0 vectors")
	}
	if _, err := NewQuiver(plotter.XYs{{X: 0, Y: 0}}, plotter.XYs{{X: math.NaN(), Y: 0}}); err == nil {
		t.Error("NewQuiver accepted a NaN vector")
	}
}

func TestNewDigitsErrors(t *testing.T) {
	img := make([]float64, 28*28)
	for _, c := range []struct {
		images [][]float64
		labels []int
		want   string
	}{
		{nil, nil, "no images"},
		{[][]float64{img, img[:100]}, nil, "image 1 has 100 values, not 28×28"},
		{[][]float64{img}, []int{1, 2}, "1 images but 2 labels"},
		{[][]float64{make([]float64, 27)}, nil, "image 0 has 27 values, not 5×5"},
	} {
		if _, err := NewDigits(c.images, c.labels, 10); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("NewDigits(%d images, %d labels) = %v, want %q", len(c.images), len(c.labels), err, c.want)
		}
	}
	d, err := NewDigits([][]float64{img, img}, []string{"7", "7 (1)"}, 2)
	if err != nil || !slices.Equal(d.Labels, []string{"7", "7 (1)"}) || d.Side != 28 {
		t.Errorf("NewDigits = %+v, %v", d, err)
	}
}

func TestMovingAverage(t *testing.T) {
	for _, c := range []struct {
		ys     []float64
		window int
		want   []float64
	}{
		{nil, 3, []float64{}},
		{[]float64{1, 2, 3}, 0, []float64{1, 2, 3}},
		{[]float64{1, 2, 3}, 1, []float64{1, 2, 3}},
		{[]float64{3, 1, 2, 6}, 3, []float64{3, 2, 2, 3}},
		{[]float64{2, 4}, 10, []float64{2, 3}},
	} {
		if got := MovingAverage(c.ys, c.window); !slices.Equal(got, c.want) {
			t.Errorf("MovingAverage(%v, %d) = %v, want %v", c.ys, c.window, got, c.want)
		}
	}
}

func TestAddContourErrors(t *testing.T) {
	f := func(x, y float64) float64 { return x*x + y*y }
	if err := AddContour(New("", "", ""), f, 1, -1, -1, 1); err == nil {
		t.Error("AddContour accepted an empty range")
	}
	if err := AddContour(New("", "", ""), func(x, y float64) float64 { return 3 }, -1, 1, -1, 1); err == nil {
		t.Error("AddContour accepted a constant function")
	}
}

// TestIsoline checks marching squares on a bowl: each level is one closed
// loop whose points lie at the right radius.
func TestIsoline(t *testing.T) {
	g := sample(func(x, y float64) float64 { return x*x + y*y }, -2, 2, -2, 2, 81)
	for _, z := range []float64{0.25, 1, 2.25} {
		lines := g.isoline(z)
		if len(lines) != 1 || !lines[0].closed {
			t.Fatalf("level %g: %d lines (closed %v), want one closed loop", z, len(lines), len(lines) == 1 && lines[0].closed)
		}
		for _, p := range lines[0].pts {
			if r := math.Hypot(p[0], p[1]); math.Abs(r-math.Sqrt(z)) > 0.01 {
				t.Fatalf("level %g: point %v at radius %g, want %g", z, p, r, math.Sqrt(z))
			}
		}
	}
	// A level the range cuts: an open arc from edge to edge.
	lines := g.isoline(6)
	if len(lines) != 4 || lines[0].closed {
		t.Errorf("level 6: %d lines, want 4 open corner arcs", len(lines))
	}
}

func TestAddDashed(t *testing.T) {
	p := New("t", "x", "y")
	l, err := AddDashed(p, 3, "model", plotter.XYs{{X: 0, Y: 1}, {X: 1, Y: 2}})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Dashes) == 0 || l.Width >= LineWidth || l.Color != Color(3) {
		t.Errorf("AddDashed: dashes %v, width %v, colour %v; want dashed, thinner than %v, colour 3",
			l.Dashes, l.Width, l.Color, LineWidth)
	}
	if _, err := AddDashed(p, 0, "bad", plotter.XYs{{X: math.NaN(), Y: 0}}); err == nil || !strings.Contains(err.Error(), `"bad"`) {
		t.Errorf("AddDashed of a NaN point: err = %v, want an error naming the line", err)
	}
}
