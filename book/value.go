package book

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
)

// Value is a published value: exactly one of its fields is set, as Kind says.
type Value struct {
	Kind  string     `json:"kind"`            // "number", "vector", "table", "string" or "bool"
	Num   Number     `json:"num,omitempty"`   // for "number"
	Vec   []Number   `json:"vec,omitempty"`   // for "vector"
	Table [][]Number `json:"table,omitempty"` // for "table", row by row
	Str   string     `json:"str,omitempty"`   // for "string"; for "bool", "true" or "false"
}

// MarshalJSON writes the field of the value's kind, even when it is zero
// (a number 0 keeps its "num": 0).
func (v Value) MarshalJSON() ([]byte, error) {
	type plain Value
	switch v.Kind {
	case "number":
		return json.Marshal(struct {
			Kind string `json:"kind"`
			Num  Number `json:"num"`
		}{v.Kind, v.Num})
	case "string", "bool":
		return json.Marshal(struct {
			Kind string `json:"kind"`
			Str  string `json:"str"`
		}{v.Kind, v.Str})
	}
	return json.Marshal(plain(v))
}

// Number is a float64 that survives JSON: NaN and ±Inf are written as the
// strings "NaN", "+Inf" and "-Inf".
type Number float64

// MarshalJSON implements json.Marshaler.
func (n Number) MarshalJSON() ([]byte, error) {
	f := float64(n)
	switch {
	case math.IsNaN(f):
		return []byte(`"NaN"`), nil
	case math.IsInf(f, 1):
		return []byte(`"+Inf"`), nil
	case math.IsInf(f, -1):
		return []byte(`"-Inf"`), nil
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}

// UnmarshalJSON implements json.Unmarshaler.
func (n *Number) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return fmt.Errorf("book: bad number %q", s)
		}
		*n = Number(f)
		return nil
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	*n = Number(f)
	return nil
}

// ErrUnsupported is returned by NewValue for a type it cannot publish.
var ErrUnsupported = errors.New("book: unsupported value type")

type matrix interface {
	Dims() (r, c int)
	At(i, j int) float64
}

type vector interface {
	Len() int
	AtVec(i int) float64
}

// NewValue converts v to a Value (see Publish for the accepted types).
func NewValue(v any) (Value, error) {
	switch x := v.(type) {
	case nil:
		return Value{}, fmt.Errorf("%w: nil", ErrUnsupported)
	case string:
		return Value{Kind: "string", Str: x}, nil
	case bool:
		return Value{Kind: "bool", Str: strconv.FormatBool(x)}, nil
	case vector:
		vec := make([]Number, x.Len())
		for i := range vec {
			vec[i] = Number(x.AtVec(i))
		}
		return Value{Kind: "vector", Vec: vec}, nil
	case matrix:
		r, c := x.Dims()
		t := make([][]Number, r)
		for i := range t {
			t[i] = make([]Number, c)
			for j := range t[i] {
				t[i][j] = Number(x.At(i, j))
			}
		}
		return Value{Kind: "table", Table: t}, nil
	}
	rv := reflect.ValueOf(v)
	if f, ok := number(rv); ok {
		return Value{Kind: "number", Num: Number(f)}, nil
	}
	if rv.Kind() == reflect.Slice || rv.Kind() == reflect.Array {
		if vec, ok := numbers(rv); ok {
			return Value{Kind: "vector", Vec: vec}, nil
		}
		t := make([][]Number, rv.Len())
		for i := range t {
			row, ok := numbers(rv.Index(i))
			if !ok {
				return Value{}, fmt.Errorf("%w: %T", ErrUnsupported, v)
			}
			t[i] = row
		}
		return Value{Kind: "table", Table: t}, nil
	}
	return Value{}, fmt.Errorf("%w: %T", ErrUnsupported, v)
}

func number(v reflect.Value) (float64, bool) {
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(v.Int()), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return float64(v.Uint()), true
	case reflect.Float32, reflect.Float64:
		return v.Float(), true
	}
	return 0, false
}

func numbers(v reflect.Value) ([]Number, bool) {
	if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
		return nil, false
	}
	out := make([]Number, v.Len())
	for i := range out {
		f, ok := number(v.Index(i))
		if !ok {
			return nil, false
		}
		out[i] = Number(f)
	}
	return out, true
}

// String formats the value for people: numbers with the shortest
// representation that round-trips, vectors in brackets.
func (v Value) String() string {
	switch v.Kind {
	case "number":
		return formatNum(v.Num)
	case "vector":
		return formatVec(v.Vec)
	case "table":
		rows := make([]string, len(v.Table))
		for i, r := range v.Table {
			rows[i] = formatVec(r)
		}
		return "[" + strings.Join(rows, " ") + "]"
	}
	return v.Str
}

func formatNum(n Number) string { return strconv.FormatFloat(float64(n), 'g', -1, 64) }

func formatVec(v []Number) string {
	s := make([]string, len(v))
	for i, n := range v {
		s[i] = formatNum(n)
	}
	return "[" + strings.Join(s, " ") + "]"
}

// Index returns the number at idx (none for a number, one index for a
// vector, two for a table).
func (v Value) Index(idx ...int) (float64, error) {
	switch {
	case v.Kind == "number" && len(idx) == 0:
		return float64(v.Num), nil
	case v.Kind == "vector" && len(idx) == 1:
		if idx[0] < 0 || idx[0] >= len(v.Vec) {
			return 0, fmt.Errorf("index %d out of range [0, %d)", idx[0], len(v.Vec))
		}
		return float64(v.Vec[idx[0]]), nil
	case v.Kind == "table" && len(idx) == 2:
		if idx[0] < 0 || idx[0] >= len(v.Table) {
			return 0, fmt.Errorf("row %d out of range [0, %d)", idx[0], len(v.Table))
		}
		row := v.Table[idx[0]]
		if idx[1] < 0 || idx[1] >= len(row) {
			return 0, fmt.Errorf("column %d out of range [0, %d)", idx[1], len(row))
		}
		return float64(row[idx[1]]), nil
	case v.Kind == "string":
		return 0, fmt.Errorf("value is a string, not a number")
	case v.Kind == "bool":
		return 0, fmt.Errorf("value is a boolean, not a number")
	}
	return 0, fmt.Errorf("a %s takes %d indexes, not %d", v.Kind, map[string]int{"number": 0, "vector": 1, "table": 2}[v.Kind], len(idx))
}

// Bool returns the value of a published bool, which a statement claim
// (<!--?name-->) reads.
func (v Value) Bool() (bool, error) {
	if v.Kind != "bool" {
		return false, fmt.Errorf("value is a %s (%s), not a boolean", v.Kind, v.String())
	}
	return v.Str == "true", nil
}
