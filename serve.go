package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/tally-book/tally/runner"
	"github.com/tally-book/tally/site"
)

// cmdServe builds the book, serves the site on 127.0.0.1 and rebuilds it
// when a chapter (or a Go file of the packages chapters use) changes.
// Chapters whose code did not change come from the cache, and the builds
// share a site.Memo (math and code in memory, unchanged files linked from
// the previous site), so a prose edit shows up in a few tenths of a
// second (BenchmarkServeProseEdit).
func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve", stderr, "serve [flags] [DIR]")
	var c common
	c.register(fs)
	out := fs.String("out", "", "folder that receives the site (default _site at the module root)")
	addr := fs.String("addr", "127.0.0.1:8000", "address to listen on (a bare :port is 127.0.0.1 too)")
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
	dir, err := bookDir("serve", pos, m)
	if err != nil {
		return err
	}
	if err := addrFree(*addr); err != nil {
		return err
	}
	rr := &reruns{dir: dir, timeout: c.timeout}
	c.memo = &site.Memo{}
	rebuild := func(ctx context.Context, _ []string) error {
		defer rr.changed()
		// keep-going: the page shows the problems; the error goes over it too.
		return build(ctx, &c, dir, *out, true, false, stdout, stderr)
	}
	if err := rebuild(ctx, nil); err != nil && !errors.Is(err, errFailed) {
		return err
	}
	watch := []string{dir}
	if folders, err := runner.BookFolders(dir); err == nil {
		watch = folders // with its sections, bundles and language folders
	}
	watch = append(watch, codeFolders(m.path("."), *out, maxCodeFolders)...)
	return site.Serve(ctx, site.ServeOptions{
		Dir: *out, Addr: *addr, Watch: watch, Rebuild: rebuild, Rerun: rr.run,
		Logf: func(format string, args ...any) { fmt.Fprintln(stderr, runner.Printable(fmt.Sprintf(format, args...))) },
	})
}

// addrFree checks, before the first build, that serve can listen on addr
// (a bare :port is on 127.0.0.1), so that a second serve on one port says
// so at once rather than after building the book.
func addrFree(addr string) error {
	if strings.HasPrefix(addr, ":") {
		addr = "127.0.0.1" + addr
	}
	ln, err := net.Listen("tcp", addr)
	if addrInUse(err, addrInUseErrnos...) {
		return fmt.Errorf("%s is in use (another tally serve?): stop it, or choose another address with -addr", addr)
	}
	if err != nil {
		return err
	}
	return ln.Close()
}

// addrInUse reports whether err, from net.Listen, says that the address
// is in use: whether it wraps one of the errnos, the system's code for
// it (addrInUseErrnos).
func addrInUse(err error, errnos ...syscall.Errno) bool {
	for _, e := range errnos {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// maxCodeFolders bounds the folders of Go code that serve watches.
const maxCodeFolders = 500

// codeFolders returns the folders below root, the module's root, that hold
// Go files: the packages a chapter may import, whose changes re-run the
// chapters that import them (the cache key covers them). It leaves out
// what the go command does (folders whose name starts with . or _,
// testdata, nested modules), vendor and node_modules, and out, the site's
// folder; it returns at most max folders.
func codeFolders(root, out string, max int) []string {
	outAbs, _ := filepath.Abs(out)
	var dirs []string
	// The walker returns no error (it skips what it cannot read), so
	// neither does the walk.
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || len(dirs) >= max {
			return filepath.SkipDir
		}
		if d.IsDir() {
			name := d.Name()
			abs, _ := filepath.Abs(p)
			if p != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" ||
				name == "vendor" || name == "node_modules" || abs == outAbs || fileExists(filepath.Join(p, "go.mod"))) {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(d.Name(), ".go") {
			if dir := filepath.Dir(p); len(dirs) == 0 || dirs[len(dirs)-1] != dir {
				dirs = append(dirs, dir)
			}
		}
		return nil
	})
	return dirs
}
