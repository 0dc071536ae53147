package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
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
	if err := enterModuleArgs(pos, out); err != nil {
		return err
	}
	if *out == "" {
		*out = "_site"
	}
	dir, err := bookDir("serve", pos)
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
	for _, pkg := range []string{"figures", "internal/mnist", "internal/nn", "runner/book"} {
		if _, err := os.Stat(pkg); err == nil {
			watch = append(watch, pkg)
		}
	}
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
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("%s is in use (another tally serve?): stop it, or choose another address with -addr", addr)
	}
	if err != nil {
		return err
	}
	return ln.Close()
}
