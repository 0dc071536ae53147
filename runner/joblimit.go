package runner

import (
	"math"
	"strconv"
	"strings"

	"github.com/tally-book/tally/book"
)

// jobHeadroom is what a chapter's program may commit on windows beyond
// its memory: limit: about what the Go runtime and the program's packages
// commit before the first snippet runs. (On unix the address space limit
// is likewise set above what the program maps at start.)
const jobHeadroom = 64 << 20

// jobMemoryLimit returns the memory that the job object of a chapter's
// program lets each of its processes commit, on windows: the limit that
// env (the program's environment, whose last book.EnvMemory counts) gives
// the book package, plus jobHeadroom, at most what a uintptr holds. It
// returns 0, no limit, when env gives none or one that is not a positive
// number of bytes (the book package then stops the program and says so).
func jobMemoryLimit(env []string) uintptr {
	v := ""
	for _, kv := range env {
		if rest, ok := strings.CutPrefix(kv, book.EnvMemory+"="); ok {
			v = rest
		}
	}
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil || n == 0 {
		return 0
	}
	if n > math.MaxUint64-jobHeadroom || n+jobHeadroom > uint64(^uintptr(0)) {
		return ^uintptr(0)
	}
	return uintptr(n + jobHeadroom)
}
