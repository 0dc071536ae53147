package runner

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/tally-book/tally/runner/chapter"
)

// FontsDir returns the fonts folder of book b, fonts/ in the folder of
// its chapters, as an absolute path: the runner names it to the chapter's
// program (book.EnvFonts), whose figures draw their text with the .ttf,
// .otf, .ttc and .otc files there (see package figures). The folder need
// not exist.
func FontsDir(b *chapter.Book) string {
	dir := filepath.Join(b.Dir, "fonts")
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	return dir
}

// isFontFile reports whether name is a file package figures reads from
// the fonts folder (its fontExts).
func isFontFile(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".ttf", ".otf", ".ttc", ".otc":
		return true
	}
	return false
}

// keyWithFonts returns key mixed with the names and contents of the font
// files of dir, which change the figures a run draws; key as it is when
// dir has none.
func keyWithFonts(key, dir string) (string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return key, nil
	}
	if err != nil {
		return "", err
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\n", key)
	n := 0
	for _, e := range entries {
		if e.IsDir() || !isFontFile(e.Name()) {
			continue
		}
		fmt.Fprintf(h, "font %q\n", e.Name())
		if err := hashFile(h, filepath.Join(dir, e.Name())); err != nil {
			return "", err
		}
		n++
	}
	if n == 0 {
		return key, nil
	}
	return hex.EncodeToString(h.Sum(nil))[:32], nil
}
