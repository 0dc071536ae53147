//go:build unix

package runner

import (
	"os"
	"os/exec"
)

// A processTree holds a chapter's program and the processes it starts, so
// that a timeout ends them all. On unix the program leads a process group
// of its own (programAttr sets Setpgid), and killProgram finds the rest,
// so there is nothing to hold.
type processTree struct{}

// start starts cmd, as cmd.Start.
func (t *processTree) start(cmd *exec.Cmd) error { return cmd.Start() }

// wait waits for cmd, as cmd.Wait.
func (t *processTree) wait(cmd *exec.Cmd) error { return cmd.Wait() }

// kill kills the program p and what it started (killProgram).
func (t *processTree) kill(p *os.Process) error { return killProgram(p.Pid) }
