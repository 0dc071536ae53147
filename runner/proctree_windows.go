package runner

import (
	"fmt"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"unsafe"

	"golang.org/x/sys/windows"
)

// programAttr asks for nothing special: on windows, the job object of the
// processTree plays the part of unix's process group.
func programAttr() *syscall.SysProcAttr { return nil }

// A processTree holds a chapter's program and the processes it starts in a
// job object, so that a timeout ends them all. The job kills what is
// still in it when its last handle closes: when wait returns, and when
// tally dies, even killed, as Linux's Pdeathsig does for the program. It
// also limits the memory each of them may commit (jobMemoryLimit), as
// RLIMIT_AS does on unix.
//
// The program joins the job just after it starts, before the runner sends
// it its key: the book package's init waits for the key, so no snippet
// code (a snippet's func init() included) runs outside the job.
type processTree struct {
	mu  sync.Mutex
	job windows.Handle // 0 until the program is in the job
}

// start starts cmd and puts it in a new job object, as cmd.Start, with
// the memory limit that cmd's environment gives the program. If the job
// cannot be made, the program is killed and start fails: it would run
// without its memory limit.
func (t *processTree) start(cmd *exec.Cmd) error {
	if err := cmd.Start(); err != nil {
		return err
	}
	job, err := newKillOnCloseJob(cmd.Process.Pid, jobMemoryLimit(cmd.Env))
	if err != nil {
		_ = cmd.Process.Kill() // it waits for its key: nothing of it ran
		_ = cmd.Wait()         // releases the process; it was killed
		return fmt.Errorf("job object for the program's limits: %v", err)
	}
	t.mu.Lock()
	t.job = job
	t.mu.Unlock()
	return nil
}

// wait waits for cmd, as cmd.Wait, then closes the job, which ends what
// the program left running.
func (t *processTree) wait(cmd *exec.Cmd) error {
	err := cmd.Wait()
	t.mu.Lock()
	if t.job != 0 {
		_ = windows.CloseHandle(t.job) // ends what the program left running; a failed close leaves nothing to do
		t.job = 0
	}
	t.mu.Unlock()
	return err
}

// kill ends every process of the job, or p alone when it is not in one.
func (t *processTree) kill(p *os.Process) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.job != 0 {
		return windows.TerminateJobObject(t.job, 1)
	}
	return p.Kill()
}

// newKillOnCloseJob makes a job object that kills its processes when its
// last handle closes and, unless memory is 0, lets each of them commit at
// most memory bytes, and puts the process pid in it.
func newKillOnCloseJob(pid int, memory uintptr) (windows.Handle, error) {
	job, err := windows.CreateJobObject(nil, nil)
	if err != nil {
		return 0, err
	}
	var info windows.JOBOBJECT_EXTENDED_LIMIT_INFORMATION
	info.BasicLimitInformation.LimitFlags = windows.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
	if memory > 0 {
		// An allocation past it fails, and Go's runtime stops with
		// "fatal error: out of memory", which the run reports.
		info.BasicLimitInformation.LimitFlags |= windows.JOB_OBJECT_LIMIT_PROCESS_MEMORY
		info.ProcessMemoryLimit = memory
	}
	if _, err := windows.SetInformationJobObject(job, windows.JobObjectExtendedLimitInformation,
		uintptr(unsafe.Pointer(&info)), uint32(unsafe.Sizeof(info))); err != nil {
		_ = windows.CloseHandle(job) // unused: the error that matters is err
		return 0, err
	}
	proc, err := windows.OpenProcess(windows.PROCESS_SET_QUOTA|windows.PROCESS_TERMINATE, false, uint32(pid))
	if err != nil {
		_ = windows.CloseHandle(job) // unused: the error that matters is err
		return 0, err
	}
	defer windows.CloseHandle(proc) //nolint:errcheck // a handle only to assign the process; the job holds it
	if err := windows.AssignProcessToJobObject(job, proc); err != nil {
		_ = windows.CloseHandle(job) // unused: the error that matters is err
		return 0, err
	}
	return job, nil
}
