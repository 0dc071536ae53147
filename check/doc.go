// Package check is the rule by which tally compares what a chapter's prose
// and output blocks say with what its program computed: a written number
// ([Written]) claims the values that round to it, a claim ([Claim]) may
// replace rounding with a tolerance or a bound, and an output check
// ([CompareOutput]) compares printed text by the rules of Go's testable
// examples with numbers compared by the claim rule.
//
// The runner checks a chapter's claims with it after a run, and the
// re-run harness of package book checks them again in the browser, where
// a chapter's program runs as WebAssembly: both use this code, so a claim
// holds on a page exactly when tally test says it does. The package
// depends on the standard library only, which keeps it small enough to
// compile into every chapter's WebAssembly program.
//
// Each form of claim is a [Rule] registered from its own file under the
// Op its claims carry: round.go (the written digits), tolerance.go (±),
// bound.go (<, <=, >, >=), range.go (0.4–0.6) and statement.go. A rule
// parses its part of the comment, finds its number in the prose, says
// whether a value holds, and describes itself through a [Printer] by the
// keys of words.go, whose English and Korean tables package site takes
// into a page's words. A check ends in a [Status].
//
// The rule itself is documented with the claim syntax in package runner.
package check
