package nn

import "syscall"

// osYield gives up the thread's processor to other threads, if any wait.
// sched_yield cannot fail on Linux.
func osYield() { _, _, _ = syscall.Syscall(syscall.SYS_SCHED_YIELD, 0, 0, 0) }
