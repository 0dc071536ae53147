package check

import (
	"errors"
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/tally-book/tally/internal/testkit"
)

var seedClaimRE = regexp.MustCompile(`(\S{0,12})<!--=([^>]*?)-->`)

// fuzzValue is a published value for the fuzz tests: any index reads
// the element of that position, so vectors and tables both work.
type fuzzValue []float64

func (v fuzzValue) Index(idx ...int) (float64, error) {
	i := 0
	for _, x := range idx {
		i += x
	}
	if i < 0 || i >= len(v) {
		return 0, errors.New("index out of range")
	}
	return v[i], nil
}

// FuzzParseWritten checks the written-number parser: a number that parses
// matches its own value, and rounding any value to its digits never
// panics.
func FuzzParseWritten(f *testing.F) {
	for _, text := range testkit.SeedTexts(f) {
		for _, m := range seedClaimRE.FindAllStringSubmatch(text, -1) {
			f.Add(m[1], 0.1)
		}
	}
	for _, s := range []string{"0.0975", "-6.11e-10", "−6.11e−10", "94.6%", "60,000", "1e400", "0.0", "-0", "1,23", "007.50"} {
		f.Add(s, math.Pi)
	}
	f.Fuzz(func(t *testing.T, s string, v float64) {
		w, err := ParseWritten(s)
		_ = w.Round(v)
		_ = w.Unit(v)
		if err != nil {
			return
		}
		_ = w.Rule()
		x := w.Value()
		if math.IsInf(x, 0) || math.IsNaN(x) || x != 0 && math.Abs(x) < 1e-300 || len(strings.TrimLeft(w.Int+w.Frac, "0")) > 15 {
			return // beyond what a float64 holds
		}
		if !w.Matches(x) {
			t.Errorf("%q does not match its own value %v (rounds to %q)", s, x, w.Round(x))
		}
	})
}

// FuzzParseClaim checks the claim comment parser and the check of a
// parsed claim against numbers, vectors and tables.
func FuzzParseClaim(f *testing.F) {
	for _, text := range testkit.SeedTexts(f) {
		for _, m := range seedClaimRE.FindAllStringSubmatch(text, -1) {
			f.Add(m[2], m[1], 0.5)
		}
	}
	f.Add("g[1][0] ±2%", "8", 7.9)
	f.Add("acc >=", "94%", 0.95)
	f.Add("acc", "0.4–0.6", 0.5)
	f.Add("acc", "40-60%", 0.61)
	f.Add("g[1]", "−0.6–−0.4", -0.5)
	f.Fuzz(func(t *testing.T, body, written string, v float64) {
		c, err := ParseClaim(body)
		if err != nil {
			return
		}
		if t2, ok := c.Param.(Tolerance); ok && (t2.Tol < 0 || math.IsNaN(t2.Tol)) {
			t.Fatalf("%q: tolerance %v", body, t2.Tol)
		}
		if _, err := c.Follow(written); err != nil {
			return
		}
		if r, ok := c.Param.(Range); ok && !(r.Low.Value() <= r.High.Value()) {
			t.Fatalf("%q: range %s from %v to %v", written, c.Written.Text, r.Low.Value(), r.High.Value())
		}
		_, _ = c.Ref(), c.Rule()
		vals := map[string]fuzzValue{c.Name: {v, 1, 2}}
		for _, overridden := range []bool{false, true} {
			if r := Check(c, vals, overridden); r.Status == "" {
				t.Fatalf("%q: check without a status", body)
			}
		}
		_ = Check(c, map[string]fuzzValue{}, false)
	})
}

// FuzzCompareOutput checks the output block comparison: any text matches
// itself, ordered and unordered.
func FuzzCompareOutput(f *testing.F) {
	f.Add("0.0975\n[6 8]\n", "0.09750000000000003\n[6.000000000012662 7.999999999990237]\n")
	f.Add("a 1\nb 2", "b 2\na 1")
	f.Fuzz(func(t *testing.T, got, want string) {
		for _, u := range []bool{false, true} {
			if err := CompareOutput(got, got, u); err != nil {
				t.Fatalf("%q does not match itself (unordered %v): %v", got, u, err)
			}
			_ = CompareOutput(got, want, u)
		}
	})
}
