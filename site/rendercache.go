package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
)

// diskCache keeps rendered HTML between builds, a file per entry in dir,
// named by a hash of everything the HTML depends on. Each file starts with
// a line "sha256 HEX", the hash of the HTML that follows: an entry that
// does not match it (truncated by a crash, altered) is a miss and gets
// written again. Entries are written to a temporary file and renamed into
// place, so that two builds at once never read half an entry. A nil
// *diskCache keeps nothing.
type diskCache struct {
	dir string
}

// newDiskCache returns a cache in dir, or nil when dir is "".
func newDiskCache(dir string) *diskCache {
	if dir == "" {
		return nil
	}
	return &diskCache{dir: dir}
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
	b, err := os.ReadFile(file)
	if err != nil {
		return "", false
	}
	head, body, ok := bytes.Cut(b, []byte{'\n'})
	if !ok || !bytes.HasPrefix(head, []byte(entryPrefix)) {
		return "", false
	}
	sum := sha256.Sum256(body)
	if string(head[len(entryPrefix):]) != hex.EncodeToString(sum[:]) {
		return "", false
	}
	return string(body), true
}

// writeEntry writes an entry into a temporary file and renames it into
// place, so that a reader sees a whole entry or none. A failure to write
// costs a later build a render, nothing more.
func writeEntry(file, html string) error {
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), ".tmp-")
	if err != nil {
		return err
	}
	sum := sha256.Sum256([]byte(html))
	_, err = tmp.WriteString(entryPrefix + hex.EncodeToString(sum[:]) + "\n" + html)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), file)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
