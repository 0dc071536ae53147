package book

import (
	"fmt"
	"os"
	"syscall"
)

// moveRecords moves the records handle to a new value that is not
// inheritable, so that it is not where the runner put it by the time a
// snippet runs and no process a snippet starts holds the records pipe.
func moveRecords(recFD uintptr) (*os.File, error) {
	self, err := syscall.GetCurrentProcess()
	if err != nil {
		return nil, fmt.Errorf("records handle: %v", err)
	}
	var h syscall.Handle
	// Not inheritable (false): the copy stays with this process.
	if err := syscall.DuplicateHandle(self, syscall.Handle(recFD), self, &h, 0, false, syscall.DUPLICATE_SAME_ACCESS); err != nil {
		return nil, fmt.Errorf("records handle: %v", err)
	}
	_ = syscall.CloseHandle(syscall.Handle(recFD)) // h holds the records pipe now
	return os.NewFile(uintptr(h), "tally-records"), nil
}
