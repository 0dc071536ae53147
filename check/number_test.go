package check

import (
	"math"
	"testing"
)

func TestWrittenMatches(t *testing.T) {
	tests := []struct {
		written string
		v       float64
		want    bool
	}{
		{"0.0975", 0.09750000000000003, true},
		{"0.0975", 0.09745, true},
		{"0.0975", 0.097449999, false},
		{"0.0975", 0.09755001, false},
		{"0.0975", 0.0975499, true},
		{"2.30", 2.302584092994546, true},
		{"2.3", 2.302584092994546, true},
		{"2.303", 2.302584092994546, true},
		{"2.302", 2.302584092994546, false},
		{"16.1", 16.11809565095832, true},
		{"60,000", 60000, true},
		{"60,000", 60001, false},
		{"-6.11e-10", -6.1106e-10, true},
		{"−6.11e-10", -6.1106e-10, true},
		{"-6.1e-10", -6.1106e-10, true},
		{"6.1e-10", -6.1106e-10, false},
		{"-2.6e13", -2.58e13, true},
		{"1e-7", 1.04e-7, true},
		{"1e-7", 1.6e-7, false},
		{"94.6%", 0.946, true},
		{"94.6%", 0.9455001, true},
		{"94.6%", 0.9464, true},
		{"94.6%", 0.9466, false},
		{"0.00", -0.001, true},
		{"-0.00", 0.001, true},
		{"0", 0.4, true},
		{"0", math.NaN(), false},
		{"1", math.Inf(1), false},
		{"0.693", 0.6931471805599453, true},
		{"0.693", 0.6914, false},
		{"08", 8, true},
		{"007.50", 7.5, true},
		{"12.5e3", 12500, true}, // not normalized: three significant digits
		{"12.5e3", 12549, true},
		{"12.5e3", 12551, false},
		{"11110793e-10", 0.0011110793, true},
		{"0.05e2", 5.4, true},
		{"0.05e2", 5.5, false},
		{"0%", 0, true},
		{"0.0%", 0.0004, true},
	}
	for _, tt := range tests {
		w, err := ParseWritten(tt.written)
		if err != nil {
			t.Fatalf("ParseWritten(%q): %v", tt.written, err)
		}
		if got := w.Matches(tt.v); got != tt.want {
			t.Errorf("%q.Matches(%v) = %v, want %v (rounded: %s, canonical %s)", tt.written, tt.v, got, tt.want, w.Round(tt.v), w.Canonical())
		}
	}
}

func TestTrailingNumber(t *testing.T) {
	tests := []struct {
		text, want string
		ok         bool
	}{
		{"the loss is 0.0975", "0.0975", true},
		{"(−6.1e-10", "−6.1e-10", true},
		{"x-1", "1", true},
		{"range 3-5", "5", true},
		{"about -5", "-5", true},
		{"accuracy 94.6%", "94.6%", true},
		{"60,000", "60,000", true},
		{"1,2", "2", true},
		{"version 1.2.3", "", false},
		{"word", "", false},
		{"x2", "", false},
		{"0.5 ", "", false},
	}
	for _, tt := range tests {
		w, _, ok := TrailingNumber(tt.text)
		if ok != tt.ok || ok && w.Text != tt.want {
			t.Errorf("TrailingNumber(%q) = %q, %v; want %q, %v", tt.text, w.Text, ok, tt.want, tt.ok)
		}
	}
}

func TestWrittenRule(t *testing.T) {
	tests := map[string]string{
		"0.0975":    "rounded to 4 decimals",
		"0.5":       "rounded to 1 decimal",
		"60,000":    "rounded to an integer",
		"-6.11e-10": "rounded to 3 significant digits",
		"1e-7":      "rounded to 1 significant digit",
		"94.6%":     "as a percentage rounded to 1 decimal",
	}
	for in, want := range tests {
		w, err := ParseWritten(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := w.Rule(); got != want {
			t.Errorf("%s: Rule() = %q, want %q", in, got, want)
		}
	}
}
