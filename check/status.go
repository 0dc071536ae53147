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
