//go:build unix

package runner

import (
	"os"
	"os/exec"
	"syscall"
)

// A processTree holds a chapter's program and the processes it starts, so
// that a timeout ends them all. On unix the program leads a process group
// of its own (programAttr sets Setpgid), so there is nothing to hold.
type processTree struct{}

// run starts cmd and waits for it, as cmd.Run.
func (t *processTree) run(cmd *exec.Cmd) error { return cmd.Run() }

// kill kills the process group that p leads: the program and anything it
// started.
func (t *processTree) kill(p *os.Process) error {
	return syscall.Kill(-p.Pid, syscall.SIGKILL)
}
