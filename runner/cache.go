package runner

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/tally-book/tally/book"
	"github.com/tally-book/tally/internal/fsutil"
	"github.com/tally-book/tally/runner/chapter"
)

// cacheSchema changes whenever the cached form or the meaning of a run
// changes, so that old entries are not read.
const cacheSchema = "tally-run-v2"

// execution is what running a chapter's code produced: the part of a
// result that the cache keeps. Positions are kept relative to snippets, so
// an entry stays right when prose edits move the code.
type execution struct {
	Key      string        `json:"key"`
	RanAt    time.Time     `json:"ran_at"`
	Duration float64       `json:"duration"`
	Snippets []execSnip    `json:"snippets"`
	Values   []execValue   `json:"values"`
	Figures  []execFig     `json:"figures"`
	Missing  []MissingText `json:"missing_text,omitempty"`

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
	// Mixed names the go statements (chapter:line) of goroutines that an
	// earlier snippet started and that still ran when this one began:
	// what they printed is mixed into this snippet's output.
	Mixed []string `json:"mixed,omitempty"`
}

type execValue struct {
	Name  string     `json:"name"`
	Value book.Value `json:"value"`
	At    loc        `json:"at"`
}

type execFig struct {
	Name     string            `json:"name"`
	File     string            `json:"file"`
	Variants map[string]string `json:"variants,omitempty"`
	Caption  string            `json:"caption,omitempty"`
	Alt      string            `json:"alt"`
	At       loc               `json:"at"`
}

