package figures

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// MovingAverage returns the trailing moving average of ys over window
// values: element i is the mean of ys[i-window+1 : i+1], or of ys[:i+1]
// for the first values. It has the same length as ys, so it lines up with
// the raw curve, and a window of 1 or less returns a copy of ys.
func MovingAverage(ys []float64, window int) []float64 {
	out := make([]float64, len(ys))
	window = max(window, 1)
	var sum float64
	for i, y := range ys {
		sum += y
		if i >= window {
			sum -= ys[i-window]
		}
		out[i] = sum / float64(min(i+1, window))
	}
	return out
}

// Series returns the points (i, ys[i]), to plot a sequence such as the loss
// at each step.
func Series(ys []float64) plotter.XYs {
	xys := make(plotter.XYs, len(ys))
	for i, y := range ys {
		xys[i] = plotter.XY{X: float64(i), Y: y}
	}
	return xys
}

// AddSmoothed adds a noisy curve such as a training loss to p: the raw
// values as a thin pale line and their moving average over window points
// (see [MovingAverage]) as a line in colour i of the house palette, which
// gets the legend entry name.
func AddSmoothed(p *plot.Plot, i int, name string, xys plotter.XYer, window int) error {
	raw, err := plotter.CopyXYs(xys)
	if err != nil {
		return fmt.Errorf("figures: smoothed %q: %w", name, err)
	}
	ys := make([]float64, len(raw))
	for k, xy := range raw {
		ys[k] = xy.Y
	}
	smooth := make(plotter.XYs, len(raw))
	for k, y := range MovingAverage(ys, window) {
		smooth[k] = plotter.XY{X: raw[k].X, Y: y}
	}
	faint, err := AddLine(p, i, "", raw)
	if err != nil {
		return err
	}
	faint.Color, faint.Width = pale(Color(i), 0.3), 0.8
	_, err = AddLine(p, i, name, smooth)
	return err
}

// pale mixes c with white, keeping the fraction a of c.
func pale(c color.Color, a float64) color.Color {
	r, g, b, _ := c.RGBA()
	mix := func(v uint32) uint8 { return uint8(float64(v>>8)*a + 255*(1-a) + 0.5) }
	return color.NRGBA{mix(r), mix(g), mix(b), 0xFF}
}
