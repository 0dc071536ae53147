// Package chapters_test checks that every chapter of the book runs to its
// end for every value its re-run panel offers.
package chapters_test

import (
	"fmt"
	"math"
	"strconv"
	"testing"

	"github.com/tally-book/tally/runner"
	"github.com/tally-book/tally/runner/chapter"
)

// sweepSmall are overrides that keep each swept run of a chapter short:
// chapter 6 trains for the fewest steps its panel offers, on small
// batches, measuring the accuracies only at the start and the end (each
// measurement reads all 70,000 images), and chapter 3 measures few
// batches. The parameter being swept replaces its own entry.
var sweepSmall = map[string]map[string]string{
	"03-minibatch": {"draws": "10", "largestBatch": "100"},
	"06-sgd":       {"sgdIters": "100", "sgdBatch": "10", "evalEvery": "10000", "checkSteps": "2"},
}

// TestSweepParams runs every chapter of the book with each parameter its
// panel offers set to its lowest and highest value and to two values
// between (on the parameter's scale), and to each of its choices: every
// such run must reach its end without an error (a panic, a failed build).
// Claims may change under other values and are not checked. A number
// parameter without a declared range would let the panel offer any
// number, so it is an error here.
func TestSweepParams(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs every chapter about 20 times each")
	}
	b, err := chapter.LoadBook(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range b.Chapters {
		for _, p := range ch.Meta.Params {
			values, err := sweepValues(p)
			if err != nil {
				t.Errorf("%s:%d: %v", ch.Path, p.Line, err)
				continue
			}
			for _, v := range values {
				set := map[string]string{}
				for name, small := range sweepSmall[ch.Slug] {
					set[name] = small
				}
				set[p.Name] = v
				t.Run(fmt.Sprintf("%s/%s=%s", ch.Slug, p.Name, v), func(t *testing.T) {
					r, err := runner.New(runner.Config{Set: set, NoVet: true})
					if err != nil {
						t.Fatal(err)
					}
					res := r.Run(t.Context(), b, ch)
					for _, e := range res.Errors {
						t.Errorf("under %v: %v", set, e)
					}
				})
			}
		}
	}
}

// sweepValues returns the values of p to try, as -set would write them:
// the bounds and two values between for a number, each choice for a
// parameter with choices, both values for a bool.
func sweepValues(p chapter.Param) ([]string, error) {
	if len(p.Choices) > 0 {
		var out []string
		for _, c := range p.Choices {
			out = append(out, fmt.Sprint(c))
		}
		return out, nil
	}
	var isInt bool
	switch p.Value.(type) {
	case bool:
		return []string{"false", "true"}, nil
	case string:
		return nil, nil // free text: nothing to sweep
	case int:
		isInt = true
	}
	if p.Min == nil || p.Max == nil {
		return nil, fmt.Errorf("parameter %s has no declared range (min and max): the panel would offer any number", p.Name)
	}
	lo, hi := *p.Min, *p.Max
	format := func(x float64) string {
		if isInt {
			return strconv.Itoa(int(math.Round(x)))
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	out := []string{format(lo)}
	for _, f := range []float64{1.0 / 3, 2.0 / 3} {
		x := lo + f*(hi-lo)
		if p.Log {
			x = lo * math.Pow(hi/lo, f)
		}
		if p.Step > 0 {
			x = lo + math.Round((x-lo)/p.Step)*p.Step
		}
		if !isInt {
			x, _ = strconv.ParseFloat(strconv.FormatFloat(x, 'g', 3, 64), 64)
		}
		out = append(out, format(x))
	}
	return append(out, format(hi)), nil
}

func TestSweepValues(t *testing.T) {
	t.Parallel()
	f := func(x float64) *float64 { return &x }
	for _, tc := range []struct {
		p    chapter.Param
		want string
	}{
		{chapter.Param{Name: "lr", Value: 0.1, Min: f(0.001), Max: f(1), Log: true}, "[0.001 0.01 0.1 1]"},
		{chapter.Param{Name: "steps", Value: 10, Min: f(1), Max: f(10)}, "[1 4 7 10]"},
		{chapter.Param{Name: "seed", Value: 1, Min: f(0), Max: f(1000), Step: 1}, "[0 333 667 1000]"},
		{chapter.Param{Name: "act", Value: "relu", Choices: []any{"relu", "tanh"}}, "[relu tanh]"},
		{chapter.Param{Name: "on", Value: true}, "[false true]"},
	} {
		got, err := sweepValues(tc.p)
		if err != nil || fmt.Sprint(got) != tc.want {
			t.Errorf("sweepValues(%s) = %v, %v; want %s", tc.p.Name, got, err, tc.want)
		}
	}
	if _, err := sweepValues(chapter.Param{Name: "window", Value: 100}); err == nil {
		t.Error("sweepValues of a number without a range: no error")
	}
}
