package runner

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/tally-book/tally/runner/chapter"
)

// DataFile is a data file of a chapter.
type DataFile struct {
	Name string // as the front matter writes it
	Path string // the file on disk
	Size int64
}

// DataFiles resolves the data: entries of ch to files on disk: a
// module-relative name in the book's module, a MODULE//PATH name in the
// folder the go command gives that module (go list -m). A name that is no
// regular file is an error at the chapter.
func (r *Runner) DataFiles(ch *chapter.Chapter) ([]DataFile, error) {
	var out []DataFile
	for _, name := range ch.Meta.Data {
		if err := chapter.CheckDataName(name); err != nil {
			return nil, fmt.Errorf("%s: data: %w", ch.Path, err)
		}
		dir, file := r.root, name
		if mod, f, ok := strings.Cut(name, "//"); ok {
			d, err := r.moduleFolder(mod)
			if err != nil {
				return nil, fmt.Errorf("%s: data: %s: %w", ch.Path, name, err)
			}
			dir, file = d, f
		}
		p := filepath.Join(dir, filepath.FromSlash(file))
		fi, err := os.Stat(p)
		if err != nil || !fi.Mode().IsRegular() {
			return nil, fmt.Errorf("%s: data: %s: no such file (%s)", ch.Path, name, p)
		}
		out = append(out, DataFile{Name: name, Path: p, Size: fi.Size()})
	}
	return out, nil
}

// moduleFolder returns the folder of a module the book's module requires.
func (r *Runner) moduleFolder(mod string) (string, error) {
	r.pkgMu.Lock()
	defer r.pkgMu.Unlock()
	if d, ok := r.modDirs[mod]; ok {
		return d, nil
	}
	cmd := exec.Command(r.goBin, "list", "-m", "-f", "{{.Dir}}", mod)
	cmd.Dir = r.root
	out, err := cmd.Output()
	dir := strings.TrimSpace(string(out))
	if err != nil || dir == "" {
		return "", fmt.Errorf("go list -m %s: the book's module does not require it, or it is not in the module cache (go mod download %s)", mod, mod)
	}
	if r.modDirs == nil {
		r.modDirs = map[string]string{}
	}
	r.modDirs[mod] = dir
	return dir, nil
}
