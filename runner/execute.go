package runner

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/tally-book/tally/book"
	"github.com/tally-book/tally/runner/chapter"
)

// A run of a chapter's program is five steps. The executor builds the
// program (go build, with go vet beside it) and runs it under the
// chapter's limits (exec.go); the runner then collects what each snippet
// printed and when, interprets the records the book package wrote
// (values, figures, errors, panics), and classifies how the program
// ended. Only the first two need the go command and a process: a test
// gives the runner an executor that returns a made-up outcome.

// An executor builds a chapter's program and runs it.
type executor interface {
	// build builds prog in dir and returns the binary, or the problems
	// at chapter positions.
	build(ctx context.Context, ch *chapter.Chapter, deps []*chapter.Chapter, prog *program, dir string) (bin string, errs chapter.ErrorList)
	// run runs the binary as spec says and returns what it did; an error
	// means the program could not be started.
	run(ctx context.Context, bin string, spec runSpec) (*runOutcome, error)
}

// runSpec is how a chapter's program runs: where, for how long, with what.
type runSpec struct {
	dir       string        // the program's folder, which holds figures/ and scratch/
	timeout   time.Duration // the chapter's time limit
	memory    chapter.Bytes // its memory limit, also in env
	env       []string      // added to the runner's environment
	overrides []byte        // the parameter overrides, JSON, sent through the program's channel
	onSnippet func(int)     // called as each snippet begins
}

// runOutcome is what running a chapter program produced.
type runOutcome struct {
	stdout, stderr map[int]*stream
	forged         []int // snippets that printed a marker out of order
	records        []book.Record
	badRecord      int // snippet during which a record came that the book package did not sign, or -3
	exitErr        error
	timedOut       bool
	duration       time.Duration
}

// executor returns the runner's executor: the go command and a process,
// unless a test set another.
func (r *Runner) executor() executor {
	if r.exec != nil {
		return r.exec
	}
	return goExec{r}
}

// execute builds and runs a chapter's program and reads what it did. It
// returns the execution (nil when nothing ran) and every problem found.
func (r *Runner) execute(ctx context.Context, ch *chapter.Chapter, deps []*chapter.Chapter, params []chapter.Param, prog *program, key string, figText map[string]map[string]string, fonts string) (*execution, chapter.ErrorList) {
	ex := &execution{Key: key, RanAt: time.Now().UTC().Truncate(time.Second)}
	if prog == nil {
		return ex, nil // prose only: nothing to run
	}
	dir := r.genDir(ch)
	r.firstBuildNote()
	r.progress("%s: building\n", ch.Path)
	start := time.Now()
	bin, errs := r.executor().build(ctx, ch, deps, prog, dir)
	if len(errs) > 0 {
		return nil, errs
	}
	r.progress("%s: built in %s\n", ch.Path, since(start))
	start = time.Now()
	spec, err := r.runSpec(ch, params, dir, figText, fonts)
	if err != nil {
		errs.Add(chapter.Pos{File: ch.Path}, "%v", err)
		return nil, errs
	}
	out, err := r.executor().run(ctx, bin, spec)
	if err != nil {
		errs.Add(chapter.Pos{File: ch.Path}, "run: %v", err)
		return nil, errs
	}
	ex.Duration = out.duration.Seconds()
	ex.dir = dir
	r.progress("%s: ran in %s\n", ch.Path, since(start))

	files := map[string]*chapter.Chapter{ch.Path: ch}
	for _, d := range deps {
		files[d.Path] = d
	}
	tl := timelineOf(out.records)
	ex.Snippets, errs = collect(ch, files, out, tl, r.cfg.MaxOutput)
	panicked := interpret(ex, ch, params, files, out.records, &errs)
	if e := classifyExit(ch, files, out, tl, panicked, spec); e != nil {
		errs = append(errs, e)
	}
	return ex, errs
}

