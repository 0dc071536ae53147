//go:build unix

package book

import (
	"fmt"
	"os"
	"syscall"
)

// setAddressSpace limits the program's address space to n bytes
// (RLIMIT_AS).
func setAddressSpace(n int64) {
	lim := uint64(n)
	if err := syscall.Setrlimit(syscall.RLIMIT_AS, &syscall.Rlimit{Cur: lim, Max: lim}); err != nil {
		fmt.Fprintf(os.Stderr, "book: memory limit: %v\n", err)
		os.Exit(3)
	}
}
