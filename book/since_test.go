package book

import (
	"testing"
	"time"
)

// TestSinceStart checks the reading of a time's monotonic clock: a time
// read later is later, one read now is no later than the test's run, and
// a time without the reading (Round(0) strips it) has none.
func TestSinceStart(t *testing.T) {
	a := time.Now()
	time.Sleep(2 * time.Millisecond)
	b := time.Now()
	da, ok1 := sinceStart(a)
	db, ok2 := sinceStart(b)
	if !ok1 || !ok2 || da <= 0 || db-da < 2*time.Millisecond || db-da > b.Sub(a)+time.Millisecond {
		t.Errorf("sinceStart: %v %v, %v %v; want the second %v after the first", da, ok1, db, ok2, b.Sub(a))
	}
	if d, ok := sinceStart(a.Round(0)); ok {
		t.Errorf("sinceStart of a time without a monotonic reading = %v, true", d)
	}
}
