package runner

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/tally-book/tally/runner/book"
)

// cacheSchema changes whenever the cached form or the meaning of a run
// changes, so that old entries are not read.
const cacheSchema = "tally-run-v1"

// execution is what running a chapter's code produced: the part of a
// result that the cache keeps. Positions are kept relative to snippets, so
// an entry stays right when prose edits move the code.
type execution struct {
	Key      string      `json:"key"`
	RanAt    time.Time   `json:"ran_at"`
	Duration float64     `json:"duration"`
	Snippets []execSnip  `json:"snippets"`
	Values   []execValue `json:"values"`
	Figures  []execFig   `json:"figures"`

	dir string // folder that holds the figures/ of this execution
}

type execSnip struct {
	Index     int     `json:"index"`
	Ran       bool    `json:"ran"`
	Duration  float64 `json:"duration"`
	Stdout    string  `json:"stdout,omitempty"`
	Stderr    string  `json:"stderr,omitempty"`
	StdoutCut int64   `json:"stdout_cut,omitempty"`
	StderrCut int64   `json:"stderr_cut,omitempty"`
}

type execValue struct {
	Name  string     `json:"name"`
	Value book.Value `json:"value"`
	At    loc        `json:"at"`
}

type execFig struct {
	Name    string `json:"name"`
	File    string `json:"file"`
	Caption string `json:"caption,omitempty"`
	Alt     string `json:"alt"`
	At      loc    `json:"at"`
}

// loc is a position as a snippet and a line offset inside it.
type loc struct {
	File    string `json:"file"`
	Snippet int    `json:"snippet"` // -1: Line is a line of the file
	Offset  int    `json:"offset"`
}

// locate turns a position reported by the program into a loc.
func locate(p Pos, files map[string]*Chapter) loc {
	ch := files[p.File]
	if ch == nil {
		return loc{File: p.File, Snippet: -1, Offset: p.Line}
	}
	for i := len(ch.Snippets) - 1; i >= 0; i-- {
		if s := ch.Snippets[i]; s.Line <= p.Line {
			return loc{File: p.File, Snippet: i, Offset: p.Line - s.Line}
		}
	}
	return loc{File: p.File, Snippet: -1, Offset: p.Line}
}

func (l loc) pos(files map[string]*Chapter) Pos {
	ch := files[l.File]
	if ch == nil || l.Snippet < 0 || l.Snippet >= len(ch.Snippets) {
		return Pos{l.File, l.Offset}
	}
	return Pos{l.File, ch.Snippets[l.Snippet].Line + l.Offset}
}

// key hashes everything that can change what a chapter's code computes:
// the code of its snippets and of the chapters it uses (not their prose),
// its parameters, the module's Go code, go.mod and go.sum, the Go version
// and build settings, and its declared input files.
func (r *Runner) key(ch *Chapter, deps []*Chapter, params []Param) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s %s/%s\nmaxout %d\n", cacheSchema, runtime.Version(), runtime.GOOS, runtime.GOARCH, r.cfg.MaxOutput)
	for _, env := range []string{"GOEXPERIMENT", "GOFLAGS", "GOAMD64", "CGO_ENABLED", "GODEBUG"} {
		fmt.Fprintf(h, "%s=%s\n", env, os.Getenv(env))
	}
	mod, err := r.moduleHash()
	if err != nil {
		return "", err
	}
	fmt.Fprintf(h, "module %s\n", mod)
	for _, c := range append(append([]*Chapter(nil), deps...), ch) {
		fmt.Fprintf(h, "chapter %q\n", c.Path)
		if c != ch {
			for _, p := range c.Meta.Params {
				fmt.Fprintf(h, "dep param %s %T %v\n", p.Name, p.Value, p.Value)
			}
		}
		for _, s := range c.Snippets {
			if s.Runs() {
				fmt.Fprintf(h, "snippet %q %d\n%s\n", strings.Join(s.Attrs, " "), len(s.Code), s.Code)
			}
		}
	}
	for _, p := range params {
		fmt.Fprintf(h, "param %s %T %v\n", p.Name, p.Value, p.Value)
	}
	for _, pat := range ch.Meta.Inputs {
		files, err := filepath.Glob(filepath.Join(r.root, pat))
		if err != nil || len(files) == 0 {
			return "", fmt.Errorf("inputs: %q matches no file", pat)
		}
		for _, f := range files {
			if err := hashFile(h, f); err != nil {
				return "", err
			}
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:32], nil
}

