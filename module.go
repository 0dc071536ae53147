package main

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/tally-book/tally/runner"
)

// enterModule makes the root of the book's module (the nearest go.mod at
// or above the working directory) the working directory, and rewrites the
// given paths, which were relative to the old one, to match. Commands then
// work from any folder inside the module, chapters/ and _site/ default to
// the module's, and messages name files as chapters/NN-name.md from the
// root, the way a repository and its CI see them. Outside a module that
// requires tally it returns the runner's error, which says what to do.
func enterModule(paths ...*string) error {
	m, err := runner.FindModule(".")
	if err != nil {
		return err
	}
	wd, err := os.Getwd()
	if err != nil {
		return err
	}
	for _, p := range paths {
		if *p == "" || filepath.IsAbs(*p) {
			continue
		}
		abs := filepath.Join(wd, *p)
		rel, err := filepath.Rel(m.Root, abs)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			rel = abs // outside the module: keep it whole
		}
		*p = rel
	}
	if wd == m.Root {
		return nil
	}
	return os.Chdir(m.Root)
}

// enterModuleArgs is enterModule for a list of positional arguments.
func enterModuleArgs(args []string, more ...*string) error {
	ps := make([]*string, 0, len(args)+len(more))
	for i := range args {
		ps = append(ps, &args[i])
	}
	return enterModule(append(ps, more...)...)
}
