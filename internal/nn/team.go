package nn

import (
	"runtime"
	"sync/atomic"
)

// team runs a job on two goroutines: part 0 on the caller's goroutine and
// part 1 on a worker that spins while it waits, so that handing over a job
// costs well under a microsecond. Which part does what is fixed by the job,
// never by timing, so results do not depend on scheduling.
type team struct {
	job  func(part int)
	seq  uint64 // the last job's number, used by part 0 only
	solo bool   // run both parts on the caller's goroutine

	_     [64]byte // keep the two counters on their own cache lines
	start atomic.Uint64
	_     [56]byte
	done  atomic.Uint64
	_     [56]byte
}

// newTeam starts the worker, unless GOMAXPROCS is 1; then both parts run in
// turn on the caller's goroutine. Call stop when done.
func newTeam() *team {
	t := &team{solo: runtime.GOMAXPROCS(0) < 2}
	if !t.solo {
		go t.work()
	}
	return t
}

// spinWait spins until cond holds. After a while it yields the thread to
// the operating system at each turn, so that on a loaded machine it does not
// take the processor from the thread it waits for.
func spinWait(cond func() bool) {
	for i := 0; !cond(); i++ {
		if i >= 200 {
			osYield()
		}
	}
}

func (t *team) work() {
	for seq := uint64(1); ; seq++ {
		spinWait(func() bool { return t.start.Load() >= seq })
		job := t.job
		if job == nil {
			return
		}
		job(1)
		t.done.Store(seq)
	}
}

// run runs job(0) and job(1) and returns when both have finished.
func (t *team) run(job func(part int)) {
	if t.solo {
		job(0)
		job(1)
		return
	}
	t.job = job
	t.seq++
	seq := t.seq
	t.start.Store(seq)
	job(0)
	spinWait(func() bool { return t.done.Load() >= seq })
}

// stop ends the worker.
func (t *team) stop() {
	if t.solo {
		return
	}
	t.job = nil
	t.seq++
	t.start.Store(t.seq)
}
