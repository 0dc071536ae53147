package check

import (
	"errors"
	"fmt"
	"strings"
)

// OpStatement is the Op of a statement claim: a sentence of the prose
// (Written.Text) bound to a published boolean, which must be true.
const OpStatement = "?"

// statementRule is the form of a statement claim, <!--?name-->, which
// ParseStatement reads: no claim comment <!--=…--> is one.
type statementRule struct{}

func init() { Register(OpStatement, statementRule{}) }

func (statementRule) Parse(string) (any, bool, error) { return nil, false, nil }

func (statementRule) Follow(*Claim, string) (int, bool, error) { return 0, false, nil }

// Holds is false: a statement holds by a boolean, not a number (checkStatement).
func (statementRule) Holds(*Claim, float64) bool { return false }

func (statementRule) Describe(_ *Claim, p Printer) string { return p.F("rule.statement") }

// Booler is a published value that may be a boolean (book.Value is one).
type Booler interface {
	Bool() (bool, error)
}

// ParseStatement parses the body of a statement comment, the value name
// after "<!--?", for the statement text as written.
func ParseStatement(body, text string) (*Claim, error) {
	name := strings.TrimSpace(body)
	if !isIdent(name) {
		return nil, fmt.Errorf("malformed statement claim %q: want the name of a published boolean, such as arrows_to_min", body)
	}
	if strings.TrimSpace(text) == "" {
		return nil, fmt.Errorf("statement claim %s covers no text (write it right after the statement, in the same sentence)", name)
	}
	return &Claim{Name: name, Op: OpStatement, Written: Written{Text: text}}, nil
}

// ParseMark parses a claim as the browser's re-run receives it: body is
// the comment after "<!--=" for a number claim, or "?name" for a
// statement; text is the number or the statement as written.
func ParseMark(body, text string) (*Claim, error) {
	if name, ok := strings.CutPrefix(body, OpStatement); ok {
		return ParseStatement(name, text)
	}
	c, err := ParseClaim(body)
	if err != nil {
		return nil, err
	}
	start, err := c.Follow(text)
	var none noNumberError
	if errors.As(err, &none) || err == nil && start != 0 {
		return nil, fmt.Errorf("%q is not a number", text)
	}
	if err != nil {
		return nil, err
	}
	return c, nil
}

// checkStatement checks a statement claim: it holds when its value is the
// boolean true.
func checkStatement(c *Claim, v any, published, overridden bool) Result {
	var r Result
	if !published {
		r.Status, r.Message = Error, fmt.Sprintf("statement %s names a value that was never published", c.Ref())
		return r
	}
	b, ok := v.(Booler)
	if !ok {
		r.Status, r.Message = Error, fmt.Sprintf("statement %s: the value cannot be a boolean", c.Ref())
		return r
	}
	truth, err := b.Bool()
	if err != nil {
		r.Status, r.Message = Error, fmt.Sprintf("statement %s: %v (publish a bool: book.Publish(%q, ok))", c.Ref(), err, c.Name)
		return r
	}
	r.Shown = fmt.Sprint(truth)
	switch {
	case truth:
		r.Status = Pass
	case overridden:
		r.Status = Info
		r.Message = fmt.Sprintf("the text says %q, this run finds it false (parameters overridden)", c.Written.Text)
	default:
		r.Status = Fail
		r.Message = fmt.Sprintf("statement %q is false: the run found %s = false", c.Written.Text, c.Ref())
	}
	return r
}
