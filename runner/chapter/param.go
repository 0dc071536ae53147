package chapter

import (
	"fmt"
	"go/token"
	"go/types"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/tally-book/tally/check"
	"gopkg.in/yaml.v3"
)

// RerunServeOnly is the value of the front matter's rerun key for a
// chapter that pages may re-run only under tally serve (its data is too
// large to ship to a browser, say).
const RerunServeOnly = "serve-only"

// Param is a chapter parameter: a name the snippets read as a Go variable,
// its value from the front matter or an override, and the values a reader
// may give it.
type Param struct {
	Name    string   `json:"name"`
	Value   any      `json:"value"` // int, float64, string or bool
	Line    int      `json:"line"`
	Min     *float64 `json:"min,omitempty"`     // lowest value an override may take
	Max     *float64 `json:"max,omitempty"`     // highest value an override may take
	Step    float64  `json:"step,omitempty"`    // step of a slider between Min and Max; 0 for any
	Log     bool     `json:"log,omitempty"`     // a slider moves on a log scale (Min > 0)
	Choices []any    `json:"choices,omitempty"` // the only values an override may take, of Value's type
}

// GoLiteral returns the value as Go source.
func (p Param) GoLiteral() string {
	if s, ok := p.Value.(string); ok {
		return strconv.Quote(s)
	}
	s := formatValue(p.Value)
	if _, ok := p.Value.(float64); ok && !strings.ContainsAny(s, ".eEn") {
		s += ".0"
	}
	return s
}

// Text returns the value as an override would write it (-set lr=0.1).
func (p Param) Text() string { return formatValue(p.Value) }

// Kind returns the type of the parameter: "int", "float", "bool" or
// "string".
func (p Param) Kind() string {
	switch p.Value.(type) {
	case int:
		return "int"
	case float64:
		return "float"
	case bool:
		return "bool"
	}
	return "string"
}

// formatValue writes a parameter value the way strconv parses it back.
func formatValue(v any) string { return check.FormatValue(v) }

// Parse converts an override of the parameter, as written on a command
// line or in a page's panel, to the parameter's type, and checks it
// against the declared range or choices. Its errors are phrased for the
// reader: "want a number, like 0.1", "must be at most 2".
func (p Param) Parse(s string) (any, error) { return p.domain().Parse(s) }

// domain returns the values the parameter may take, as package check
// describes them.
func (p Param) domain() check.Domain {
	return check.Domain{Value: p.Value, Min: p.Min, Max: p.Max, Choices: p.Choices}
}

// paramError is a problem of a parameter's declaration, at its file line.
type paramError struct {
	line int
	msg  string
}

// paramNameRE is the form of a parameter's name: a Go identifier that
// starts with a lower-case letter, in snake_case or Go's camelCase
// (batch_size, batchSize). It starts lower-case because the name is also
// the name of a published value (see package book).
var paramNameRE = regexp.MustCompile(`^[a-z][A-Za-z0-9_]*$`)

// checkParamName reports what is wrong with a parameter's name: the
// program declares it as a package-level variable, so it must be an
// identifier that is no keyword and hides no predeclared name (a
// parameter named len or int would break every snippet that uses them).
func checkParamName(name string) string {
	switch {
	case !paramNameRE.MatchString(name):
		return "not a Go identifier that starts with a lower-case letter (like lr, batch_size or batchSize)"
	case token.IsKeyword(name):
		return "a Go keyword"
	case types.Universe.Lookup(name) != nil:
		return "a predeclared Go identifier; the snippets would lose it"
	case name == "book":
		return "the name of tally's package book, which every chapter's program imports"
	}
	return ""
}

