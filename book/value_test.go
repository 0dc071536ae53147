package book

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestNewValue(t *testing.T) {
	tests := []struct {
		in   any
		want string
	}{
		{0.5, "0.5"},
		{float32(0.25), "0.25"},
		{60000, "60000"},
		{uint8(7), "7"},
		{[]float64{6, 8}, "[6 8]"},
		{[]int{1, 2}, "[1 2]"},
		{[3]float32{1, 2, 3}, "[1 2 3]"},
		{[][]float64{{1, 2}, {3, 4}}, "[[1 2] [3 4]]"},
		{mat.NewDense(2, 2, []float64{1, 2, 3, 4}), "[[1 2] [3 4]]"},
		{mat.NewVecDense(2, []float64{5, 6}), "[5 6]"},
		{"hi", "hi"},
		{true, "true"},
	}
	for _, tt := range tests {
		v, err := NewValue(tt.in)
		if err != nil {
			t.Errorf("NewValue(%T): %v", tt.in, err)
			continue
		}
		if got := v.String(); got != tt.want {
			t.Errorf("NewValue(%v) = %s, want %s", tt.in, got, tt.want)
		}
	}
	for _, bad := range []any{nil, struct{}{}, make(chan int), []string{"a"}, [][]string{{"a"}}} {
		if _, err := NewValue(bad); !errors.Is(err, ErrUnsupported) {
			t.Errorf("NewValue(%T) error = %v, want ErrUnsupported", bad, err)
		}
	}
}

func TestNumberJSON(t *testing.T) {
	in := []Number{1.5, Number(math.NaN()), Number(math.Inf(1)), Number(math.Inf(-1)), -6.1e-10}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `[1.5,"NaN","+Inf","-Inf",-6.1e-10]` {
		t.Errorf("json = %s", b)
	}
	var out []Number
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if out[0] != 1.5 || !math.IsNaN(float64(out[1])) || !math.IsInf(float64(out[2]), 1) || !math.IsInf(float64(out[3]), -1) || out[4] != -6.1e-10 {
		t.Errorf("round trip = %v", out)
	}
}

func TestValueJSONKeepsZero(t *testing.T) {
	for _, in := range []any{0.0, "", []float64{0, 0}} {
		v, _ := NewValue(in)
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var back Value
		if err := json.Unmarshal(b, &back); err != nil || back.String() != v.String() || back.Kind != v.Kind {
			t.Errorf("%v: json %s reads back as %+v (%v)", in, b, back, err)
		}
		if v.Kind == "number" && string(b) != `{"kind":"number","num":0}` {
			t.Errorf("zero number = %s", b)
		}
	}
}

func TestValueIndex(t *testing.T) {
	v, _ := NewValue([][]float64{{1, 2}, {3, 4}})
	if x, err := v.Index(1, 0); err != nil || x != 3 {
		t.Errorf("Index(1, 0) = %v, %v", x, err)
	}
	for _, idx := range [][]int{{2, 0}, {0, 2}, {0}, {}} {
		if _, err := v.Index(idx...); err == nil {
			t.Errorf("Index(%v) succeeded", idx)
		}
	}
}

func TestValidName(t *testing.T) {
	for _, ok := range []string{"a", "cee_right", "grad_3_4"} {
		if err := ValidName(ok); err != nil {
			t.Errorf("ValidName(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"", "A", "../x", "a/b", "a-b", "2x", "x.png", "a b"} {
		if ValidName(bad) == nil {
			t.Errorf("ValidName(%q) accepted", bad)
		}
	}
}

// TestValidValueName: a value's name may be camelCase, as a chapter
// parameter published under its Go name is; a figure's may not.
func TestValidValueName(t *testing.T) {
	for _, tc := range []struct {
		name          string
		value, figure bool
	}{
		{"cee_right", true, true},
		{"batchSize", true, false},
		{"hiddenUnits2", true, false},
		{"x", true, true},
		{"BatchSize", false, false},
		{"_x", false, false},
		{"2x", false, false},
		{"a-b", false, false},
		{"a.b", false, false},
		{"", false, false},
	} {
		if got := ValidValueName(tc.name) == nil; got != tc.value {
			t.Errorf("ValidValueName(%q) accepted = %v, want %v", tc.name, got, tc.value)
		}
		if got := ValidName(tc.name) == nil; got != tc.figure {
			t.Errorf("ValidName(%q) accepted = %v, want %v", tc.name, got, tc.figure)
		}
	}
}

func TestValueBool(t *testing.T) {
	for _, tt := range []struct {
		in   any
		want string
	}{
		{true, "true <nil>"},
		{false, "false <nil>"},
		{"true", "false value is a string (true), not a boolean"},
		{1.0, "false value is a number (1), not a boolean"},
	} {
		v, err := NewValue(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		b, err := v.Bool()
		if got := fmt.Sprint(b, " ", err); got != tt.want {
			t.Errorf("NewValue(%#v).Bool() = %s, want %s", tt.in, got, tt.want)
		}
	}
	if _, err := (Value{Kind: "bool", Str: "true"}).Index(); err == nil || err.Error() != "value is a boolean, not a number" {
		t.Errorf("Index of a bool: %v", err)
	}
}
