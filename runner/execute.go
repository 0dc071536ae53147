package runner

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/tally-book/tally/book"
	"github.com/tally-book/tally/internal/fsutil"
)

// execute generates, builds and runs a chapter's program. It returns the
// execution (nil when nothing ran) and every problem found.
func (r *Runner) execute(ctx context.Context, ch *Chapter, deps []*Chapter, params []Param, prog *program, key string, figText map[string]map[string]string, fonts string) (*execution, ErrorList) {
	var errs ErrorList
	runs := 0
	for _, s := range ch.Snippets {
		if s.Runs() {
			runs++
		}
	}
	ex := &execution{Key: key, RanAt: time.Now().UTC().Truncate(time.Second)}
	if prog == nil {
		return ex, nil // prose only: nothing to run
	}
	dir := r.genDir(ch)
	r.firstBuildNote()
	r.progress("%s: building\n", ch.Path)
	start := time.Now()
	// The key of the binary: the cache key without overrides, and the
	// program's source, //line positions included.
	buildKey := ""
	if k, err := r.key(ch, deps, ch.Meta.Params, prog, nil); err == nil {
		sum := sha256.Sum256([]byte(k + "\n" + string(prog.Source)))
		buildKey = hex.EncodeToString(sum[:])
	}
	bin, berrs := r.buildProgram(ctx, ch, prog, dir, buildKey)
	if len(berrs) > 0 {
		return nil, berrs
	}
	r.progress("%s: built in %s\n", ch.Path, since(start))
	start = time.Now()
	timeout := r.cfg.Timeout
	if ch.Meta.Timeout > 0 {
		timeout = time.Duration(ch.Meta.Timeout)
	}
	onSnippet := func(i int) {
		if i >= 0 && i < len(ch.Snippets) {
			r.progress("%s:%d: snippet %d of %d\n", ch.Path, ch.Snippets[i].Line, countRun(ch, i), runs)
		}
	}
	memory := r.cfg.Memory
	if ch.Meta.Memory > 0 {
		memory = ch.Meta.Memory
	}
	env := []string{book.EnvMemory + "=" + strconv.FormatInt(int64(memory), 10), book.EnvFonts + "=" + fonts}
	if !ch.Meta.Unsafe {
		// Files may change only in a scratch folder (the program's
		// temporary folder too) and the figure folder.
		scratch := filepath.Join(dir, "scratch")
		err := os.RemoveAll(scratch)
		if err == nil {
			err = os.MkdirAll(scratch, 0o755)
		}
		if err != nil {
			errs.Add(Pos{File: ch.Path}, "%v", err)
			return nil, errs
		}
		env = append(env, book.EnvWritable+"="+scratch+string(filepath.ListSeparator)+filepath.Join(dir, "figures"), "TMPDIR="+scratch)
	}
	if len(figText) > 0 {
		p := filepath.Join(dir, "figtext.json")
		b, _ := json.Marshal(figText)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			errs.Add(Pos{File: ch.Path}, "%v", err)
			return nil, errs
		}
		env = append(env, book.EnvFigText+"="+p)
	}
	var overrides []byte // sent through the program's channel: no limit on its size
	if len(params) > 0 {
		vals := map[string]string{}
		for _, p := range params {
			vals[p.Name] = p.Text()
		}
		overrides, _ = json.Marshal(vals)
	}
	out, err := r.runProgram(ctx, bin, dir, timeout, env, overrides, onSnippet)
	if err != nil {
		errs.Add(Pos{File: ch.Path}, "run: %v", err)
		return nil, errs
	}
	ex.Duration = out.duration.Seconds()
	ex.dir = dir
	r.progress("%s: ran in %s\n", ch.Path, since(start))
	files := map[string]*Chapter{ch.Path: ch}
	for _, d := range deps {
		files[d.Path] = d
	}

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
			errs.Add(Pos{File: ch.Path}, "%s", msg)
		}
	}

	// Snippet timings and outputs.
	started := map[int]float64{}
	var order []int
	current, ended := -1, false
	var lastT float64
	for _, rec := range out.records {
		lastT = rec.T
		switch rec.Kind {
		case book.KindSnippet:
			if rec.Snippet >= 0 {
				started[rec.Snippet] = rec.T
				order = append(order, rec.Snippet)
				current = rec.Snippet
			}
		case book.KindEnd:
			ended = true
		}
	}
	for i, s := range ch.Snippets {
		es := execSnip{Index: i}
		if t, ok := started[i]; ok {
			es.Ran = true
			end := lastT
			for k, j := range order {
				if j == i && k+1 < len(order) {
					end = started[order[k+1]]
				}
			}
			if ended || i != current {
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
			errs.Add(Pos{ch.Path, s.Line}, "snippet printed more than %d bytes; output cut (%d bytes dropped)", r.cfg.MaxOutput, es.StdoutCut+es.StderrCut)
		}
		if s.Runs() || es.Ran {
			ex.Snippets = append(ex.Snippets, es)
		}
	}

	// Values, figures and errors.
	curLine := func(snip int) Pos {
		if snip >= 0 && snip < len(ch.Snippets) {
			return Pos{ch.Path, ch.Snippets[snip].Line}
		}
		return Pos{File: ch.Path}
	}
	recPos := func(rec book.Record) Pos {
		if p, ok := parsePos(rec.Pos); ok {
			if _, known := files[p.File]; known {
				return p
			}
		}
		return curLine(rec.Snippet)
	}
	panicked := false
	for _, rec := range out.records {
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
	switch {
	case out.timedOut:
		errs.Add(curLine(current), "timed out: the chapter's limit of %v was reached while this snippet ran (set timeout: in the front matter, or -timeout)", timeout)
	case panicked:
	case out.exitErr != nil:
		// A panic in a goroutine, or a fatal runtime error, is not
		// recovered by book.Start: read it from standard error.
		if st := out.stderr[current]; st != nil && outOfMemory(st.diag()) {
			pos := curLine(current)
			if _, p, ok := crash(st.diag(), files); ok {
				pos = p
			}
			errs.Add(pos, "out of memory: the chapter's program reached its limit of %v during this snippet; later snippets did not run (set memory: in the front matter, or -memory)", memory)
			break
		}
		if st := out.stderr[current]; st != nil {
			if msg, pos, ok := crash(st.diag(), files); ok {
				errs.Add(pos, "%s%s", msg, chapterFrames(st.diag()))
				break
			}
		}
		errs.Add(curLine(current), "program %s during this snippet (os.Exit or a crash); later snippets did not run", exitStatus(out.exitErr))
	case !ended:
		errs.Add(curLine(current), "program exited during this snippet (os.Exit(0)?); later snippets did not run")
	}
	return ex, errs
}

// lockDir takes an exclusive lock on dir (creating it), released by the
// returned function.
func lockDir(dir string) (func(), error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return fsutil.Lock(filepath.Join(dir, ".lock"), nil)
}

// genDir is the folder of a chapter's program.
func (r *Runner) genDir(ch *Chapter) string { return filepath.Join(r.work, "gen", ch.Slug) }

// generated is a chapter's program as program made it, with its errors.
type generated struct {
	prog *program
	errs ErrorList
}

// program returns the program of the chapter ch of b, or nil when the
// chapter has nothing to run. It holds the front matter's parameters and
// the definitions of the chapters ch uses, and depends on nothing else, so
// a runner generates it once however many steps need it (the imports
// file, the run, the browser's program).
func (r *Runner) program(b *Book, ch *Chapter) (*program, ErrorList) {
	r.progMu.Lock()
	defer r.progMu.Unlock()
	if g, ok := r.progs[ch]; ok {
		return g.prog, g.errs
	}
	prog, errs := r.generateProgram(b, ch)
	if r.progs == nil {
		r.progs = map[*Chapter]generated{}
	}
	r.progs[ch] = generated{prog, errs}
	return prog, errs
}

// generateProgram generates the program of the chapter ch of b (see
// program).
func (r *Runner) generateProgram(b *Book, ch *Chapter) (*program, ErrorList) {
	params := ch.Meta.Params
	runs := 0
	for _, s := range ch.Snippets {
		if s.Runs() {
			runs++
		}
	}
	if runs == 0 && len(params) == 0 {
		return nil, nil
	}
	deps, _ := b.Deps(ch)
	rel, _ := filepath.Rel(r.root, filepath.Join(r.genDir(ch), "main.go"))
	prog, err := generate(ch, deps, params, filepath.ToSlash(rel), r.mod, b.Settings.Imports)
	if err != nil {
		if l, ok := err.(ErrorList); ok {
			return nil, l
		}
		var errs ErrorList
		errs.Add(Pos{File: ch.Path}, "%v", err)
		return nil, errs
	}
	return prog, nil
}

// crash finds a Go panic or fatal error in a program's standard error and
// the first chapter line of its stack.
func crash(stderr string, files map[string]*Chapter) (msg string, pos Pos, ok bool) {
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
	return "", Pos{}, false
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
func curLineOf(ch *Chapter, i int) Pos {
	if i >= 0 && i < len(ch.Snippets) {
		return Pos{ch.Path, ch.Snippets[i].Line}
	}
	return Pos{File: ch.Path}
}

// firstLine is the first line of s, shortened for a message.
func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimLeft(s, "\n"), "\n")
	if len(s) > 80 {
		s = s[:80] + "…"
	}
	return strconv.Quote(s)
}

func countRun(ch *Chapter, upto int) int {
	n := 0
	for i := 0; i <= upto && i < len(ch.Snippets); i++ {
		if ch.Snippets[i].Runs() {
			n++
		}
	}
	return n
}

func firstRun(ch *Chapter) int {
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
