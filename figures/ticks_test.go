package figures

import (
	"strings"
	"testing"

	"gonum.org/v1/plot"
)

// tickLabels returns the labels of the labelled ticks.
func tickLabels(ts []plot.Tick) string {
	var ls []string
	for _, t := range ts {
		if t.Label != "" {
			ls = append(ls, t.Label)
		}
	}
	return strings.Join(ls, " ")
}

func TestNiceTicks(t *testing.T) {
	for _, c := range []struct {
		min, max float64
		want     string
	}{
		{0, 1, "0.0 0.2 0.4 0.6 0.8 1.0"},
		{0.01, 1, "0.2 0.4 0.6 0.8 1.0"},
		{-4, 4, "−4 −2 0 2 4"},
		{0, 600, "0 200 400 600"},
		{0.3, 2.3, "0.5 1.0 1.5 2.0"},
		{0, 110, "0 20 40 60 80 100"},
		{0, 125, "0 25 50 75 100 125"},
		{0, 12.5, "0.0 2.5 5.0 7.5 10.0 12.5"},
		{0, 4.6, "0 1 2 3 4"},
		{-0.5, 0.5, "−0.4 −0.2 0.0 0.2 0.4"},
		{0, 3e6, "0 1e+06 2e+06 3e+06"},
		{-9, -1, "−8 −6 −4 −2"},
		{1, 20, "5 10 15 20"},
	} {
		if got := tickLabels(niceTicks{}.Ticks(c.min, c.max)); got != c.want {
			t.Errorf("Ticks(%g, %g) = %q, want %q", c.min, c.max, got, c.want)
		}
	}
}

func TestLogTicks(t *testing.T) {
	for _, c := range []struct {
		min, max float64
		want     string
	}{
		{1e-12, 0.3, "10⁻¹² 10⁻¹⁰ 10⁻⁸ 10⁻⁶ 10⁻⁴ 10⁻²"},
		{1, 1000, "10⁰ 10¹ 10² 10³"},
		{1e-13, 1e5, "10⁻¹² 10⁻⁸ 10⁻⁴ 10⁰ 10⁴"},
		{2, 80, "2 5 10 20 50"},
	} {
		if got := tickLabels(logTicks{}.Ticks(c.min, c.max)); got != c.want {
			t.Errorf("Ticks(%g, %g) = %q, want %q", c.min, c.max, got, c.want)
		}
	}
}
