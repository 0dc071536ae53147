//go:build !linux

package book

// sandbox does nothing: Landlock is Linux's.
func sandbox(dirs string) error { return nil }
