package book

import (
	"fmt"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// limitMemory caps the memory the program may take at n bytes (a decimal
// string): the garbage collector works harder as the heap nears 7/8 of
// it, and the address space is limited to what the program maps at start
// (the Go runtime reserves about a gigabyte it never uses) plus n, so that
// an allocation past it makes the runtime stop with "fatal error: out of
// memory" rather than take the machine's memory.
func limitMemory(v string) {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		fmt.Fprintf(os.Stderr, "book: %s=%q is not a number of bytes\n", EnvMemory, v)
		os.Exit(3)
	}
	debug.SetMemoryLimit(n / 8 * 7)
	setAddressSpace(mapped() + n)
}

// mapped returns the size of the program's address space (VmSize), or 0
// where /proc does not tell.
func mapped() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(l, "VmSize:"); ok {
			f := strings.Fields(rest) // "1227188 kB"
			if len(f) == 2 && f[1] == "kB" {
				kb, err := strconv.ParseInt(f[0], 10, 64)
				if err == nil {
					return kb << 10
				}
			}
		}
	}
	return 0
}
