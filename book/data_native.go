//go:build !(js && wasm)

package book

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

var modDirs sync.Map // module path → folder

// nativePath resolves a data file name on disk.
func nativePath(name string) (string, error) {
	mod, file, ok := strings.Cut(name, "//")
	if !ok {
		return filepath.FromSlash(name), nil
	}
	if d, ok := modDirs.Load(mod); ok {
		return filepath.Join(d.(string), filepath.FromSlash(file)), nil
	}
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", mod).Output()
	dir := strings.TrimSpace(string(out))
	if err != nil || dir == "" {
		return "", fmt.Errorf("book: data file %s: cannot find the folder of module %s (go list -m: %v)", name, mod, err)
	}
	modDirs.Store(mod, dir)
	return filepath.Join(dir, filepath.FromSlash(file)), nil
}
