package main

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/tally-book/tally/internal/sitedir"
	"github.com/tally-book/tally/runner"
	"github.com/tally-book/tally/runner/chapter"
	"github.com/tally-book/tally/site"
)

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
	m, err := findModule()
	if err != nil {
		return err
	}
	c.root = m.root
	if *out == "" {
		*out = m.path("_site")
	}
	dir, err := bookDir("build", pos, m)
	if err != nil {
		return err
	}
	return build(ctx, &c, dir, *out, *keepGoing, true, stdout, stderr)
}

// bookDir returns the folder a command that takes at most one names:
// the module's chapters/ by default.
func bookDir(cmd string, pos []string, m *bookModule) (string, error) {
	switch len(pos) {
	case 0:
		return m.path("chapters"), nil
	case 1:
		return pos[0], nil
	}
	return "", usageError{fmt.Errorf("%s takes one folder", cmd)}
}

// runBook loads the book of dir and runs every chapter with the settings
// of c; a -set name that no chapter has is a usage error. It returns the
// runner too, for what the caller builds next.
func runBook(ctx context.Context, c *common, dir string, stderr io.Writer) (*chapter.Book, *runner.Runner, *runner.Results, error) {
	b, err := chapter.LoadBook(dir)
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
	if err := sitedir.Check(out); err != nil {
		return err
	}
	b, r, res, err := runBook(ctx, c, dir, stderr)
	if err != nil {
		return err
	}
	var probs chapter.ErrorList
	for _, ch := range res.Chapters {
		probs = append(probs, ch.Problems()...)
	}
	for _, tr := range res.Translations {
		probs = append(probs, tr.Problems()...)
	}
	var wasm *siteWasm
	if browser {
		var wprobs chapter.ErrorList
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
	file, err := resultsFile(r.Work(), r.Root(), b.Dir)
	if err != nil {
		return err
	}
	if err := writeResults(file, res, true); err != nil {
		return err
	}
	pruneResults(r.Work(), r.Root())
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
type problemsError chapter.ErrorList

func (e problemsError) Error() string {
	lines := make([]string, len(e))
	for i, p := range e {
		lines[i] = runner.Printable(p.Error())
	}
	return strings.Join(lines, "\n")
}

func (e problemsError) Unwrap() error { return errFailed }

// writeSite writes the site into a fresh folder next to out and swaps it
// into place only when it is complete: a failed or killed build leaves the
// previous site intact. res are the reproducible results, which the site
// also holds as results.json. With memo (tally serve), the files that did
// not change since the last build are links to the previous site's. Two builds into one folder take turns: the
// second waits for the first's swap (and says so on stderr), so each swap
// puts a whole site in place.
func writeSite(b *chapter.Book, res *runner.Results, cache, out string, keepGoing bool, wasm *siteWasm, memo *site.Memo, stderr io.Writer) error {
	err := sitedir.Write(out, func(dir string) error {
		if err := renderSite(b, res, cache, dir, keepGoing, wasm, memo); err != nil {
			return err
		}
		return writeResults(filepath.Join(dir, "results.json"), res, false)
	}, func() {
		fmt.Fprintf(stderr, "another tally build is writing %s; waiting for it to finish\n", out)
	})
	if err == nil && memo != nil {
		memo.Commit(out)
	}
	return err
}

// writeResults writes res as JSON into a temporary file next to file and
// renames it into place, so that a reader never sees half of it. The
// site's copy is compact (indent false: a third smaller, for a file that
// programs read); the work folder's (resultsFile) is indented, for people
// and diffs.
func writeResults(file string, res *runner.Results, indent bool) error {
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(file), ".results-*.json")
	if err != nil {
		return err
	}
	if indent {
		err = writeJSON(f, res)
	} else {
		enc := json.NewEncoder(f)
		enc.SetEscapeHTML(false)
		err = enc.Encode(res)
	}
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
		_ = os.Remove(f.Name()) // best effort: the temporary file; err is what went wrong
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

// resultsFile is where a build of the book in dir writes its full
// results under the work folder, so that each book of the module keeps
// its own: results/DIR.json, DIR the book's folder from the module's root
// (_tally/results/chapters.json, _tally/results/content/posts.json); for a
// book at the module's root or outside it, results-other/NAME-HASH.json,
// NAME the folder's name and HASH from its absolute path.
func resultsFile(work, root, dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(root, abs)
	if err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return filepath.Join(work, "results", rel+".json"), nil
	}
	sum := sha256.Sum256([]byte(filepath.ToSlash(abs)))
	return filepath.Join(work, resultsOther, fmt.Sprintf("%s-%x.json", filepath.Base(abs), sum[:4])), nil
}

// resultsOther is the folder of the results of books at the module's
// root or outside it (see resultsFile), of which pruneResults keeps the
// newest keepOtherResults.
const (
	resultsOther     = "results-other"
	keepOtherResults = 8
)

// pruneResults removes from the work folder the results of the module's
// books whose folder is gone, all but the newest of the books outside
// it, and the results.json that an older tally wrote for whichever book
// it built last. It is best effort: what it leaves, the next build
// removes.
func pruneResults(work, root string) {
	_ = os.Remove(filepath.Join(work, "results.json")) // see above
	dir := filepath.Join(work, "results")
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".json" || strings.HasPrefix(d.Name(), ".") {
			return nil //nolint:nilerr // best effort: skip what cannot be read, and another build's temporary file
		}
		rel, err := filepath.Rel(dir, strings.TrimSuffix(path, ".json"))
		if err != nil {
			return nil //nolint:nilerr // best effort, as above
		}
		if fi, err := os.Stat(filepath.Join(root, rel)); err != nil || !fi.IsDir() {
			_ = os.Remove(path) // see above
		}
		return nil
	})
	entries, _ := os.ReadDir(filepath.Join(work, resultsOther))
	type ent struct {
		name string
		mod  time.Time
	}
	var es []ent
	for _, e := range entries {
		if info, err := e.Info(); err == nil && !e.IsDir() && filepath.Ext(e.Name()) == ".json" {
			es = append(es, ent{e.Name(), info.ModTime()})
		}
	}
	sort.Slice(es, func(i, j int) bool { return es[i].mod.After(es[j].mod) })
	for _, e := range es[min(keepOtherResults, len(es)):] {
		_ = os.Remove(filepath.Join(work, resultsOther, e.name)) // see above
	}
}
