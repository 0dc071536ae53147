package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/tally-book/tally/runner"
	"github.com/tally-book/tally/runner/chapter"
	"github.com/tally-book/tally/site"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `usage:
	tally init [flags] [DIR]            start a book: go.mod, chapters/01-first.md, book_test.go, README
	tally build [flags] [DIR]           run every chapter, write the site (default DIR chapters, -out _site)
	tally run [flags] CHAPTER...        run chapters, print outputs, values and claims
	tally test [flags] [CHAPTER|DIR]... run chapters, exit 1 on any failure
	tally serve [flags] [DIR]           build, serve on 127.0.0.1, rebuild on change
	tally stamp TRANSLATION...          mark translated sections as up to date with their source
	tally export -format jekyll|hugo -out DIR [BOOK]  write the chapters as blog posts, outputs and figures inlined
Run "tally COMMAND -h" for the flags of a command.
`

// run is the command line; it returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, args := args[0], args[1:]
	var err error
	switch cmd {
	case "build":
		err = cmdBuild(ctx, args, stdout, stderr)
	case "run":
		err = cmdRun(ctx, args, stdout, stderr)
	case "test":
		err = cmdTest(ctx, args, stdout, stderr)
	case "serve":
		err = cmdServe(ctx, args, stdout, stderr)
	case "stamp":
		err = cmdStamp(ctx, args, stdout, stderr)
	case "init":
		err = cmdInit(ctx, args, stdout, stderr)
	case "export":
		err = cmdExport(ctx, args, stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "tally: unknown command %q\n%s", cmd, usage)
		return 2
	}
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "tally %s: %v\n", cmd, err)
		return 2
	case errors.Is(err, errFailed):
		return 1
	}
	fmt.Fprintf(stderr, "tally %s: %v\n", cmd, err)
	return 1
}

// errFailed means the problems were already printed.
var errFailed = errors.New("failed")

type usageError struct{ error }

// common holds the flags of every command that runs chapters.
type common struct {
	force   bool
	quiet   bool
	timeout time.Duration
	memory  chapter.Bytes
	set     setFlag
	memo    *site.Memo // what the builds of one tally serve share; nil for tally build
	root    string     // the book's module root (bookModule.root), set once the command found it
}

func (c *common) register(fs *flag.FlagSet) {
	fs.BoolVar(&c.force, "force", false, "ignore the cache of chapter runs")
	fs.BoolVar(&c.quiet, "q", false, "no progress lines")
	fs.DurationVar(&c.timeout, "timeout", runner.DefaultTimeout, "limit of a chapter's run when its front matter sets none")
	c.memory = runner.DefaultMemory
	fs.Var(&c.memory, "memory", "memory limit of a chapter's program when its front matter sets none, e.g. 2GiB")
	fs.Var(&c.set, "set", "override a parameter: name=value (repeatable)")
}

// runner makes the runner the flags describe.
func (c *common) runner(stderr io.Writer) (*runner.Runner, error) {
	cfg := runner.Config{Root: c.root, Force: c.force, Timeout: c.timeout, Memory: c.memory, Set: c.set.m, Imports: true}
	if !c.quiet && isTerminal(stderr) && os.Getenv("CI") == "" {
		cfg.Progress = stderr
	}
	return runner.New(cfg)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// setFlag collects -set name=value flags.
type setFlag struct{ m map[string]string }

func (s *setFlag) String() string {
	var parts []string
	for k, v := range s.m {
		parts = append(parts, k+"="+v)
	}
	return strings.Join(parts, ",")
}

func (s *setFlag) Set(v string) error {
	name, val, ok := strings.Cut(v, "=")
	if !ok || name == "" {
		return fmt.Errorf("want name=value, not %q", v)
	}
	if s.m == nil {
		s.m = map[string]string{}
	}
	s.m[name] = val
	return nil
}

// parseArgs parses flags that may come before, between or after the
// positional arguments (tally run CHAPTER -set lr=0.5), and returns the
// positional ones. A lone "--" ends the flags.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

func newFlagSet(name string, stderr io.Writer, help string) *flag.FlagSet {
	fs := flag.NewFlagSet("tally "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: tally %s\n\nflags:\n", help)
		fs.PrintDefaults()
	}
	return fs
}
