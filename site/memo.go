package site

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"sync"
)

// Memo keeps, between the builds of one book in one process (tally
// serve), what a build would otherwise read or write again: the HTML of
// rendered math and highlighted code, in memory in front of the disk
// cache, and the files of the site the last build put in place, so that
// the next build links each file whose bytes did not change (a hard link
// to the previous site's file) instead of writing it. The new site is
// still a complete folder of its own, swapped into place whole; no file
// of a site is ever changed once written, so the two sites may share it.
//
// A Memo is used by one Build at a time. After a build, the caller tells
// it where the site went with Commit; a build that was not put in place
// is never committed, and the next build links from the site before it.
// The zero Memo is ready to use.
type Memo struct {
	mu       sync.Mutex
	katexDir string              // the Options.KaTeXDir of the math below
	math     map[mathKey]string  // rendered formulas, by TeX and display mode
	code     map[string]string   // highlighted code blocks, by codeCache key
	site     string              // folder of the site in place, "" before the first Commit
	files    map[string]siteFile // the files of that site, by site path
	pending  map[string]siteFile // the files of the build in progress
}

// siteFile is a file that a build wrote or linked: the SHA-256 of its
// bytes, and the file as it was then, so that a file that something else
// replaced or changed since is never linked.
type siteFile struct {
	sum  [sha256.Size]byte
	info os.FileInfo
}

// Commit records that the site last built into a folder by a Build with
// this Memo is now in place at dir (Options.Out, after the caller renamed
// or swapped it there), so that the next build links its unchanged files.
func (m *Memo) Commit(dir string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.pending == nil {
		return
	}
	m.site, m.files, m.pending = dir, m.pending, nil
}

// start readies the memo for a build that renders math with the KaTeX of
// katexDir, and returns the rendered math and code to start from.
func (m *Memo) start(katexDir string) (math map[mathKey]string, code map[string]string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.math == nil || m.katexDir != katexDir {
		m.math, m.katexDir = map[mathKey]string{}, katexDir
	}
	if m.code == nil {
		m.code = map[string]string{}
	}
	m.pending = map[string]siteFile{}
	return m.math, m.code
}

// link makes file (the site path rel of the build in progress, at p) a
// link to the previous site's file when that holds the bytes sum still,
// and reports whether it did.
func (m *Memo) link(rel, p string, sum [sha256.Size]byte) bool {
	m.mu.Lock()
	prev, ok := m.files[rel]
	site := m.site
	m.mu.Unlock()
	if !ok || prev.sum != sum || site == "" {
		return false
	}
	old := filepath.Join(site, filepath.FromSlash(rel))
	st, err := os.Lstat(old)
	if err != nil || !os.SameFile(st, prev.info) || st.Size() != prev.info.Size() || !st.ModTime().Equal(prev.info.ModTime()) {
		return false
	}
	if os.Link(old, p) != nil {
		return false
	}
	m.record(rel, sum, st)
	return true
}

// wrote records a file the build in progress wrote at p.
func (m *Memo) wrote(rel, p string, sum [sha256.Size]byte) {
	if st, err := os.Lstat(p); err == nil {
		m.record(rel, sum, st)
	}
}

func (m *Memo) record(rel string, sum [sha256.Size]byte, st os.FileInfo) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.pending != nil {
		m.pending[rel] = siteFile{sum: sum, info: st}
	}
}
