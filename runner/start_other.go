//go:build !windows

package runner

import (
	"os"
	"os/exec"

	"github.com/tally-book/tally/book"
)

// exeSuffix ends the file name of a chapter's built program.
const exeSuffix = ""

// inheritChannel has the program of cmd inherit rec, the write end of its
// records pipe, and sec, the read end of its key pipe, and returns the
// value of book.EnvChannel that names them there: descriptors 3 and 4.
func inheritChannel(cmd *exec.Cmd, rec, sec *os.File) string {
	cmd.ExtraFiles = []*os.File{rec, sec}
	return book.ChannelValue(3, 4)
}
