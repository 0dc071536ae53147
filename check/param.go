package check

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Domain is the values a chapter parameter may take: those of the type of
// its book's value, within a range or among choices when it declares
// them. tally run -set, tally serve and the browser's re-run all check an
// override with it.
type Domain struct {
	Value   any      // the book's value: int, float64, string or bool; gives the type
	Min     *float64 // lowest value, or nil
	Max     *float64 // highest value, or nil
	Choices []any    // the only values, of Value's type, or nil
}

// Parse converts an override, as written on a command line or in a page's
// panel, to the parameter's type, and checks it against the range or the
// choices. Its errors are phrased for the reader: "want a number, like
// 0.1", "must be at most 2".
func (d Domain) Parse(s string) (any, error) {
	s = strings.TrimSpace(s)
	var v any
	switch d.Value.(type) {
	case int:
		n, err := strconv.Atoi(s)
		if err != nil {
			return nil, fmt.Errorf("want an integer, like %v", FormatValue(d.Value))
		}
		v = n
	case float64:
		x, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("want a number, like %v", FormatValue(d.Value))
		}
		v = x
	case bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return nil, fmt.Errorf("want true or false, like %v", FormatValue(d.Value))
		}
		v = b
	default:
		v = s
	}
	if len(d.Choices) > 0 {
		for _, c := range d.Choices {
			if c == v {
				return v, nil
			}
		}
		texts := make([]string, len(d.Choices))
		for i, c := range d.Choices {
			texts[i] = FormatValue(c)
		}
		return nil, fmt.Errorf("must be one of %s", strings.Join(texts, ", "))
	}
	x, numeric := ToFloat(v)
	if numeric && d.Min != nil && x < *d.Min {
		return nil, fmt.Errorf("must be at least %s", FormatValue(*d.Min))
	}
	if numeric && d.Max != nil && x > *d.Max {
		return nil, fmt.Errorf("must be at most %s", FormatValue(*d.Max))
	}
	return v, nil
}

// ToFloat returns a numeric parameter value as a float64, and false for
// a string or a bool.
func ToFloat(v any) (float64, bool) {
	switch v := v.(type) {
	case int:
		return float64(v), true
	case float64:
		return v, true
	}
	return 0, false
}

// FormatValue writes a parameter value the way Parse reads it back.
func FormatValue(v any) string {
	switch v := v.(type) {
	case int:
		return strconv.Itoa(v)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case string:
		return v
	}
	return fmt.Sprint(v)
}
