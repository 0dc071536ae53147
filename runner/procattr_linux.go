package runner

import "syscall"

// programAttr puts a chapter's program in a process group of its own (so
// a timeout kills everything it started) and has the kernel kill it when
// tally dies, even by kill -9: an orphan would go on writing into the
// folder that the next run of the chapter uses.
func programAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