// parseParam reads one entry of the params mapping: name: value, or
// name: {value: V, min: A, max: B, step: S, log: true, choices: [..]}.
func parseParam(k, v *yaml.Node) (Param, *paramError) {
	p := Param{Name: k.Value, Line: k.Line + 1}
	bad := func(n *yaml.Node, format string, args ...any) (Param, *paramError) {
		return p, &paramError{line: n.Line + 1, msg: fmt.Sprintf(format, args...)}
	}
	if msg := checkParamName(p.Name); msg != "" {
		return bad(k, "%s", msg)
	}
	if v.Kind != yaml.MappingNode {
		val, err := scalarValue(v)
		if err != nil {
			return bad(v, "%v", err)
		}
		p.Value = val
		return p, nil
	}
	var value, min, max, step, log, choices *yaml.Node
	for i := 0; i+1 < len(v.Content); i += 2 {
		key, val := v.Content[i], v.Content[i+1]
		slot := map[string]**yaml.Node{"value": &value, "min": &min, "max": &max, "step": &step, "log": &log, "choices": &choices}[key.Value]
		if slot == nil {
			return bad(key, "unknown key %q (want value, min, max, step, log or choices)", key.Value)
		}
		*slot = val
	}
	if value == nil {
		return bad(v, "a declaration needs value: the book's value")
	}
	val, err := scalarValue(value)
	if err != nil {
		return bad(value, "%v", err)
	}
	p.Value = val
	_, numeric := check.ToFloat(val)
	number := func(n *yaml.Node, key string) (*float64, *paramError) {
		if !numeric {
			_, e := bad(n, "%s is for numbers, and the value %s is a %s", key, p.Text(), p.Kind())
			return nil, e
		}
		x, err := scalarValue(n)
		f, ok := check.ToFloat(x)
		if err != nil || !ok {
			_, e := bad(n, "%s %q is not a number", key, n.Value)
			return nil, e
		}
		if _, isInt := val.(int); isInt && f != math.Trunc(f) {
			_, e := bad(n, "%s %s is not an integer, like the value %s", key, n.Value, p.Text())
			return nil, e
		}
		return &f, nil
	}
	var e *paramError
	if min != nil {
		if p.Min, e = number(min, "min"); e != nil {
			return p, e
		}
	}
	if max != nil {
		if p.Max, e = number(max, "max"); e != nil {
			return p, e
		}
	}
	if step != nil {
		s, e := number(step, "step")
		if e != nil {
			return p, e
		}
		if *s <= 0 {
			return bad(step, "step %s must be above 0", step.Value)
		}
		p.Step = *s
	}
	if log != nil {
		if log.Tag != "!!bool" {
			return bad(log, "log must be true or false")
		}
		_ = log.Decode(&p.Log)
	}
	if choices != nil {
		if min != nil || max != nil || p.Log || step != nil {
			return bad(choices, "choices excludes min, max, step and log")
		}
		if choices.Kind != yaml.SequenceNode || len(choices.Content) == 0 {
			return bad(choices, "choices must be a list of values, like [0.01, 0.1, 1]")
		}
		for _, c := range choices.Content {
			cv, err := scalarValue(c)
			if err != nil {
				return bad(c, "choice: %v", err)
			}
			if f, ok := cv.(int); ok {
				if _, isFloat := val.(float64); isFloat {
					cv = float64(f)
				}
			}
			if fmt.Sprintf("%T", cv) != fmt.Sprintf("%T", val) {
				return bad(c, "choice %s is not a %s like the value %s", c.Value, p.Kind(), p.Text())
			}
			p.Choices = append(p.Choices, cv)
		}
		if _, err := p.Parse(p.Text()); err != nil {
			return bad(value, "value %s is not among the choices", p.Text())
		}
		return p, nil
	}
	x, _ := check.ToFloat(val)
	switch {
	case p.Min != nil && p.Max != nil && *p.Min >= *p.Max:
		return bad(min, "min %s must be below max %s", formatValue(*p.Min), formatValue(*p.Max))
	case p.Min != nil && x < *p.Min:
		return bad(value, "value %s is below min %s", p.Text(), formatValue(*p.Min))
	case p.Max != nil && x > *p.Max:
		return bad(value, "value %s is above max %s", p.Text(), formatValue(*p.Max))
	case p.Log && (p.Min == nil || p.Max == nil || *p.Min <= 0):
		return bad(log, "log needs min and max, with min above 0")
	}
	return p, nil
}

// scalarValue turns a YAML scalar into an int, float64, string or bool.
func scalarValue(n *yaml.Node) (any, error) {
	if n.Kind != yaml.ScalarNode {
		return nil, fmt.Errorf("value must be a number, string or bool")
	}
	switch n.Tag {
	case "!!int":
		var v int
		err := n.Decode(&v)
		return v, err
	case "!!float":
		var v float64
		err := n.Decode(&v)
		return v, err
	case "!!bool":
		var v bool
		err := n.Decode(&v)
		return v, err
	case "!!str":
		return n.Value, nil
	}
	return nil, fmt.Errorf("value %q has unsupported type %s", n.Value, n.Tag)
}
