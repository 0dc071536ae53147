//go:build !linux

package sitedir

import "errors"

// exchange is not available here: swapIn renames in two steps.
func exchange(a, b string) error { return errors.New("no atomic exchange of folders on this system") }
