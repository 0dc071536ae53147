package book

// Progress reports how far a long computation has come: step of total,
// and the loss of that step. A page that re-runs the chapter in the
// browser shows it while the run goes on (the step, the loss, and the
// losses so far as a curve that grows), at most ten times a second;
// natively it does nothing, at the cost of a comparison. A trainer calls
// it once per step.
func Progress(step, total int, loss float64) {
	if p, ok := harness.(interface{ progress(int, int, float64) }); ok {
		p.progress(step, total, loss)
	}
}
