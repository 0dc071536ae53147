package book

import "syscall"

// prSetChildSubreaper is PR_SET_CHILD_SUBREAPER of prctl(2).
const prSetChildSubreaper = 36

// adoptOrphans makes the program the parent of the orphans among the
// processes it starts (a daemon that double-forks, a setsid child whose
// parent ended), so that they stay its descendants, which the runner
// finds and kills with it when the chapter's time is up.
func adoptOrphans() {
	// Best effort: on a kernel without it (before 3.4) the orphans are
	// simply not adopted.
	_, _, _ = syscall.RawSyscall(syscall.SYS_PRCTL, prSetChildSubreaper, 1, 0)
}
