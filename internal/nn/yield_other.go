//go:build !linux

package nn

import "runtime"

// osYield lets other goroutines run.
func osYield() { runtime.Gosched() }
