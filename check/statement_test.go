package check

import (
	"errors"
	"strings"
	"testing"
)

// boolValue is a published value for the statement tests.
type boolValue struct {
	b   bool
	err error
}

func (v boolValue) Index(idx ...int) (float64, error) { return 0, errors.New("not a number") }
func (v boolValue) Bool() (bool, error)               { return v.b, v.err }

// TestParseMark parses claims as the browser's re-run receives them:
// number claims and statements alike.
func TestParseMark(t *testing.T) {
	values := map[string]boolValue{"yes": {b: true}, "no": {}, "num": {err: errors.New("value is a number (2), not a boolean")}}
	tests := []struct {
		body, text string
		overridden bool
		want       string // status: message, or the parse error
	}{
		{"?yes", "It holds", false, "pass: "},
		{"?no", "It holds", false, `fail: statement "It holds" is false: the run found no = false`},
		{"?no", "It holds", true, `info: the text says "It holds", this run finds it false (parameters overridden)`},
		{"?num", "It holds", false, `error: statement num: value is a number (2), not a boolean (publish a bool: book.Publish("num", ok))`},
		{"?gone", "It holds", false, "error: statement gone names a value that was never published"},
		{"?yes", " ", false, "statement claim yes covers no text (write it right after the statement, in the same sentence)"},
		{"?Yes", "It holds", false, `malformed statement claim "Yes": want the name of a published boolean, such as arrows_to_min`},
		{"?yes >", "It holds", false, `malformed statement claim "yes >": want the name of a published boolean, such as arrows_to_min`},
		{"yes", "0.5", false, "error: claim yes: not a number"},
		{"yes ±0.1", "half", false, `"half" is not a number`},
	}
	for _, tt := range tests {
		c, err := ParseMark(tt.body, tt.text)
		var got string
		if err != nil {
			got = err.Error()
		} else {
			r := Check(c, values, tt.overridden)
			got = string(r.Status) + ": " + r.Message
		}
		if got != tt.want && !(err != nil && strings.Contains(got, tt.want)) {
			t.Errorf("ParseMark(%q, %q) (overridden %v): %s; want %s", tt.body, tt.text, tt.overridden, got, tt.want)
		}
	}
}
