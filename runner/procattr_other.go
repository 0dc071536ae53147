//go:build unix && !linux

package runner

import "syscall"

// programAttr puts a chapter's program in a process group of its own, so
// that a timeout kills everything it started.
func programAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
