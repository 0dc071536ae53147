package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"time"
)

// diskCache keeps rendered HTML between builds, a file per entry in dir,
// named by a hash of everything the HTML depends on. Each file starts with
// a line "sha256 HEX", the hash of the HTML that follows: an entry that
// does not match it (truncated by a crash, altered) is a miss and gets
// written again. Entries are written to a temporary file and renamed into
// place, so that two builds at once never read half an entry. A nil
// *diskCache keeps nothing.
//
// The cache remembers which entries a build read or wrote, and sweep
// removes the others once they have not been used for cacheKeep: a book
// whose formulas and code change keeps a cache of the size of what it
// uses, while a build of only some pages (or of another branch) does not
// throw away what the next full build needs.
type diskCache struct {
	dir  string
	used map[string]bool // base names of the entries this build read or wrote
}

// cacheKeep is how long an entry that no build uses stays in a disk cache;
// cacheTouch is how old a used entry's modification time may get before
// sweep sets it to now, so that it says when the entry was last used.
const (
	cacheKeep  = 30 * 24 * time.Hour
	cacheTouch = 24 * time.Hour
)

// newDiskCache returns a cache in dir, or nil when dir is "".
func newDiskCache(dir string) *diskCache {
	if dir == "" {
		return nil
	}
	return &diskCache{dir: dir, used: map[string]bool{}}
}

// read returns the data of the entry in file (see readEntry), and marks
// the entry used.
func (c *diskCache) read(file string) (string, bool) {
	h, ok := readEntry(file)
	if ok {
		c.used[filepath.Base(file)] = true
	}
	return h, ok
}

// write writes the entry in file (see writeEntry), and marks it used.
func (c *diskCache) write(file string, data []byte) {
	if writeEntry(file, data) == nil {
		c.used[filepath.Base(file)] = true
	}
}

// sweep removes the entries that this build did not use and that no build
// used for cacheKeep, as of now, and marks the used ones whose
// modification time is older than cacheTouch as used now. Temporary files
// that a killed build left behind go too once they are that old. A file
// sweep cannot remove or touch costs a render or a later sweep, nothing
// more.
func (c *diskCache) sweep(now time.Time) {
	if c == nil {
		return
	}
	entries, err := os.ReadDir(c.dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		file := filepath.Join(c.dir, e.Name())
		age := now.Sub(info.ModTime())
		switch {
		case c.used[e.Name()]:
			if age > cacheTouch {
				_ = os.Chtimes(file, now, now)
			}
		case age > cacheKeep:
			_ = os.Remove(file)
		}
	}
}

// file returns the file of the entry whose HTML depends on parts.
func (c *diskCache) file(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return filepath.Join(c.dir, hex.EncodeToString(h.Sum(nil)))
}

// entryPrefix starts the first line of an entry, before the hash.
const entryPrefix = "sha256 "

// readEntry returns the HTML of the entry in file, and false when the file
// is missing or its HTML does not match its hash.
func readEntry(file string) (string, bool) {
	b, ok := readEntryBytes(file)
	return string(b), ok
}

// readEntryBytes is readEntry for data too large to copy into a string.
func readEntryBytes(file string) ([]byte, bool) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, false
	}
	head, body, ok := bytes.Cut(b, []byte{'\n'})
	if !ok || !bytes.HasPrefix(head, []byte(entryPrefix)) {
		return nil, false
	}
	sum := sha256.Sum256(body)
	if string(head[len(entryPrefix):]) != hex.EncodeToString(sum[:]) {
		return nil, false
	}
	return body, true
}

// writeEntry writes an entry into a temporary file and renames it into
// place, so that a reader sees a whole entry or none. A failure to write
// costs a later build a render, nothing more.
func writeEntry(file string, data []byte) error {
	sum := sha256.Sum256(data)
	head := entryPrefix + hex.EncodeToString(sum[:]) + "\n"
	return writeFileAtomic(file, []byte(head), data)
}

// writeFileAtomic writes the parts into a temporary file next to file and
// renames it into place, so that a reader sees the whole file or none.
func writeFileAtomic(file string, parts ...[]byte) error {
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), ".tmp-")
	if err != nil {
		return err
	}
	for _, p := range parts {
		if err == nil {
			_, err = tmp.Write(p)
		}
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), file)
	}
	if err != nil {
		_ = os.Remove(tmp.Name()) // best effort: the temporary file; err is what went wrong
	}
	return err
}
