package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/tally-book/tally/internal/newbook"
	"github.com/tally-book/tally/runner"
	"github.com/tally-book/tally/runner/chapter"
)

// cmdInit writes a new book into a folder (the current one by default):
// go.mod, chapters/book.yaml, chapters/01-first.md, .gitignore,
// book_test.go, README.md and the imports file of the chapters
// (runner.ImportsFile), then runs go mod tidy so that tally build and go
// test work at once.
func cmdInit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("init", stderr, "init [flags] [DIR]")
	mod := fs.String("module", "", "module path of the book (default: the folder's name)")
	replace := fs.String("replace", "", "use the tally checkout in this folder instead of the published module (a replace directive)")
	posts := fs.String("posts", "", "check the posts of an existing blog in this folder of DIR (_posts, content/posts): write only go.mod and book_test.go")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	dir := "."
	switch len(pos) {
	case 0:
	case 1:
		dir = pos[0]
	default:
		return usageError{errors.New("init takes one folder")}
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	if *mod == "" {
		*mod = filepath.Base(abs)
	}
	cfg := newbook.Config{Module: *mod, Go: goDirective(), Version: tallyVersion(), Posts: *posts, Title: newbook.Title(filepath.Base(abs))}
	if *posts != "" {
		if fi, err := os.Stat(filepath.Join(abs, *posts)); err != nil || !fi.IsDir() {
			return fmt.Errorf("-posts %s: no such folder in %s", *posts, dir)
		}
	}
	if *replace != "" {
		r, err := filepath.Abs(*replace)
		if err != nil {
			return err
		}
		if m, err := runner.LoadModule(r); err != nil || !m.IsTally() {
			return fmt.Errorf("-replace %s: not a checkout of %s", *replace, runner.TallyModule)
		}
		cfg.Replace = filepath.ToSlash(r)
		cfg.Version = newbook.ZeroVersion
	}
	getLatest := cfg.Version == ""
	if getLatest {
		// A tally built from a checkout has no version to require: ask
		// the module proxy for the newest one.
		cfg.Version = newbook.ZeroVersion
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return err
	}
	if err := newbook.Write(dir, cfg); err != nil {
		return err
	}
	for _, f := range newbook.Files(cfg) {
		fmt.Fprintf(stdout, "wrote %s\n", filepath.Join(dir, f))
	}
	if *posts != "" {
		if err := jekyllExcludes(stdout, dir); err != nil {
			return err
		}
	}
	// The chapters' imports, for go mod tidy to keep their modules.
	if wrote, err := syncImports(abs, *posts); err != nil {
		fmt.Fprintf(stderr, "tally init: %v (tally build writes %s later)\n", err, runner.ImportsFile)
	} else if wrote {
		fmt.Fprintf(stdout, "wrote %s\n", filepath.Join(dir, runner.ImportsFile))
	}
	steps := [][]string{{"mod", "tidy"}}
	if getLatest {
		steps = [][]string{{"get", runner.TallyModule + "@latest"}, {"mod", "tidy"}}
	}
	for _, s := range steps {
		cmd := exec.CommandContext(ctx, goCommand(), s...)
		cmd.Dir, cmd.Stdout, cmd.Stderr = abs, stderr, stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("go %s in %s: %v; the book is written: run it there once the module proxy (or -replace) can provide %s",
				strings.Join(s, " "), dir, err, runner.TallyModule)
		}
	}
	cd := ""
	if dir != "." {
		cd = "cd " + dir + " && "
	}
	if *posts != "" {
		fmt.Fprintf(stdout, "\nnext: %stally test %s && go test ./...\n", cd, *posts)
		return nil
	}
	fmt.Fprintf(stdout, "\nnext: %stally build && go test ./...\n", cd)
	return nil
}

// syncImports writes the imports file of the book in root, whose
// chapters are in posts (chapters/ when empty).
func syncImports(root, posts string) (bool, error) {
	if posts == "" {
		posts = "chapters"
	}
	r, err := runner.New(runner.Config{Root: root})
	if err != nil {
		return false, err
	}
	b, err := chapter.LoadBook(filepath.Join(root, posts))
	if err != nil {
		return false, err
	}
	return r.SyncImports(b)
}

// tallyVersion returns the module version this tally was built from, or ""
// for a build from a checkout.
func tallyVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok || bi.Main.Path != runner.TallyModule || bi.Main.Version == "" || bi.Main.Version == "(devel)" {
		return ""
	}
	return strings.TrimSuffix(bi.Main.Version, "+dirty")
}

// goDirective returns the go line of a new book: this toolchain's
// language version, such as 1.26.
func goDirective() string {
	v := strings.TrimPrefix(runtime.Version(), "go")
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return "1.26"
	}
	minor := parts[1]
	if i := strings.IndexFunc(minor, func(r rune) bool { return r < '0' || r > '9' }); i >= 0 {
		minor = minor[:i]
	}
	return parts[0] + "." + minor
}

// goCommand returns the go command the runner builds chapters with
// ($GOROOT/bin/go, else the one on PATH), or "go" when there is none.
func goCommand() string {
	if p, err := runner.GoCommand(); err == nil {
		return p
	}
	return "go"
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// jekyllExcludes keeps tally's files out of the Jekyll site in dir (if it
// is one): it adds them to its _config.yml, or prints the exclude: lines
// to add to the author's own list.
func jekyllExcludes(stdout io.Writer, dir string) error {
	added, missing, err := newbook.AddJekyllExcludes(dir)
	if err != nil {
		return err
	}
	config := filepath.Join(dir, "_config.yml")
	if len(added) > 0 {
		fmt.Fprintf(stdout, "wrote %s: exclude: %s (tally's files stay out of the site)\n", config, strings.Join(added, ", "))
	}
	if len(missing) > 0 {
		fmt.Fprintf(stdout, "\nadd to exclude: in %s, to keep tally's files out of the site:\n", config)
		for _, m := range missing {
			fmt.Fprintf(stdout, "  - %q\n", m)
		}
	}
	return nil
}