// files lists the figure's file and its language variants.
func (f execFig) files() []string {
	out := []string{f.File}
	langs := make([]string, 0, len(f.Variants))
	for l := range f.Variants {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	for _, l := range langs {
		out = append(out, f.Variants[l])
	}
	return out
}

// loc is a position as a snippet and a line offset inside it.
type loc struct {
	File    string `json:"file"`
	Snippet int    `json:"snippet"` // -1: Line is a line of the file
	Offset  int    `json:"offset"`
}

// locate turns a position reported by the program into a loc.
func locate(p chapter.Pos, files map[string]*chapter.Chapter) loc {
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

func (l loc) pos(files map[string]*chapter.Chapter) chapter.Pos {
	ch := files[l.File]
	if ch == nil || l.Snippet < 0 || l.Snippet >= len(ch.Snippets) {
		return chapter.Pos{File: l.File, Line: l.Offset}
	}
	return chapter.Pos{File: l.File, Line: ch.Snippets[l.Snippet].Line + l.Offset}
}

// key hashes everything that can change what a chapter's code computes:
// the code of its snippets and of the chapters it uses (not their prose),
// its parameters, the Go code of the module's packages its program imports
// (directly or not), go.mod and go.sum (the versions of every other
// package, and so the data files a module of go.sum carries), the Go version
// and build settings, and its declared input files.
func (r *Runner) key(ch *chapter.Chapter, deps []*chapter.Chapter, params []chapter.Param, prog *program, figText map[string]map[string]string) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s %s/%s\nmaxout %d\n", cacheSchema, runtime.Version(), runtime.GOOS, runtime.GOARCH, r.cfg.MaxOutput)
	for _, env := range []string{"GOEXPERIMENT", "GOFLAGS", "GOAMD64", "CGO_ENABLED", "GODEBUG"} {
		fmt.Fprintf(h, "%s=%s\n", env, os.Getenv(env))
	}
	fmt.Fprintf(h, "goexperiment %s\n", ch.Meta.GoExp)
	for _, f := range []string{"go.mod", "go.sum"} {
		fmt.Fprintf(h, "file %s\n", f)
		if err := hashFile(h, filepath.Join(r.root, f)); err != nil {
			if f == "go.sum" && errors.Is(err, fs.ErrNotExist) {
				return "", noGoSumError{r.root}
			}
			return "", err
		}
	}
	if prog != nil {
		pkgs, err := r.modulePackages(prog.Imports)
		if err != nil {
			return "", err
		}
		for _, p := range pkgs {
			fmt.Fprintf(h, "package %s %s\n", p.path, p.hash)
		}
	}
	for _, c := range append(append([]*chapter.Chapter(nil), deps...), ch) {
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
	if len(figText) > 0 {
		b, _ := json.Marshal(figText) // map keys are sorted
		fmt.Fprintf(h, "figure text %s\n", b)
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

// ErrNoGoSum is the error of a run in a module without go.sum, which go
// mod tidy writes.
var ErrNoGoSum = errors.New("runner: the module has no go.sum")

type noGoSumError struct{ root string }

func (e noGoSumError) Error() string {
	return fmt.Sprintf("%s has no go.sum yet: run \"go mod tidy\" there first (it completes go.mod and writes go.sum)", e.root)
}

func (e noGoSumError) Unwrap() error { return ErrNoGoSum }

type pkgHash struct{ path, hash string }

// modulePackages returns the packages of the book's module (and of the
// modules go.mod replaces with a folder, such as a checkout of tally) that
// the import paths reach, directly or through each other, with a hash of
// their Go files (tests excluded). A change to a package no chapter
// imports, such as the site's, does not re-run any chapter.
func (r *Runner) modulePackages(imports []string) ([]pkgHash, error) {
	seen := map[string]bool{}
	var out []pkgHash
	var visit func(path string) error
	visit = func(path string) error {
		if seen[path] {
			return nil
		}
		if _, local := r.mod.dirOf(path); !local {
			return nil
		}
		seen[path] = true
		p, err := r.pkgInfo(path)
		if err != nil {
			return err
		}
		out = append(out, pkgHash{path, p.hash})
		for _, imp := range p.imports {
			if err := visit(imp); err != nil {
				return err
			}
		}
		return nil
	}
	for _, imp := range imports {
		if err := visit(imp); err != nil {
			return nil, err
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out, nil
}

type pkgFiles struct {
	hash    string
	imports []string
}

// pkgInfo hashes the non-test Go files of a module package and lists their
// imports, once per runner.
func (r *Runner) pkgInfo(path string) (*pkgFiles, error) {
	r.pkgMu.Lock()
	defer r.pkgMu.Unlock()
	if p, ok := r.pkgs[path]; ok {
		return p, nil
	}
	dir, _ := r.mod.dirOf(path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("package %s: %w", path, err)
	}
	h := sha256.New()
	imports := map[string]bool{}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(h, "file %s %d\n", name, len(src))
		h.Write(src)
		f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.ImportsOnly)
		if err != nil {
			continue // the compiler will say what is wrong
		}
		for _, s := range f.Imports {
			if p, err := strconv.Unquote(s.Path.Value); err == nil {
				imports[p] = true
			}
		}
	}
	p := &pkgFiles{hash: hex.EncodeToString(h.Sum(nil))}
	for imp := range imports {
		p.imports = append(p.imports, imp)
	}
	sort.Strings(p.imports)
	if r.pkgs == nil {
		r.pkgs = map[string]*pkgFiles{}
	}
	r.pkgs[path] = p
	return p, nil
}

func hashFile(w io.Writer, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close() //nolint:errcheck // read only: its Close cannot lose data
	_, err = io.Copy(w, f)
	return err
}

func (r *Runner) cacheDir(ch *chapter.Chapter, key string) string {
	return filepath.Join(r.work, "cache", ch.Slug, key)
}

// cacheEntry is the file run.json of a cache entry: the execution, and a
// checksum of it and of its figure files. An entry that a kill cut short,
// or that something else changed, does not match its checksum and is run
// again, never used.
type cacheEntry struct {
	Sum string          `json:"sum"` // hex SHA-256, see entrySum
	Run json.RawMessage `json:"run"` // the execution
}

// entrySum hashes an execution's JSON (compact, as json.Marshal writes
// it) and the files of its figures, in order, each with its name and
// length.
func entrySum(run []byte, figDir string, ex *execution) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "run %d\n", len(run))
	h.Write(run)
	for _, f := range ex.Figures {
		for _, file := range f.files() {
			b, err := os.ReadFile(filepath.Join(figDir, file))
			if err != nil {
				return "", err
			}
			fmt.Fprintf(h, "figure %s %d\n", file, len(b))
			h.Write(b)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// loadCache returns the cached execution for key, or nil when there is
// none or the entry is damaged (it is then removed).
func (r *Runner) loadCache(ch *chapter.Chapter, key string) *execution {
	dir := r.cacheDir(ch, key)
	b, err := os.ReadFile(filepath.Join(dir, "run.json"))
	if err != nil {
		return nil
	}
	var ent cacheEntry
	var ex execution
	if json.Unmarshal(b, &ent) != nil || json.Unmarshal(ent.Run, &ex) != nil || ex.Key != key {
		_ = os.RemoveAll(dir) // a damaged entry: a miss either way, and the run stores it anew
		return nil
	}
	var run bytes.Buffer // the execution as it was hashed: compact
	if err := json.Compact(&run, ent.Run); err != nil {
		_ = os.RemoveAll(dir) // a damaged entry: a miss either way, and the run stores it anew
		return nil
	}
	if sum, err := entrySum(run.Bytes(), filepath.Join(dir, "figures"), &ex); err != nil || sum != ent.Sum {
		_ = os.RemoveAll(dir) // a damaged entry: a miss either way, and the run stores it anew
		return nil
	}
	ex.dir = dir
	return &ex
}

// storeCache saves an execution and its figures. It writes into a fresh
// folder and renames it into place, so a reader never sees half an entry;
// the entry's checksum catches what a kill or a disk leaves damaged.
func (r *Runner) storeCache(ch *chapter.Chapter, ex *execution) error {
	final := r.cacheDir(ch, ex.Key)
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(final), ".tmp-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp) //nolint:errcheck // best effort: tmp is gone once renamed into place
	if err := os.MkdirAll(filepath.Join(tmp, "figures"), 0o755); err != nil {
		return err
	}
	for _, f := range ex.Figures {
		for _, file := range f.files() {
			if err := fsutil.CopyFile(filepath.Join(ex.dir, "figures", file), filepath.Join(tmp, "figures", file)); err != nil {
				return err
			}
		}
	}
	run, err := json.Marshal(ex)
	if err != nil {
		return err
	}
	sum, err := entrySum(run, filepath.Join(tmp, "figures"), ex)
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(cacheEntry{Sum: sum, Run: run}, "", "\t")
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