// runSpec prepares the run of ch's program in dir: its limits, the
// environment that names its fonts, memory limit and writable folders (a
// fresh scratch folder, unless the chapter is unsafe:), the figure text
// file, and the parameter overrides.
func (r *Runner) runSpec(ch *chapter.Chapter, params []chapter.Param, dir string, figText map[string]map[string]string, fonts string) (runSpec, error) {
	runs := 0
	for _, s := range ch.Snippets {
		if s.Runs() {
			runs++
		}
	}
	spec := runSpec{dir: dir, timeout: r.cfg.Timeout, memory: r.cfg.Memory}
	if ch.Meta.Timeout > 0 {
		spec.timeout = time.Duration(ch.Meta.Timeout)
	}
	spec.onSnippet = func(i int) {
		if i >= 0 && i < len(ch.Snippets) {
			r.progress("%s:%d: snippet %d of %d\n", ch.Path, ch.Snippets[i].Line, countRun(ch, i), runs)
		}
	}
	if ch.Meta.Memory > 0 {
		spec.memory = ch.Meta.Memory
	}
	spec.env = []string{book.EnvMemory + "=" + strconv.FormatInt(int64(spec.memory), 10), book.EnvFonts + "=" + fonts}
	if !ch.Meta.Unsafe {
		// Files may change only in a scratch folder (the program's
		// temporary folder too) and the figure folder.
		scratch := filepath.Join(dir, "scratch")
		err := os.RemoveAll(scratch)
		if err == nil {
			err = os.MkdirAll(scratch, 0o755)
		}
		if err != nil {
			return runSpec{}, err
		}
		spec.env = append(spec.env, book.EnvWritable+"="+scratch+string(filepath.ListSeparator)+filepath.Join(dir, "figures"), "TMPDIR="+scratch)
	}
	if len(figText) > 0 {
		p := filepath.Join(dir, "figtext.json")
		b, _ := json.Marshal(figText)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return runSpec{}, err
		}
		spec.env = append(spec.env, book.EnvFigText+"="+p)
	}
	if len(params) > 0 {
		vals := map[string]string{}
		for _, p := range params {
			vals[p.Name] = p.Text()
		}
		spec.overrides, _ = json.Marshal(vals) // sent through the program's channel: no limit on its size
	}
	return spec, nil
}

// timeline is when the snippets of a run began, as its snippet records
// say.
type timeline struct {
	started map[int]float64 // seconds from the start, by snippet
	order   []int           // the snippets in the order they began
	current int             // the last snippet that began, -1 before the first
	ended   bool            // the program reached its end record
	last    float64         // the time of the last record
}

func timelineOf(recs []book.Record) timeline {
	tl := timeline{started: map[int]float64{}, current: -1}
	for _, rec := range recs {
		tl.last = rec.T
		switch rec.Kind {
		case book.KindSnippet:
			if rec.Snippet >= 0 {
				tl.started[rec.Snippet] = rec.T
				tl.order = append(tl.order, rec.Snippet)
				tl.current = rec.Snippet
			}
		case book.KindEnd:
			tl.ended = true
		}
	}
	return tl
}

