package book

import (
	"fmt"
	"io"
	"os"
	"syscall"
)

// takeDescriptors reads the secret handle to its end and closes it, and
// moves the records handle to a new value that is not inheritable, so
// that neither is where the runner put it by the time a snippet runs and
// no process a snippet starts holds the records pipe.
func takeDescriptors(recFD, secFD uintptr) (*os.File, []byte, []byte, error) {
	sec := os.NewFile(secFD, "tally-secret")
	if sec == nil {
		return nil, nil, nil, fmt.Errorf("%s: the secret handle is invalid", EnvChannel)
	}
	b, err := io.ReadAll(sec)
	_ = sec.Close() // read to its end; closing it is only tidiness
	if err != nil {
		return nil, nil, nil, fmt.Errorf("reading the runner's key: %v", err)
	}
	if len(b) < KeySize {
		return nil, nil, nil, fmt.Errorf("the runner sent %d bytes, less than a key", len(b))
	}
	self, err := syscall.GetCurrentProcess()
	if err != nil {
		return nil, nil, nil, fmt.Errorf("records handle: %v", err)
	}
	var h syscall.Handle
	// Not inheritable (false): the copy stays with this process.
	if err := syscall.DuplicateHandle(self, syscall.Handle(recFD), self, &h, 0, false, syscall.DUPLICATE_SAME_ACCESS); err != nil {
		return nil, nil, nil, fmt.Errorf("records handle: %v", err)
	}
	_ = syscall.CloseHandle(syscall.Handle(recFD)) // h holds the records pipe now
	return os.NewFile(uintptr(h), "tally-records"), b[:KeySize], b[KeySize:], nil
}
