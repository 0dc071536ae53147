//go:build !unix

package main

import "time"

// cpuTime reports false: the processor time of the process is not known
// here.
func cpuTime() (time.Duration, bool) { return 0, false }
