package check

// Status is the outcome of a check, of a claim or of an output block. It
// is a string so that results.json and the pages' data keep the words.
type Status string

// The statuses of a check.
const (
	Pass  Status = "pass"  // the claim holds, the output matches
	Fail  Status = "fail"  // it does not
	Error Status = "error" // it could not be checked: the value was never published, or is of the wrong kind
	Info  Status = "info"  // it does not hold under overridden parameters: the text says X, the run gives Y
)

// Failed reports whether s is a failure of tally test: Fail or Error.
func (s Status) Failed() bool { return s == Fail || s == Error }

// RerunStatus is how a claim or an output block fares when a page's
// parameter panel runs its chapter again with a reader's values: the words
// of a re-run's result (runner.RerunResult, JSON) that the page's script
// (site/static/rerun.js) shows.
type RerunStatus string

// The statuses of a re-run.
const (
	RerunHolds   RerunStatus = "holds"   // the claim holds, the output is its block's
	RerunChanged RerunStatus = "changed" // the run gives another value, or another output
	RerunError   RerunStatus = "error"   // the claim could not be checked
	RerunNone    RerunStatus = "none"    // the snippet has no output block to compare
)

// Rerun returns what a check's status shows in a re-run: Pass holds,
// Error is an error, and any other status (Fail, Info) changed.
func (s Status) Rerun() RerunStatus {
	switch s {
	case Pass:
		return RerunHolds
	case Error:
		return RerunError
	}
	return RerunChanged
}
