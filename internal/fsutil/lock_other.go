//go:build !unix && !windows

package fsutil

import "os"

// lockFile does nothing where files cannot be locked (js/wasm, wasip1,
// plan9): there, no other process of tally shares the folder.
func lockFile(f *os.File, wait bool) error { return nil }

// unlockFile does nothing, as lockFile.
func unlockFile(f *os.File) error { return nil }
