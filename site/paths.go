package site

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/tally-book/tally/internal/fsutil"
)

// ErrUnsafePath is returned for a chapter slug or figure name that would
// not make a plain file name inside the output folder.
var ErrUnsafePath = errors.New("site: unsafe file name")

// nameRE is what a slug or a figure name must look like to become part of
// a file name: the runner's chapter and value names all fit.
var nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$`)

// safeName checks that s can be used as one path element.
func safeName(kind, s string) error {
	if !nameRE.MatchString(s) {
		return fmt.Errorf("%w: %s %q (want letters, digits, '-' and '_')", ErrUnsafePath, kind, s)
	}
	return nil
}

// writer writes files below one root folder and refuses any path that
// would leave it. A file the editions share (a figure, a chapter's
// Markdown) is written once.
type writer struct {
	root string
	done map[string]bool // site paths written so far
	memo *Memo           // links the files the previous site has; nil for none
	dirs map[string]bool // folders made so far
}

// mkdir makes the folder of the file p, once per folder.
func (w *writer) mkdir(p string) error {
	dir := filepath.Dir(p)
	if w.dirs[dir] {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if w.dirs == nil {
		w.dirs = map[string]bool{}
	}
	w.dirs[dir] = true
	return nil
}

// path returns the file path of rel, a slash-separated path relative to
// the root, or an error when rel is not local.
func (w *writer) path(rel string) (string, error) {
	if rel == "" || rel == "." || strings.Contains(rel, "\\") || path.Clean(rel) != rel || !filepath.IsLocal(filepath.FromSlash(rel)) {
		return "", fmt.Errorf("%w: %q", ErrUnsafePath, rel)
	}
	return filepath.Join(w.root, filepath.FromSlash(rel)), nil
}

// write writes data to rel, making the folders it needs.
func (w *writer) write(rel string, data []byte) error {
	p, err := w.path(rel)
	if err != nil {
		return err
	}
	if w.done[rel] {
		return nil
	}
	if w.done != nil {
		w.done[rel] = true
	}
	if err := w.mkdir(p); err != nil {
		return err
	}
	if w.memo == nil {
		return os.WriteFile(p, data, 0o644)
	}
	sum := sha256.Sum256(data)
	if w.memo.link(rel, p, sum) {
		return nil
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return err
	}
	w.memo.wrote(rel, p, sum)
	return nil
}

// copy copies the file src to rel, as write does with bytes; the kernel
// copies (copy_file_range), so megabytes cost little.
func (w *writer) copy(rel, src string) (err error) {
	p, err := w.path(rel)
	if err != nil {
		return err
	}
	if w.done[rel] {
		return nil
	}
	if w.done != nil {
		w.done[rel] = true
	}
	if err := w.mkdir(p); err != nil {
		return err
	}
	return fsutil.CopyFile(src, p)
}

// relURL returns the URL of target (a path from the site root) as seen from
// a page at from (also from the site root).
func relURL(from, target string) string {
	dir := path.Dir(from)
	if dir == "." {
		return target
	}
	if rest, ok := strings.CutPrefix(target, dir+"/"); ok {
		return rest
	}
	if target == dir+"/" {
		return "./"
	}
	return strings.Repeat("../", strings.Count(from, "/")) + target
}
