//go:build !unix

package book

// setAddressSpace does nothing where there is no RLIMIT_AS (in a browser,
// WebAssembly's own memory limit applies).
func setAddressSpace(n int64) {}
