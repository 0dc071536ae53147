package runner

import (
	"testing"

	"github.com/tally-book/tally/check"
)

func TestParamParse(t *testing.T) {
	lo, hi := 0.001, 2.0
	imin, imax := 1.0, 1000.0
	lr := Param{Name: "lr", Value: 0.1, Min: &lo, Max: &hi, Log: true}
	steps := Param{Name: "steps", Value: 100, Min: &imin, Max: &imax}
	act := Param{Name: "act", Value: "relu", Choices: []any{"relu", "tanh"}}
	flag := Param{Name: "flag", Value: true}
	for _, tc := range []struct {
		p    Param
		in   string
		want any
		err  string
	}{
		{lr, "0.5", 0.5, ""},
		{lr, " 2 ", 2.0, ""},
		{lr, "abc", nil, "want a number, like 0.1"},
		{lr, "NaN", nil, "want a number, like 0.1"},
		{lr, "Inf", nil, "want a number, like 0.1"},
		{lr, "5", nil, "must be at most 2"},
		{lr, "0", nil, "must be at least 0.001"},
		{steps, "10", 10, ""},
		{steps, "1.5", nil, "want an integer, like 100"},
		{steps, "0", nil, "must be at least 1"},
		{act, "tanh", "tanh", ""},
		{act, "sigmoid", nil, "must be one of relu, tanh"},
		{flag, "false", false, ""},
		{flag, "maybe", nil, "want true or false, like true"},
	} {
		got, err := tc.p.Parse(tc.in)
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("%s.Parse(%q) error = %v, want %q", tc.p.Name, tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s.Parse(%q) = %v (%T), %v; want %v (%T)", tc.p.Name, tc.in, got, got, err, tc.want, tc.want)
		}
	}
}

func TestParamText(t *testing.T) {
	for _, tc := range []struct {
		v           any
		text, goLit string
	}{
		{0.1, "0.1", "0.1"},
		{4.0, "4", "4.0"},
		{1e-10, "1e-10", "1e-10"},
		{100, "100", "100"},
		{"run A", "run A", `"run A"`},
		{true, "true", "true"},
	} {
		p := Param{Name: "p", Value: tc.v}
		if got := p.Text(); got != tc.text {
			t.Errorf("Param{%v}.Text() = %q, want %q", tc.v, got, tc.text)
		}
		if got := p.GoLiteral(); got != tc.goLit {
			t.Errorf("Param{%v}.GoLiteral() = %q, want %q", tc.v, got, tc.goLit)
		}
	}
}

func TestSummary(t *testing.T) {
	claims := func(statuses ...check.Status) []ClaimResult {
		var out []ClaimResult
		for _, s := range statuses {
			out = append(out, ClaimResult{Status: s})
		}
		return out
	}
	for _, tc := range []struct {
		set    map[string]string
		claims []ClaimResult
		want   string
	}{
		{map[string]string{"lr": "0.5"}, claims("pass", "pass", "info"), "under lr=0.5: 2 claims hold, 1 changed"},
		{map[string]string{"steps": "10", "lr": "0.5"}, claims("pass", "info", "error"), "under lr=0.5, steps=10: 1 claim holds, 1 changed, 1 error"},
		{map[string]string{"lr": "0.5"}, claims("pass"), "under lr=0.5: 1 claim holds, 0 changed"},
		{nil, claims("pass", "pass", "fail"), "under the book's parameters: 2 claims hold, 1 false"},
	} {
		if got := Summary(tc.set, tc.claims); got != tc.want {
			t.Errorf("Summary(%v) = %q, want %q", tc.set, got, tc.want)
		}
	}
}