// collect gives each snippet of ch its output and time: what the
// program printed between the markers of one snippet and the next, the
// time from its snippet record to the next one's, and the go statements
// of goroutines still running when it began. It reports the records and
// markers a snippet forged, output cut past maxOutput, and output printed
// after the last snippet.
func collect(ch *chapter.Chapter, files map[string]*chapter.Chapter, out *runOutcome, tl timeline, maxOutput int) ([]execSnip, chapter.ErrorList) {
	var errs chapter.ErrorList
	// Goroutines still running when a snippet began, by snippet.
	mixed := map[int][]string{}
	for _, rec := range out.records {
		if rec.Kind == book.KindGoroutine {
			mixed[rec.Snippet] = append(mixed[rec.Snippet], rec.Pos)
		}
	}
	if out.badRecord != -3 {
		errs.Add(curLineOf(ch, out.badRecord), "a record that the book package did not write came through the runner's channel during this snippet (a snippet writing into it?); it and the records after it were ignored")
	}
	for _, i := range out.forged {
		errs.Add(curLineOf(ch, i), "this snippet printed a forged output marker (a line that imitates the runner's markers between snippets); it was ignored")
	}
	if st := out.stdout[-2]; st != nil && st.buf.Len() > 0 {
		// Printed after the last snippet ended: by a goroutine that
		// outlived it.
		msg := "a goroutine printed after the chapter's last snippet ended; its output is dropped: " + firstLine(st.buf.String())
		if ps := mixed[-2]; len(ps) > 0 {
			if p, ok := parsePos(ps[0]); ok {
				if _, known := files[p.File]; known {
					errs.Add(p, "%s", msg)
				}
			}
		} else {
			errs.Add(chapter.Pos{File: ch.Path}, "%s", msg)
		}
	}

	var snips []execSnip
	for i, s := range ch.Snippets {
		es := execSnip{Index: i}
		if t, ok := tl.started[i]; ok {
			es.Ran = true
			end := tl.last
			for k, j := range tl.order {
				if j == i && k+1 < len(tl.order) {
					end = tl.started[tl.order[k+1]]
				}
			}
			if tl.ended || i != tl.current {
				es.Duration = end - t
			} else {
				es.Duration = out.duration.Seconds() - t
			}
		}
		if st := out.stdout[i]; st != nil {
			es.Stdout, es.StdoutCut = st.buf.String(), st.cut
		}
		es.Mixed = mixed[i]
		if st := out.stderr[i]; st != nil {
			es.Stderr, es.StderrCut = st.buf.String(), st.cut
		}
		if i == firstRun(ch) {
			// What the program printed before its first snippet (package
			// initialisation) belongs to the first snippet.
			if st := out.stdout[-1]; st != nil {
				es.Stdout = st.buf.String() + es.Stdout
			}
			if st := out.stderr[-1]; st != nil {
				es.Stderr = st.buf.String() + es.Stderr
			}
		}
		if es.StdoutCut > 0 || es.StderrCut > 0 {
			errs.Add(chapter.Pos{File: ch.Path, Line: s.Line}, "snippet printed more than %d bytes; output cut (%d bytes dropped)", maxOutput, es.StdoutCut+es.StderrCut)
		}
		if s.Runs() || es.Ran {
			snips = append(snips, es)
		}
	}
	return snips, errs
}

// interpret reads the records of a run into ex: its values (a parameter's
// at its front matter line), figures with their language variants, and
// missing figure text; errors and panics go to errs at their chapter
// line, or at the snippet's. It reports whether a snippet panicked.
func interpret(ex *execution, ch *chapter.Chapter, params []chapter.Param, files map[string]*chapter.Chapter, recs []book.Record, errs *chapter.ErrorList) (panicked bool) {
	recPos := func(rec book.Record) chapter.Pos {
		if p, ok := parsePos(rec.Pos); ok {
			if _, known := files[p.File]; known {
				return p
			}
		}
		return curLineOf(ch, rec.Snippet)
	}
	for _, rec := range recs {
		switch rec.Kind {
		case book.KindValue:
			if rec.Snippet < 0 {
				for _, p := range params {
					if p.Name == rec.Name {
						rec.Pos = fmt.Sprintf("%s:%d", ch.Path, p.Line)
					}
				}
			}
			ex.Values = append(ex.Values, execValue{Name: rec.Name, Value: *rec.Value, At: locate(recPos(rec), files)})
		case book.KindFigure:
			ex.Figures = append(ex.Figures, execFig{Name: rec.Name, File: rec.File, Caption: rec.Caption, Alt: rec.Alt, At: locate(recPos(rec), files)})
		case book.KindFigureVariant:
			for i := range ex.Figures {
				if f := &ex.Figures[i]; f.Name == rec.Name {
					if f.Variants == nil {
						f.Variants = map[string]string{}
					}
					f.Variants[rec.Lang] = rec.File
				}
			}
		case book.KindFigTextMissing:
			ex.Missing = append(ex.Missing, MissingText{Lang: rec.Lang, Figure: rec.Name, Text: rec.Msg})
		case book.KindError:
			errs.Add(recPos(rec), "%s", rec.Msg)
		case book.KindPanic:
			panicked = true
			errs.Add(recPos(rec), "panic: %s%s", rec.Msg, chapterFrames(rec.Stack))
		}
	}
	return panicked
}

