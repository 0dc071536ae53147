package book

import (
	"fmt"
	"os"
	"strings"
)

// DataRoot is the folder under which a program running in a browser finds
// its chapter's data files: the page loads them and serves them to the
// program's file system calls there (os.Open, os.ReadFile, os.DirFS).
const DataRoot = "/tally-data"

// Path returns the file of a data file that the chapter's front matter
// lists under data: (see runner.CheckDataName), for os.Open and friends. A
// module-relative name is relative to the module's root, where tally runs
// a chapter's program; MODULE//PATH lies in the module's folder, which
// the go command names (go list -m). In a browser the file is
// DataRoot/MODULE/PATH (or DataRoot/PATH), which the page provides.
func Path(name string) (string, error) {
	if name == "" || strings.Contains(name, "\x00") {
		return "", fmt.Errorf("book: data file %q: not a name", name)
	}
	if InBrowser() {
		return DataRoot + "/" + strings.Replace(name, "//", "/", 1), nil
	}
	return nativePath(name)
}

// Open returns the bytes of a data file (see [Path]). In a browser they
// come from the files the page loaded for the chapter, named by its front
// matter's data: key; a file the page did not load is an error that says
// so. A gzip file that the site ships packed is there a gzip file of the
// same content in stored blocks: the same content, not the same bytes.
func Open(name string) ([]byte, error) {
	p, err := Path(name)
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(p)
	if err != nil && InBrowser() {
		return nil, fmt.Errorf("book: data file %s: %w (the page loads only the files the chapter's front matter lists under data:)", name, err)
	}
	return b, err
}
