//go:build unix

package book

import (
	"fmt"
	"io"
	"os"
	"syscall"
)

// takeDescriptors reads the secret descriptor to its end and closes it,
// and moves the records descriptor to a new number, close-on-exec, so
// that neither is where the runner put it by the time a snippet runs.
func takeDescriptors(recFD, secFD uintptr) (*os.File, []byte, []byte, error) {
	sec := os.NewFile(secFD, "tally-secret")
	b, err := io.ReadAll(sec)
	_ = sec.Close() // read to its end; closing it is only tidiness
	if err != nil {
		return nil, nil, nil, fmt.Errorf("reading the runner's key: %v", err)
	}
	if len(b) < KeySize {
		return nil, nil, nil, fmt.Errorf("the runner sent %d bytes, less than a key", len(b))
	}
	fd, err := syscall.Dup(int(recFD))
	if err != nil {
		return nil, nil, nil, fmt.Errorf("records descriptor: %v", err)
	}
	syscall.CloseOnExec(fd)
	_ = syscall.Close(int(recFD)) // fd holds the records pipe now
	return os.NewFile(uintptr(fd), "tally-records"), b[:KeySize], b[KeySize:], nil
}