// classifyExit says why a program that did not reach its end stopped: its
// time limit, a crash its standard error shows (out of memory, a panic in a
// goroutine, a fatal runtime error, at the first chapter line of the
// stack), os.Exit, or a kill. A recovered panic was reported by interpret;
// a program that ended normally gives nil.
func classifyExit(ch *chapter.Chapter, files map[string]*chapter.Chapter, out *runOutcome, tl timeline, panicked bool, spec runSpec) *chapter.Error {
	at := curLineOf(ch, tl.current)
	switch {
	case out.timedOut:
		return &chapter.Error{Pos: at, Msg: fmt.Sprintf("timed out: the chapter's limit of %v was reached while this snippet ran (set timeout: in the front matter, or -timeout)", spec.timeout)}
	case panicked:
		return nil
	case out.exitErr != nil:
		// A panic in a goroutine, or a fatal runtime error, is not
		// recovered by book.Start: read it from standard error.
		if st := out.stderr[tl.current]; st != nil {
			diag := st.diag()
			if outOfMemory(diag) {
				if _, p, ok := crash(diag, files); ok {
					at = p
				}
				return &chapter.Error{Pos: at, Msg: fmt.Sprintf("out of memory: the chapter's program reached its limit of %v during this snippet; later snippets did not run (set memory: in the front matter, or -memory)", spec.memory)}
			}
			if msg, p, ok := crash(diag, files); ok {
				return &chapter.Error{Pos: p, Msg: msg + chapterFrames(diag)}
			}
		}
		return &chapter.Error{Pos: at, Msg: fmt.Sprintf("program %s during this snippet (os.Exit or a crash); later snippets did not run", exitStatus(out.exitErr))}
	case !tl.ended:
		return &chapter.Error{Pos: at, Msg: "program exited during this snippet (os.Exit(0)?); later snippets did not run"}
	}
	return nil
}

// crash finds a Go panic or fatal error in a program's standard error and
// the first chapter line of its stack.
func crash(stderr string, files map[string]*chapter.Chapter) (msg string, pos chapter.Pos, ok bool) {
	lines := strings.Split(stderr, "\n")
	for i, l := range lines {
		if !strings.HasPrefix(l, "panic: ") && !strings.HasPrefix(l, "fatal error: ") {
			continue
		}
		for _, f := range lines[i+1:] {
			f = strings.TrimSpace(f)
			if j := strings.LastIndex(f, " +0x"); j >= 0 {
				f = f[:j]
			}
			if p, ok := parsePos(f); ok {
				if _, known := files[p.File]; known {
					return strings.TrimSuffix(l, " [recovered]"), p, true
				}
			}
		}
	}
	return "", chapter.Pos{}, false
}

// outOfMemory reports whether a program's standard error says that the
// Go runtime could not get memory: under the limit book.Start sets, an
// allocation, a goroutine stack or a new thread fails that way.
func outOfMemory(stderr string) bool {
	for _, m := range []string{"fatal error: out of memory", "runtime: out of memory", "fatal error: runtime: cannot allocate memory", "errno=12"} {
		if strings.Contains(stderr, m) {
			return true
		}
	}
	return false
}

// chapterFrames lists the stack frames of a panic that lie in chapters.
func chapterFrames(stack string) string {
	var b strings.Builder
	for _, line := range strings.Split(stack, "\n") {
		line = strings.TrimSpace(line)
		if strings.Contains(line, ".md:") {
			if i := strings.LastIndex(line, " +0x"); i >= 0 {
				line = line[:i]
			}
			fmt.Fprintf(&b, "\n\tat %s", line)
		}
	}
	return b.String()
}

// curLineOf is the line of snippet i of ch, or the chapter for -1 and -2.
func curLineOf(ch *chapter.Chapter, i int) chapter.Pos {
	if i >= 0 && i < len(ch.Snippets) {
		return chapter.Pos{File: ch.Path, Line: ch.Snippets[i].Line}
	}
	return chapter.Pos{File: ch.Path}
}

// firstLine is the first line of s, shortened for a message.
func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimLeft(s, "\n"), "\n")
	if len(s) > 80 {
		s = s[:80] + "…"
	}
	return strconv.Quote(s)
}

func countRun(ch *chapter.Chapter, upto int) int {
	n := 0
	for i := 0; i <= upto && i < len(ch.Snippets); i++ {
		if ch.Snippets[i].Runs() {
			n++
		}
	}
	return n
}

func firstRun(ch *chapter.Chapter) int {
	for i, s := range ch.Snippets {
		if s.Runs() {
			return i
		}
	}
	return -1
}

func valueMap(vs []ValueResult) map[string]book.Value {
	m := make(map[string]book.Value, len(vs))
	for _, v := range vs {
		m[v.Name] = v.Value
	}
	return m
}
