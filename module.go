package main

import (
	"os"
	"path/filepath"

	"github.com/tally-book/tally/runner"
)

// bookModule is the Go module of the book a command works on: the
// nearest go.mod at or above the working directory, found once per
// command. Commands never change the working directory: the paths given
// on the command line stay relative to it, and the folders a command
// defaults to (chapters/, _site/) are the module root's, as paths from
// the working directory, so that from the root (as in CI) messages name
// chapters/NN-name.md.
type bookModule struct {
	root string // the folder of go.mod, absolute
	wd   string // the working directory, absolute
}

// findModule finds the book's module. Outside a module that requires
// tally it returns the runner's error, which says what to do.
func findModule() (*bookModule, error) {
	m, err := runner.FindModule(".")
	if err != nil {
		return nil, err
	}
	wd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	return &bookModule{root: m.Root, wd: wd}, nil
}

// path returns the file or folder name of the module root as a path from
// the working directory: chapters from the root, ../chapters from a
// folder below it.
func (m *bookModule) path(name string) string {
	p := filepath.Join(m.root, filepath.FromSlash(name))
	if rel, err := filepath.Rel(m.wd, p); err == nil {
		return rel
	}
	return p
}
