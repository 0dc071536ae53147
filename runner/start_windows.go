package runner

import (
	"os"
	"os/exec"
	"syscall"

	"github.com/tally-book/tally/book"
)

// exeSuffix ends the file name of a chapter's built program: without it,
// exec.Command looks for prog.exe, prog.com, … and finds none.
const exeSuffix = ".exe"

// inheritChannel has the program of cmd inherit rec, the write end of its
// records pipe, and sec, the read end of its key pipe, and returns the
// value of book.EnvChannel that names them there. Windows passes no
// descriptors beyond the standard three (exec.Cmd.ExtraFiles fails): the
// two handles go in the list of handles the program inherits, where they
// keep their values, which the variable gives. Only the handles of that
// list are inherited, so a program that another chapter starts meanwhile
// does not get them.
func inheritChannel(cmd *exec.Cmd, rec, sec *os.File) string {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	hs := []syscall.Handle{syscall.Handle(rec.Fd()), syscall.Handle(sec.Fd())}
	for _, h := range hs {
		// os.Pipe makes inheritable handles; the list must hold only
		// such, so make sure. Were this to fail, so would the start,
		// and the run reports that.
		_ = syscall.SetHandleInformation(h, syscall.HANDLE_FLAG_INHERIT, syscall.HANDLE_FLAG_INHERIT)
	}
	cmd.SysProcAttr.AdditionalInheritedHandles = append(cmd.SysProcAttr.AdditionalInheritedHandles, hs...)
	return book.ChannelValue(rec.Fd(), sec.Fd())
}
