package runner

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/mod/modfile"
)

// TallyModule is the module path of tally: a book's module requires it
// for the packages its snippets publish through (book, figures).
const TallyModule = "github.com/tally-book/tally"

// ErrNoModule is returned when no go.mod lies in or above a folder.
var ErrNoModule = errors.New(`runner: no go.mod here or in any folder above (run "tally init" to start a book)`)

// ErrNoTally is returned for a module that does not require tally.
var ErrNoTally = errors.New("runner: the module does not require " + TallyModule)

// Module is the Go module a book lives in: its chapters' programs are
// built as packages of it.
type Module struct {
	Root string // folder of go.mod
	Path string // module path
	// Dirs maps the module's path, and the path of every module that
	// go.mod replaces with a folder on disk, to that folder. The cache
	// key hashes the Go files of the packages of these modules that a
	// chapter imports; other modules are pinned by go.sum.
	Dirs map[string]string
}

// FindModule returns the module of the nearest go.mod in dir or a folder
// above it. It fails with ErrNoModule when there is none, and with
// ErrNoTally when that module is neither tally nor requires it.
func FindModule(dir string) (*Module, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return LoadModule(dir)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return nil, ErrNoModule
		}
		dir = parent
	}
}

// LoadModule reads the go.mod in root.
func LoadModule(root string) (*Module, error) {
	root, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	file := filepath.Join(root, "go.mod")
	data, err := os.ReadFile(file)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w (%s has none)", ErrNoModule, root)
	}
	if err != nil {
		return nil, err
	}
	mf, err := modfile.Parse(file, data, nil)
	if err != nil {
		return nil, fmt.Errorf("runner: %w", err)
	}
	if mf.Module == nil {
		return nil, fmt.Errorf("runner: %s: no module line", file)
	}
	m := &Module{Root: root, Path: mf.Module.Mod.Path, Dirs: map[string]string{mf.Module.Mod.Path: root}}
	if m.Path == TallyModule {
		return m, nil
	}
	required := false
	for _, r := range mf.Require {
		required = required || r.Mod.Path == TallyModule
	}
	if !required {
		return nil, fmt.Errorf("%w: %s: add it with\n\tgo get %s@latest\nor start a new book with tally init", ErrNoTally, file, TallyModule)
	}
	for _, r := range mf.Replace {
		if r.New.Version != "" { // a module version, not a folder
			continue
		}
		dir := r.New.Path
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(root, dir)
		}
		m.Dirs[r.Old.Path] = filepath.Clean(dir)
	}
	return m, nil
}

// IsTally reports whether the module is tally itself.
func (m *Module) IsTally() bool { return m.Path == TallyModule }

// dirOf returns the folder of the package at an import path, when the
// package belongs to the module or to a module replaced by a folder.
func (m *Module) dirOf(path string) (string, bool) {
	best := ""
	for mod := range m.Dirs {
		if (path == mod || strings.HasPrefix(path, mod+"/")) && len(mod) > len(best) {
			best = mod
		}
	}
	if best == "" {
		return "", false
	}
	return filepath.Join(m.Dirs[best], filepath.FromSlash(strings.TrimPrefix(strings.TrimPrefix(path, best), "/"))), true
}
