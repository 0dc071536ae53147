package chapter

import (
	"strings"
	"testing"
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

// TestParamName: a parameter's name is a Go identifier that starts with
// a lower-case letter, snake_case or camelCase, and is no keyword or
// predeclared identifier.
func TestParamName(t *testing.T) {
	for _, tc := range []struct {
		name string
		want string // "" for a good name, else a word of the error
	}{
		{"lr", ""},
		{"batch_size", ""},
		{"batchSize", ""},
		{"hiddenUnits2", ""},
		{"x_", ""},
		{"BatchSize", "identifier"},
		{"_x", "identifier"},
		{"2x", "identifier"},
		{"a-b", "identifier"},
		{"élan", "identifier"},
		{"", "identifier"},
		{"func", "keyword"},
		{"range", "keyword"},
		{"len", "predeclared"},
		{"max", "predeclared"},
		{"int", "predeclared"},
		{"nil", "predeclared"},
		{"any", "predeclared"},
	} {
		got := checkParamName(tc.name)
		if tc.want == "" && got != "" || tc.want != "" && !strings.Contains(got, tc.want) {
			t.Errorf("checkParamName(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestParamNamesApartByCase: two parameters whose names differ only in
// case are an error at the second one's line.
func TestParamNamesApartByCase(t *testing.T) {
	src := "---\nparams:\n  batchSize: 1\n  lr: 0.1\n  batchsize: 2\n---\nText.\n"
	ch, err := Parse("c.md", []byte(src))
	want := "c.md:5: param batchsize: differs from param batchSize (line 3) only in case"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("Parse error = %v, want %q", err, want)
	}
	if ch != nil && len(ch.Meta.Params) != 2 {
		t.Errorf("params = %v, want batchSize and lr", ch.Meta.Params)
	}
}
