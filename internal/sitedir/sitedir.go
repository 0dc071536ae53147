// Package sitedir writes a site folder the way tally build does: into a
// fresh folder next to it, swapped into place only when complete, so that
// a failed or killed build leaves the previous site intact, and one build
// at a time per folder.
//
// A folder that Write put in place holds the file Marker. Write replaces
// only such a folder (Check says so before any work is done); a folder
// that holds anything else is refused, so that -out chapters cannot wipe
// a book. Next to the folder OUT, Write keeps .OUT.lock (the lock builds
// take turns on) and, while it writes, .OUT.tmp-* (the new site, and
// where the swap's fallback renames the previous site aside).
package sitedir

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/tally-book/tally/internal/fsutil"
)

// Marker marks a folder as a site tally wrote, which a build may replace.
// A build refuses to replace a folder without it.
const Marker = ".tally-site"

// Check refuses an output folder that holds something other than a site
// tally wrote. A missing or empty folder is fine.
func Check(out string) error {
	entries, err := os.ReadDir(out)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(out, Marker)); err != nil {
		return fmt.Errorf("%s is not empty and holds no %s marker: not replacing a folder tally did not write", out, Marker)
	}
	return nil
}

// Write makes a fresh folder next to out, has fill write the site into
// it, marks it and swaps it into place only when fill succeeded. Two
// Writes into one folder take turns: the second calls waiting (when not
// nil) and waits for the first's swap, so each swap puts a whole site in
// place. Before writing, it cleans up after Writes that were killed.
func Write(out string, fill func(dir string) error, waiting func()) (err error) {
	parent := filepath.Dir(filepath.Clean(out))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	base := filepath.Base(filepath.Clean(out))
	if waiting == nil {
		waiting = func() {}
	}
	unlock, err := fsutil.Lock(filepath.Join(parent, "."+base+".lock"), waiting)
	if err != nil {
		return err
	}
	defer unlock()
	if err := recoverSite(parent, base, out); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".tmp-")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = os.RemoveAll(tmp) // best effort; a later build removes leftovers too
		}
	}()
	if err := fill(tmp); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(tmp, Marker), []byte("written by tally build; the next build replaces this folder\n"), 0o644); err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	return swapIn(tmp, out)
}

// recoverSite cleans up after builds that were killed: it puts back a
// previous site that a kill left renamed aside (only swapIn's fallback
// renames it), and removes half-written folders. The caller holds the
// output folder's lock, so no other build is writing them.
func recoverSite(parent, base, out string) error {
	if _, err := os.Stat(out); errors.Is(err, os.ErrNotExist) {
		olds, _ := filepath.Glob(filepath.Join(parent, "."+base+".tmp-*.old"))
		for _, o := range olds {
			if _, err := os.Stat(filepath.Join(o, Marker)); err == nil {
				if err := os.Rename(o, out); err != nil {
					return err
				}
				break
			}
		}
	}
	leftovers, _ := filepath.Glob(filepath.Join(parent, "."+base+".tmp-*"))
	for _, o := range leftovers {
		_ = os.RemoveAll(o) // best effort: a leftover that stays is tried again next build
	}
	return nil
}

// swapIn puts the complete site tmp in place of out. Where the system can
// exchange two folders in one step (Linux's RENAME_EXCHANGE), out is at
// every moment either the previous site or the new one; elsewhere the
// previous site is renamed aside first, and recoverSite puts it back if a
// kill comes between the two renames.
func swapIn(tmp, out string) error {
	if _, err := os.Stat(out); err == nil {
		if err := exchange(tmp, out); err == nil {
			return os.RemoveAll(tmp) // tmp holds the previous site now
		}
		old := tmp + ".old"
		if err := os.Rename(out, old); err != nil {
			return err
		}
		if err := os.Rename(tmp, out); err != nil {
			_ = os.Rename(old, out) // put the previous site back; if that fails too, recoverSite does at the next build
			return err
		}
		return os.RemoveAll(old)
	}
	return os.Rename(tmp, out)
}
