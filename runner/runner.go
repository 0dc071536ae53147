package runner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tally-book/tally/check"
	"github.com/tally-book/tally/runner/chapter"
)

// Config is the runner's configuration. The zero value works from inside
// the module.
type Config struct {
	Root      string            // module root (folder of go.mod); the nearest go.mod at or above the working directory when empty
	Work      string            // generated programs and the cache; Root/_tally when empty
	Timeout   time.Duration     // limit of one chapter's run when its front matter sets none; DefaultTimeout when zero
	Memory    chapter.Bytes     // memory limit of one chapter's program when its front matter sets none; DefaultMemory when zero
	Force     bool              // ignore the cache (results are still stored)
	Imports   bool              // keep ImportsFile up to date (SyncImports) before running a book's first chapter
	Set       map[string]string // parameter overrides, name → value
	MaxOutput int               // bytes kept per snippet and stream; 1 MiB when zero
	NoVet     bool              // skip go vet
	Progress  io.Writer         // receives progress lines (building, built and ran in how long, each snippet, from the cache); nil for quiet
}

// DefaultMemory is the memory limit of a chapter's program when neither
// its front matter nor Config sets one.
const DefaultMemory chapter.Bytes = 4 << 30

// DefaultTimeout is the time limit of a chapter's run when neither its
// front matter nor Config sets one.
const DefaultTimeout = 10 * time.Minute

// Runner runs chapters.
type Runner struct {
	cfg   Config
	root  string
	mod   *Module
	work  string
	goBin string

	pkgMu sync.Mutex
	pkgs  map[string]*pkgFiles // module packages, by import path
	// modDirs are the folders of required modules, by module path (data:).
	modDirs map[string]string

	syncMu sync.Mutex
	synced *chapter.Book // the book whose imports SyncImports last wrote (Config.Imports)

	progMu sync.Mutex
	progs  map[*chapter.Chapter]generated // each chapter's program, generated once (program)

	exec     executor     // builds and runs programs; the go command and a process (goExec) when nil
	builds   atomic.Int64 // programs built, for tests and benchmarks
	noteOnce sync.Once    // the note on a first build
}

