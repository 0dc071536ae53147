//go:build unix

package book

import (
	"fmt"
	"os"
	"syscall"
)

// moveRecords moves the records descriptor to a new number, close-on-exec,
// so that it is not where the runner put it by the time a snippet runs.
func moveRecords(recFD uintptr) (*os.File, error) {
	fd, err := syscall.Dup(int(recFD))
	if err != nil {
		return nil, fmt.Errorf("records descriptor: %v", err)
	}
	syscall.CloseOnExec(fd)
	_ = syscall.Close(int(recFD)) // fd holds the records pipe now
	return os.NewFile(uintptr(fd), "tally-records"), nil
}
