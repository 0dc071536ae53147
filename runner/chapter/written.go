package chapter

import "github.com/tally-book/tally/check"

// Written is a number as an author wrote it in prose or in an expected
// output (see package check, which holds the claim rule).
type Written = check.Written

// ParseWritten parses a whole string as a written number.
func ParseWritten(s string) (Written, error) { return check.ParseWritten(s) }

// CompareOutput compares what a snippet printed with an expected output
// block, by the rules of Go's testable examples with numbers compared by
// the claim rule (see check.CompareOutput).
func CompareOutput(got, want string, unordered bool) error {
	return check.CompareOutput(got, want, unordered)
}
