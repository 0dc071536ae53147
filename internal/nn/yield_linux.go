package nn

import "syscall"

// osYield gives up the thread's processor to other threads, if any wait.
func osYield() { syscall.Syscall(syscall.SYS_SCHED_YIELD, 0, 0, 0) }
