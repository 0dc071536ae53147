//go:build !unix && !windows

package book

import (
	"fmt"
	"os"
)

// takeDescriptors fails where the runner cannot hand descriptors over
// (it runs chapter programs on unix and windows only).
func takeDescriptors(recFD, secFD uintptr) (*os.File, []byte, []byte, error) {
	return nil, nil, nil, fmt.Errorf("%s: inherited descriptors are not supported on this system", EnvChannel)
}