// New returns a runner. It fails when the module cannot be found
// (ErrNoModule), does not require tally (ErrNoTally), or when the go
// command cannot be found.
func New(cfg Config) (*Runner, error) {
	if cfg.Memory <= 0 {
		cfg.Memory = DefaultMemory
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.MaxOutput <= 0 {
		cfg.MaxOutput = 1 << 20
	}
	var mod *Module
	var err error
	if cfg.Root == "" {
		mod, err = FindModule(".")
	} else {
		mod, err = LoadModule(cfg.Root)
	}
	if err != nil {
		return nil, err
	}
	root := mod.Root
	work := cfg.Work
	if work == "" {
		work = filepath.Join(root, "_tally")
	}
	if work, err = filepath.Abs(work); err != nil {
		return nil, err
	}
	if rel, err := filepath.Rel(root, work); err != nil || strings.HasPrefix(rel, "..") {
		return nil, fmt.Errorf("runner: work folder %s must lie inside the module %s (programs import its packages)", work, root)
	}
	goBin, err := GoCommand()
	if err != nil {
		return nil, fmt.Errorf("runner: the go command is needed to build chapters: %w", err)
	}
	return &Runner{cfg: cfg, root: root, mod: mod, work: work, goBin: goBin}, nil
}

// GoCommand returns the go command that builds chapters: the one in
// $GOROOT/bin when GOROOT is set, else the one on PATH.
func GoCommand() (string, error) {
	if root := os.Getenv("GOROOT"); root != "" {
		p := filepath.Join(root, "bin", "go")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return exec.LookPath("go")
}

// Root is the module root.
func (r *Runner) Root() string { return r.root }

// Module is the book's module.
func (r *Runner) Module() *Module { return r.mod }

// Work is the folder of the generated programs and the cache (Config.Work).
func (r *Runner) Work() string { return r.work }

// RunBook runs every chapter of b, in order, and never stops at a failing
// one.
func (r *Runner) RunBook(ctx context.Context, b *chapter.Book) *Results {
	res := &Results{GoVersion: runtime.Version()}
	for _, ch := range b.Chapters {
		res.Chapters = append(res.Chapters, r.Run(ctx, b, ch))
	}
	res.Translations = CheckTranslations(b, res.Chapters)
	CheckRefs(b, res.Chapters, res.Translations)
	return res
}

// syncImportsOnce runs SyncImports once per book, with Config.Imports.
func (r *Runner) syncImportsOnce(b *chapter.Book) error {
	if !r.cfg.Imports {
		return nil
	}
	r.syncMu.Lock()
	defer r.syncMu.Unlock()
	if r.synced == b {
		return nil
	}
	r.synced = b
	wrote, err := r.SyncImports(b)
	if wrote {
		r.progress("wrote %s\n", ImportsFile)
	}
	return err
}

// CheckTranslations checks every translation of b against the results of
// its source chapter, where the source was run.
func CheckTranslations(b *chapter.Book, runs []*ChapterResult) []*TranslationResult {
	bySource := map[*chapter.Chapter]*ChapterResult{}
	for _, r := range runs {
		bySource[r.Chapter] = r
	}
	var out []*TranslationResult
	for _, tr := range b.Translations {
		src := bySource[tr.Source]
		if tr.Source == nil || src == nil {
			if errs := b.Errors[tr.Ch]; len(errs) > 0 {
				out = append(out, &TranslationResult{Lang: tr.Lang, Path: tr.Ch.Path, Title: tr.Ch.Meta.Title, Claims: []chapter.ClaimResult{}, Errors: errs, Translation: tr})
			}
			continue
		}
		r := CheckTranslation(tr, src)
		r.Errors = append(r.Errors, b.Errors[tr.Ch]...)
		out = append(out, r)
	}
	return out
}

// Run runs one chapter of b (from the cache when its inputs did not
// change) and checks its claims and expected outputs.
func (r *Runner) Run(ctx context.Context, b *chapter.Book, ch *chapter.Chapter) *ChapterResult {
	start := time.Now()
	res := &ChapterResult{Path: ch.Path, Slug: ch.Slug, Title: ch.Meta.Title, Cache: "none", Chapter: ch,
		Snippets: []SnippetResult{}, Values: []ValueResult{}, Claims: []chapter.ClaimResult{}, Figures: []FigureResult{}}
	defer func() { res.Elapsed = time.Since(start).Seconds() }()
	for _, s := range ch.Snippets {
		res.Snippets = append(res.Snippets, SnippetResult{Index: s.Index, Line: s.Line, Lang: s.Lang})
	}
	if errs := b.Errors[ch]; len(errs) > 0 {
		res.Errors = append(res.Errors, errs...)
		r.progress("%s: %d problems, not run\n", ch.Path, len(errs))
		return res
	}
	if err := r.syncImportsOnce(b); err != nil {
		res.Errors.Add(chapter.Pos{File: ch.Path}, "%v", err)
	}
	params, overrides, err := applyOverrides(ch, r.cfg.Set)
	if err != nil {
		res.Errors = append(res.Errors, err...)
		return res
	}
	res.Params, res.Overrides = params, overrides
	deps, _ := b.Deps(ch)

	// The program holds the front matter's values and reads overrides when
	// it starts (book.Param), so that every override set runs one binary.
	prog, perrs := r.program(b, ch)
	if len(perrs) > 0 {
		res.Errors = append(res.Errors, perrs...)
		return res
	}
	figText := figureText(b, ch)
	fonts := FontsDir(b)
	key, err2 := r.key(ch, deps, params, prog, figText)
	if err2 == nil {
		key, err2 = keyWithFonts(key, fonts)
	}
	if err2 != nil {
		if errors.Is(err2, ErrNoGoSum) {
			res.Errors.Add(chapter.Pos{File: ch.Path}, "%v", err2)
		} else {
			res.Errors.Add(chapter.Pos{File: ch.Path}, "cache key: %v", err2)
		}
		return res
	}
	res.Key = key
	var ex *execution
	if !r.cfg.Force {
		ex = r.loadCache(ch, key)
	}
	if ex == nil && prog != nil {
		// Two runs of one chapter at once (two terminals, or go test and
		// tally serve) would share its program's folder: the second waits
		// for the first, and then finds its result in the cache.
		unlock, err := lockDir(r.genDir(ch))
		if err != nil {
			res.Errors.Add(chapter.Pos{File: ch.Path}, "%v", err)
			return res
		}
		defer unlock()
		if !r.cfg.Force {
			ex = r.loadCache(ch, key)
		}
	}
	if ex != nil {
		res.Cache = "hit"
		r.progress("%s: from the cache\n", ch.Path)
	} else {
		var errs chapter.ErrorList
		ex, errs = r.execute(ctx, ch, deps, params, prog, key, figText, fonts)
		res.Errors = append(res.Errors, errs...)
		if ex == nil {
			res.Errors.Sort()
			return res
		}
		if len(errs) == 0 && !mixedOutput(ch, ex) {
			res.Cache = "miss"
			if err := r.storeCache(ch, ex); err != nil {
				res.Errors.Add(chapter.Pos{File: ch.Path}, "cache: %v", err)
			}
		}
	}
	r.fill(res, ch, deps, ex)
	res.Errors.Sort()
	return res
}

func (r *Runner) progress(format string, args ...any) {
	if r.cfg.Progress != nil {
		fmt.Fprintf(r.cfg.Progress, format, args...)
	}
}

// firstBuildNote says once, with the progress lines, that the first build
// of a work folder is slow: the go command compiles gonum and plot for the
// chapters' programs, minutes on a small machine.
func (r *Runner) firstBuildNote() {
	if r.cfg.Progress == nil {
		return
	}
	r.noteOnce.Do(func() {
		if entries, _ := os.ReadDir(filepath.Join(r.work, "cache")); len(entries) > 0 {
			return
		}
		r.progress("tally: a first build compiles the chapters' programs and the packages they use (gonum, plot):\n"+
			"tally: a few minutes on 2 cores; later builds take unchanged chapters from the cache in %s\n", r.work)
	})
}

// since is the time since start for a progress line: "0.42 s", "12.3 s", "2 min 5 s".
func since(start time.Time) string {
	s := time.Since(start).Seconds()
	switch {
	case s < 1:
		return fmt.Sprintf("%.2f s", s)
	case s < 60:
		return fmt.Sprintf("%.1f s", s)
	}
	m := int(s+0.5) / 60
	return fmt.Sprintf("%d min %d s", m, int(s+0.5)-60*m)
}

// fill copies an execution into the result, maps its positions onto the
// chapter as it is now, and checks claims and outputs.
func (r *Runner) fill(res *ChapterResult, ch *chapter.Chapter, deps []*chapter.Chapter, ex *execution) {
	res.RanAt, res.Duration = ex.RanAt, ex.Duration
	files := map[string]*chapter.Chapter{ch.Path: ch}
	for _, d := range deps {
		files[d.Path] = d
	}
	mixed := map[int][]string{}
	for _, s := range ex.Snippets {
		if s.Index < 0 || s.Index >= len(res.Snippets) {
			continue
		}
		sr := &res.Snippets[s.Index]
		sr.Ran, sr.Duration, mixed[s.Index] = s.Ran, s.Duration, s.Mixed
		sr.Stdout, sr.Stderr, sr.StdoutCut, sr.StderrCut = s.Stdout, s.Stderr, s.StdoutCut, s.StderrCut
	}
	for _, v := range ex.Values {
		res.Values = append(res.Values, ValueResult{Name: v.Name, Value: v.Value, Pos: v.At.pos(files)})
	}
	for _, f := range ex.Figures {
		res.Figures = append(res.Figures, FigureResult{Name: f.Name, File: f.File, Variants: f.Variants, Caption: f.Caption, Alt: f.Alt,
			Pos: f.At.pos(files), Path: filepath.Join(ex.dir, "figures", f.File)})
	}
	res.MissingText = ex.Missing
	for _, ref := range ch.FigRefs {
		found := false
		for _, f := range res.Figures {
			found = found || f.Name == ref.Name
		}
		if !found {
			res.Errors.Add(chapter.Pos{File: ch.Path, Line: ref.Line}, "figure:%s names a figure that was never published", ref.Name)
		}
	}
	vals := valueMap(res.Values)
	overridden := len(res.Overrides) > 0
	for _, c := range ch.Claims {
		res.Claims = append(res.Claims, c.Check(vals, overridden))
	}
	for i, s := range ch.Snippets {
		if s.Want == nil {
			continue
		}
		sr := &res.Snippets[i]
		oc := &OutputCheck{Line: s.Want.Line, Status: check.Pass}
		if !sr.Ran {
			oc.Status, oc.Message = check.Fail, "the snippet before this output block did not run"
		} else if m := mixed[i]; len(m) > 0 {
			oc.Status, oc.Message = check.Fail, fmt.Sprintf("output not checked: a goroutine started at %s was still running when this snippet began, so what it printed is mixed into this output (wait for it, e.g. with a sync.WaitGroup, before its snippet ends)", strings.Join(m, ", "))
		} else if err := chapter.CompareOutput(sr.Stdout, s.Want.Text, s.Want.Unordered); err != nil {
			oc.Status, oc.Message = check.Fail, err.Error()
			if overridden {
				oc.Status = check.Info
			}
		}
		sr.Output = oc
	}
}

// figureText gathers the figure_text of the translations of ch, by
// language.
func figureText(b *chapter.Book, ch *chapter.Chapter) map[string]map[string]string {
	var out map[string]map[string]string
	for _, tr := range b.Translations {
		if tr.Source == ch && len(tr.FigureText) > 0 {
			if out == nil {
				out = map[string]map[string]string{}
			}
			out[tr.Lang] = tr.FigureText
		}
	}
	return out
}

// applyOverrides returns the chapter's parameters with the overrides of
// set that name them, converted to each parameter's type.
func applyOverrides(ch *chapter.Chapter, set map[string]string) ([]chapter.Param, map[string]string, chapter.ErrorList) {
	var errs chapter.ErrorList
	params := append([]chapter.Param(nil), ch.Meta.Params...)
	var used map[string]string
	for i, p := range params {
		s, ok := set[p.Name]
		if !ok {
			continue
		}
		v, err := p.Parse(s)
		if err != nil {
			errs.Add(chapter.Pos{File: ch.Path, Line: p.Line}, "-set %s=%s: %v", p.Name, s, err)
			continue
		}
		params[i].Value = v
		if used == nil {
			used = map[string]string{}
		}
		used[p.Name] = s
	}
	return params, used, errs
}

// UnknownParams returns the names of set that no chapter declares.
func UnknownParams(chapters []*chapter.Chapter, set map[string]string) []string {
	known := map[string]bool{}
	for _, ch := range chapters {
		for _, p := range ch.Meta.Params {
			known[p.Name] = true
		}
	}
	var out []string
	for n := range set {
		if !known[n] {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// mixedOutput reports whether a goroutine of an earlier snippet was
// running when a snippet with an output block began: the check fails, and
// such a run is not cached.
func mixedOutput(ch *chapter.Chapter, ex *execution) bool {
	for _, s := range ex.Snippets {
		if len(s.Mixed) > 0 && s.Index >= 0 && s.Index < len(ch.Snippets) && ch.Snippets[s.Index].Want != nil {
			return true
		}
	}
	return false
}
