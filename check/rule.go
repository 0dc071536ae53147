package check

import (
	"fmt"
	"sort"
)

// Rule is one form of claim: how its comment writes it, which number of
// the prose it follows, when it holds and how a page describes it. Each
// form registers itself from its own file with [Register], under the Op
// its claims carry; a new form of claim is one such file plus its words
// (words.go).
type Rule interface {
	// Parse reads the rule as the claim comment writes it after the
	// value's name: spec is "±0.01", "<", or "" when nothing follows.
	// It reports ok false when spec is not of this form, and otherwise
	// returns the form's own parameter (Claim.Param) or why spec is
	// malformed.
	Parse(spec string) (param any, ok bool, err error)
	// Follow sets c.Written (and, where the form has more, c.Param)
	// from the number that ends before, the prose right before the
	// comment, and returns where that number starts. It reports ok
	// false when before does not end in a number of this form, and an
	// error when it does but the claim cannot be checked.
	Follow(c *Claim, before string) (start int, ok bool, err error)
	// Holds reports whether the computed value x makes c true.
	Holds(c *Claim, x float64) bool
	// Describe says how c is checked, in the words of p: "rounded to
	// 4 decimals", "within ±0.01 of 0.31".
	Describe(c *Claim, p Printer) string
}

// failer is a Rule that words its own failures: the rounding rule shows
// the run's value rounded as the text rounds it.
type failer interface {
	// got is the run's value as the text would write it.
	got(c *Claim, x float64) string
	// failure says why c does not hold for x, shown in the written units.
	failure(c *Claim, x float64, shown string) string
}

// Op names for the forms of claim this package registers.
const (
	OpRound = ""  // the written digits: 0.0975 claims [0.09745, 0.09755)
	OpTol   = "±" // a tolerance, absolute or relative: ±0.01, ±2%
)

// rules are the registered forms of claim, by Op.
var rules = map[string]Rule{}

// ops are the Ops of rules, sorted, the order in which forms are tried.
var ops []string

// Register adds a form of claim under op, the Op of its claims. It panics
// when op is taken: registering happens in init functions.
func Register(op string, r Rule) {
	if _, dup := rules[op]; dup {
		panic("check: rule " + op + " registered twice")
	}
	rules[op] = r
	ops = append(ops, op)
	sort.Strings(ops)
}

// RuleOf returns the form of claim registered under op, or nil.
func RuleOf(op string) Rule { return rules[op] }

// parseSpec returns the forms of claim that read spec, each with its
// parameter, in the order of their Ops. It returns the first error of a
// form that reads spec as its own but malformed.
func parseSpec(spec string) ([]string, []any, error) {
	var match []string
	var params []any
	for _, op := range ops {
		p, ok, err := rules[op].Parse(spec)
		if err != nil {
			return nil, nil, err
		}
		if ok {
			match, params = append(match, op), append(params, p)
		}
	}
	return match, params, nil
}

// Follow binds c to the number that ends before, the prose right before
// its comment, and returns where that number starts. Of the forms that
// read c's rule (Claim.Spec), the one whose number starts first wins, so
// that 0.4–0.6 is a range rather than a claim on 0.6.
func (c *Claim) Follow(before string) (int, error) {
	match, params, err := parseSpec(c.Spec)
	if err != nil {
		return 0, err
	}
	best, start := Claim{}, -1
	for i, op := range match {
		try := *c
		try.Op, try.Param = op, params[i]
		s, ok, err := rules[op].Follow(&try, before)
		if err != nil {
			return 0, err
		}
		if ok && (start < 0 || s < start) {
			best, start = try, s
		}
	}
	if start < 0 {
		tail := before
		if r := []rune(tail); len(r) > 20 {
			tail = "…" + string(r[len(r)-20:])
		}
		return 0, noNumberError{c.Ref(), tail}
	}
	*c = best
	return start, nil
}

// Printer formats the messages of the claim rules, by key, in one
// language: [Words] is one, and package site's interface words are
// another, so that a book's words: can translate the rules too.
type Printer interface {
	// F formats the message of key with args.
	F(key string, args ...any) string
	// N formats the message of key with args; n chooses the singular
	// (key.one) where the language has one.
	N(key string, n int, args ...any) string
}

// noNumberError is the error of a claim comment that follows no number.
type noNumberError struct{ ref, tail string }

func (e noNumberError) Error() string {
	return fmt.Sprintf("claim %s follows %q, not a number (write the number right before the comment, with no space)", e.ref, e.tail)
}
