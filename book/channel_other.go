//go:build !unix && !windows

package book

import (
	"fmt"
	"os"
)

// moveRecords fails where the runner cannot hand descriptors over
// (it runs chapter programs on unix and windows only).
func moveRecords(recFD uintptr) (*os.File, error) {
	return nil, fmt.Errorf("%s: inherited descriptors are not supported on this system", EnvChannel)
}
