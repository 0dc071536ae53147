//go:build !linux

package runner

import "syscall"

// killProgram kills a chapter's program and its process group. A process
// that a snippet started in a session or group of its own (setsid) is
// not found here: only Linux's /proc tells a process's descendants.
func killProgram(pid int) error {
	return syscall.Kill(-pid, syscall.SIGKILL)
}

// programAttr puts a chapter's program in a process group of its own, so
// that a timeout kills everything it started.
func programAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
