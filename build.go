package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/tally-book/tally/internal/fsutil"
	"github.com/tally-book/tally/runner"
	"github.com/tally-book/tally/site"
)

// siteMarker marks a folder as a site tally wrote, which a build may
// replace. A build refuses to replace a folder without it.
const siteMarker = ".tally-site"

func cmdBuild(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("build", stderr, "build [flags] [DIR]")
	var c common
	c.register(fs)
	out := fs.String("out", "", "folder that receives the site (default _site at the module root)")
	keepGoing := fs.Bool("keep-going", false, "write the site even when a claim or snippet fails, marking it")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if err := enterModuleArgs(pos, out); err != nil {
		return err
	}
	if *out == "" {
		*out = "_site"
	}
	dir, err := bookDir("build", pos)
	if err != nil {
		return err
	}
	return build(ctx, &c, dir, *out, *keepGoing, true, stdout, stderr)
}

// bookDir returns the folder a command that takes at most one names:
// chapters/ by default.
func bookDir(cmd string, pos []string) (string, error) {
	switch len(pos) {
	case 0:
		return "chapters", nil
	case 1:
		return pos[0], nil
	}
	return "", usageError{fmt.Errorf("%s takes one folder", cmd)}
}

// runBook loads the book of dir and runs every chapter with the settings
// of c; a -set name that no chapter has is a usage error. It returns the
// runner too, for what the caller builds next.
func runBook(ctx context.Context, c *common, dir string, stderr io.Writer) (*runner.Book, *runner.Runner, *runner.Results, error) {
	b, err := runner.LoadBook(dir)
	if err != nil {
		return nil, nil, nil, err
	}
	if unknown := runner.UnknownParams(b.Chapters, c.set.m); len(unknown) > 0 {
		return nil, nil, nil, usageError{fmt.Errorf("-set: no chapter has a parameter %s", strings.Join(unknown, ", "))}
	}
	r, err := c.runner(stderr)
	if err != nil {
		return nil, nil, nil, err
	}
	return b, r, r.RunBook(ctx, b), nil
}

// build runs the book of dir and writes its site into out. With browser,
// the chapters whose pages re-run them get their program built for the
// browser too (tally serve re-runs chapters natively and skips them).
func build(ctx context.Context, c *common, dir, out string, keepGoing, browser bool, stdout, stderr io.Writer) error {
	start := time.Now()
	if err := checkOut(out); err != nil {
		return err
	}
	b, r, res, err := runBook(ctx, c, dir, stderr)
	if err != nil {
		return err
	}
	var probs runner.ErrorList
	for _, ch := range res.Chapters {
		probs = append(probs, ch.Problems()...)
	}
	for _, tr := range res.Translations {
		probs = append(probs, tr.Problems()...)
	}
	var wasm *siteWasm
	if browser {
		var wprobs runner.ErrorList
		wasm, wprobs, err = buildWasm(ctx, r, b, res)
		if err != nil {
			return err
		}
		probs = append(probs, wprobs...)
		if wasm != nil {
			wasm.timeout = c.timeout
		}
	}
	for _, p := range probs {
		fmt.Fprintln(stderr, runner.Printable(p.Error()))
	}
	if len(probs) > 0 && !keepGoing {
		return fmt.Errorf("%d problems; the site was not written (use -keep-going to write it with the problems marked)", len(probs))
	}
	if err := writeSite(b, res.Reproducible(), filepath.Join(r.Work(), "site"), out, keepGoing, wasm, c.memo, stderr); err != nil {
		return err
	}
	if err := writeResults(filepath.Join(r.Work(), "results.json"), res); err != nil {
		return err
	}
	hits := 0
	for _, ch := range res.Chapters {
		if ch.Cache == "hit" {
			hits++
		}
	}
	fmt.Fprintf(stdout, "wrote %s: %d chapters (%d from cache) in %s\n", out, len(res.Chapters), hits, formatSince(start))
	if wasm != nil {
		fmt.Fprintln(stdout, wasmSizes(out, wasm))
	}
	if len(probs) > 0 {
		return problemsError(probs)
	}
	return nil
}