// moduleHash hashes go.mod, go.sum and every non-test Go file of the module
// (the code that chapter programs can import), once per runner.
func (r *Runner) moduleHash() (string, error) {
	r.modOnce.Do(func() {
		h := sha256.New()
		skip := map[string]bool{"testdata": true, "node_modules": true, ".git": true}
		r.modErr = filepath.WalkDir(r.root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			if d.IsDir() {
				if path != r.root && (skip[name] || strings.HasPrefix(name, "_") || strings.HasPrefix(name, ".")) {
					return filepath.SkipDir
				}
				return nil
			}
			if (strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go")) || name == "go.mod" || name == "go.sum" {
				rel, _ := filepath.Rel(r.root, path)
				fmt.Fprintf(h, "file %s\n", filepath.ToSlash(rel))
				return hashFile(h, path)
			}
			return nil
		})
		r.modHash = hex.EncodeToString(h.Sum(nil))
	})
	return r.modHash, r.modErr
}

func hashFile(w io.Writer, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(w, f)
	return err
}

func (r *Runner) cacheDir(ch *Chapter, key string) string {
	return filepath.Join(r.work, "cache", ch.Slug, key)
}

// loadCache returns the cached execution for key, or nil.
func (r *Runner) loadCache(ch *Chapter, key string) *execution {
	dir := r.cacheDir(ch, key)
	b, err := os.ReadFile(filepath.Join(dir, "run.json"))
	if err != nil {
		return nil
	}
	var ex execution
	if json.Unmarshal(b, &ex) != nil || ex.Key != key {
		return nil
	}
	for _, f := range ex.Figures {
		if _, err := os.Stat(filepath.Join(dir, "figures", f.File)); err != nil {
			return nil
		}
	}
	ex.dir = dir
	return &ex
}

// storeCache saves an execution and its figures. It writes into a fresh
// folder and renames it into place, so a reader never sees half an entry.
func (r *Runner) storeCache(ch *Chapter, ex *execution) error {
	final := r.cacheDir(ch, ex.Key)
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(final), ".tmp-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if err := os.MkdirAll(filepath.Join(tmp, "figures"), 0o755); err != nil {
		return err
	}
	for _, f := range ex.Figures {
		if err := copyFile(filepath.Join(ex.dir, "figures", f.File), filepath.Join(tmp, "figures", f.File)); err != nil {
			return err
		}
	}
	b, err := json.MarshalIndent(ex, "", "\t")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(tmp, "run.json"), b, 0o644); err != nil {
		return err
	}
	if err := os.RemoveAll(final); err != nil {
		return err
	}
	if err := os.Rename(tmp, final); err != nil {
		return err
	}
	ex.dir = final
	return r.prune(filepath.Dir(final), 8)
}

// prune keeps the newest n entries of a chapter's cache.
func (r *Runner) prune(dir string, n int) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	type ent struct {
		name string
		mod  time.Time
	}
	var es []ent
	for _, e := range entries {
		if info, err := e.Info(); err == nil && e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			es = append(es, ent{e.Name(), info.ModTime()})
		}
	}
	sort.Slice(es, func(i, j int) bool { return es[i].mod.After(es[j].mod) })
	for i := n; i < len(es); i++ {
		if err := os.RemoveAll(filepath.Join(dir, es[i].name)); err != nil {
			return err
		}
	}
	return nil
}

func copyFile(src, dst string) (err error) {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := out.Close(); err == nil {
			err = cerr
		}
	}()
	_, err = io.Copy(out, in)
	return err
}
