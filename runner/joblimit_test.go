package runner

import (
	"strconv"
	"testing"

	"github.com/tally-book/tally/book"
)

// TestJobMemoryLimit reads the memory limit of a program's job object on
// windows from the environment the runner gives the program.
func TestJobMemoryLimit(t *testing.T) {
	mem := book.EnvMemory + "="
	max := ^uintptr(0)
	for _, tc := range []struct {
		env  []string
		want uintptr
	}{
		{nil, 0},
		{[]string{"PATH=/bin"}, 0},
		{[]string{mem + "67108864"}, 64<<20 + jobHeadroom},
		{[]string{"X" + mem + "5", mem + "1024", "PATH=/bin"}, 1024 + jobHeadroom},
		{[]string{mem + "1024", mem + "2048"}, 2048 + jobHeadroom}, // the last one counts, as for the program
		{[]string{mem + "0"}, 0},
		{[]string{mem + "-5"}, 0},
		{[]string{mem + "2GiB"}, 0},
		{[]string{mem}, 0},
		{[]string{mem + strconv.FormatUint(uint64(max), 10)}, max},
		{[]string{mem + strconv.FormatUint(uint64(max-jobHeadroom+1), 10)}, max},
	} {
		if got := jobMemoryLimit(tc.env); got != tc.want {
			t.Errorf("jobMemoryLimit(%q) = %d, want %d", tc.env, got, tc.want)
		}
	}
}