// problemsError is the problems of a build that was written with them
// (-keep-going, and every build of tally serve): they were printed
// already, so it is errFailed to main, and tally serve shows its text,
// each problem at chapter:line, over the open page.
type problemsError runner.ErrorList

func (e problemsError) Error() string {
	lines := make([]string, len(e))
	for i, p := range e {
		lines[i] = runner.Printable(p.Error())
	}
	return strings.Join(lines, "\n")
}

func (e problemsError) Unwrap() error { return errFailed }

// checkOut refuses an output folder that holds something other than a
// site tally wrote, so that -out chapters cannot wipe the book.
func checkOut(out string) error {
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
	if _, err := os.Stat(filepath.Join(out, siteMarker)); err != nil {
		return fmt.Errorf("%s is not empty and holds no %s marker: not replacing a folder tally did not write", out, siteMarker)
	}
	return nil
}

// writeSite writes the site into a fresh folder next to out and swaps it
// into place only when it is complete: a failed or killed build leaves the
// previous site intact. res are the reproducible results, which the site
// also holds as results.json. With memo (tally serve), the files that did
// not change since the last build are links to the previous site's. Two builds into one folder take turns: the
// second waits for the first's swap (and says so on stderr), so each swap
// puts a whole site in place.
func writeSite(b *runner.Book, res *runner.Results, cache, out string, keepGoing bool, wasm *siteWasm, memo *site.Memo, stderr io.Writer) (err error) {
	parent := filepath.Dir(filepath.Clean(out))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	base := filepath.Base(filepath.Clean(out))
	unlock, err := fsutil.Lock(filepath.Join(parent, "."+base+".lock"), func() {
		fmt.Fprintf(stderr, "another tally build is writing %s; waiting for it to finish\n", out)
	})
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
			os.RemoveAll(tmp)
		}
	}()
	if err := renderSite(b, res, cache, tmp, keepGoing, wasm, memo); err != nil {
		return err
	}
	if err := writeResults(filepath.Join(tmp, "results.json"), res); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(tmp, siteMarker), []byte("written by tally build; the next build replaces this folder\n"), 0o644); err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if err := swapIn(tmp, out); err != nil {
		return err
	}
	if memo != nil {
		memo.Commit(out)
	}
	return nil
}

// recoverSite cleans up after builds that were killed: it puts back a
// previous site that a kill left renamed aside (only swapIn's fallback
// renames it), and removes half-written folders. The caller holds the
// output folder's lock, so no other build is writing them.
func recoverSite(parent, base, out string) error {
	if _, err := os.Stat(out); errors.Is(err, os.ErrNotExist) {
		olds, _ := filepath.Glob(filepath.Join(parent, "."+base+".tmp-*.old"))
		for _, o := range olds {
			if _, err := os.Stat(filepath.Join(o, siteMarker)); err == nil {
				if err := os.Rename(o, out); err != nil {
					return err
				}
				break
			}
		}
	}
	leftovers, _ := filepath.Glob(filepath.Join(parent, "."+base+".tmp-*"))
	for _, o := range leftovers {
		os.RemoveAll(o)
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
			os.Rename(old, out) // put the previous site back
			return err
		}
		return os.RemoveAll(old)
	}
	return os.Rename(tmp, out)
}

// writeResults writes res as JSON into a temporary file next to file and
// renames it into place, so that a reader never sees half of it.
func writeResults(file string, res *runner.Results) error {
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(file), ".results-*.json")
	if err != nil {
		return err
	}
	err = writeJSON(f, res)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), file)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// formatSince is the time since start for people: "0.42 s", "3.2 s".
func formatSince(start time.Time) string {
	if s := time.Since(start).Seconds(); s < 1 {
		return fmt.Sprintf("%.2f s", s)
	} else if s < 60 {
		return fmt.Sprintf("%.1f s", s)
	}
	return time.Since(start).Round(time.Second).String()
}
