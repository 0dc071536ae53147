package runner

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tally-book/tally/book"
	"github.com/tally-book/tally/runner/chapter"
)

// fakeExec is an executor that builds nothing and runs nothing: build
// returns its errors, run its outcome.
type fakeExec struct {
	buildErrs chapter.ErrorList
	out       *runOutcome
	runErr    error

	ran  bool
	spec runSpec
}

func (f *fakeExec) build(context.Context, *chapter.Chapter, []*chapter.Chapter, *program, string) (string, chapter.ErrorList) {
	return "prog", f.buildErrs
}

func (f *fakeExec) run(_ context.Context, _ string, spec runSpec) (*runOutcome, error) {
	f.ran, f.spec = true, spec
	if f.out == nil {
		return nil, f.runErr
	}
	if f.out.stdout == nil {
		f.out.stdout = map[int]*stream{}
	}
	if f.out.stderr == nil {
		f.out.stderr = map[int]*stream{}
	}
	return f.out, f.runErr
}

// streams makes the captured output of a run, by snippet.
func streams(parts map[int]string) map[int]*stream {
	m := map[int]*stream{}
	for i, s := range parts {
		st := &stream{}
		st.buf.WriteString(s)
		m[i] = st
	}
	return m
}

// execSrc is the chapter of TestExecuteSteps: its parameter lr is at
// line 3, its snippets at lines 8 and 12.
const execSrc = "---\nparams:\n  lr: 0.1\n---\n# X\n\n```go\nfmt.Println(\"a\")\n```\n\n```go\nfmt.Println(\"b\")\n```\n"

// TestExecuteSteps runs execute with an executor that returns a made-up
// outcome, so that no program is compiled: what a run printed, published
// and how it ended become the execution and the problems at chapter lines.
func TestExecuteSteps(t *testing.T) {
	num := func(f float64) *book.Value { return &book.Value{Kind: "number", Num: book.Number(f)} }
	snip := func(i int, t float64) book.Record { return book.Record{Kind: book.KindSnippet, Snippet: i, T: t} }
	end := book.Record{Kind: book.KindEnd, Snippet: -2, T: 0.9}
	ranBoth := []book.Record{snip(0, 0.1), snip(1, 0.5), end}
	for _, tc := range []struct {
		name      string
		buildErrs chapter.ErrorList
		runErr    error
		out       *runOutcome
		want      []string               // the problems, "file:line: message"
		check     func(*execution) error // what else the execution must hold
	}{
		{
			name: "clean run",
			out: &runOutcome{records: []book.Record{snip(0, 0.1), {Kind: book.KindValue, Name: "x", Snippet: 0, T: 0.2, Value: num(2), Pos: "f.md:8"}, snip(1, 0.5), end},
				stdout: streams(map[int]string{0: "a\n", 1: "b\n"}), badRecord: -3, duration: time.Second},
			check: func(ex *execution) error {
				if len(ex.Snippets) != 2 || ex.Snippets[0].Stdout != "a\n" || ex.Snippets[1].Stdout != "b\n" {
					return errors.New("snippet outputs")
				}
				// Snippet 0 runs to snippet 1's start, snippet 1 to the last record.
				if d0, d1 := ex.Snippets[0].Duration, ex.Snippets[1].Duration; d0 < 0.399 || d0 > 0.401 || d1 < 0.399 || d1 > 0.401 {
					return errors.New("snippet durations")
				}
				if len(ex.Values) != 1 || ex.Values[0].Name != "x" || ex.Duration != 1 {
					return errors.New("values or duration")
				}
				return nil
			},
		},
		{
			name: "output before the first snippet belongs to it",
			out:  &runOutcome{records: ranBoth, stdout: streams(map[int]string{-1: "init\n", 0: "a\n"}), badRecord: -3},
			check: func(ex *execution) error {
				if ex.Snippets[0].Stdout != "init\na\n" {
					return errors.New("first snippet's output: " + ex.Snippets[0].Stdout)
				}
				return nil
			},
		},
		{
			name: "figures, variants and missing figure text",
			out: &runOutcome{records: []book.Record{snip(0, 0.1),
				{Kind: book.KindFigure, Name: "loss", File: "loss.png", Snippet: 0, Pos: "f.md:8"},
				{Kind: book.KindFigureVariant, Name: "loss", Lang: "ko", File: "loss.ko.png", Snippet: 0},
				{Kind: book.KindFigTextMissing, Name: "loss", Lang: "ko", Msg: "Loss", Snippet: 0},
				snip(1, 0.5), end}, badRecord: -3},
			check: func(ex *execution) error {
				if len(ex.Figures) != 1 || ex.Figures[0].Variants["ko"] != "loss.ko.png" {
					return errors.New("figure variants")
				}
				if len(ex.Missing) != 1 || ex.Missing[0] != (MissingText{Lang: "ko", Figure: "loss", Text: "Loss"}) {
					return errors.New("missing text")
				}
				return nil
			},
		},
		{
			name: "an error record at its line, or at its snippet's when the file is not the chapter's",
			out: &runOutcome{records: []book.Record{snip(0, 0.1), {Kind: book.KindError, Msg: "bad name", Snippet: 0, Pos: "f.md:8"},
				snip(1, 0.5), {Kind: book.KindError, Msg: "elsewhere", Snippet: 1, Pos: "other.go:3"}, end}, badRecord: -3},
			want: []string{"f.md:8: bad name", "f.md:12: elsewhere"},
		},
		{
			name: "a recovered panic is reported once, from its record",
			out: &runOutcome{records: []book.Record{snip(0, 0.1), {Kind: book.KindPanic, Msg: "boom", Snippet: 0, Pos: "f.md:8", Stack: "main.main()\n\tf.md:8 +0x1d\n"}},
				exitErr: errors.New("exit status 2"), stderr: streams(map[int]string{0: "panic: boom\n"}), badRecord: -3},
			want: []string{"f.md:8: panic: boom\n\tat f.md:8"},
		},
		{
			name: "a panic in a goroutine, read from standard error",
			out: &runOutcome{records: []book.Record{snip(0, 0.1)}, exitErr: errors.New("exit status 2"), badRecord: -3,
				stderr: streams(map[int]string{0: "panic: bad\n\ngoroutine 5 [running]:\nmain.f()\n\tf.md:8 +0x1d\n"})},
			want: []string{"f.md:8: panic: bad\n\tat f.md:8"},
		},
		{
			name: "out of memory",
			out: &runOutcome{records: []book.Record{snip(0, 0.1), snip(1, 0.5)}, exitErr: errors.New("exit status 2"), badRecord: -3,
				stderr: streams(map[int]string{1: "fatal error: runtime: out of memory\n"})},
			want: []string{"f.md:12: out of memory: the chapter's program reached its limit of 1GiB during this snippet; later snippets did not run (set memory: in the front matter, or -memory)"},
		},
		{
			name: "time limit",
			out:  &runOutcome{records: []book.Record{snip(0, 0.1), snip(1, 0.5)}, timedOut: true, exitErr: errors.New("signal: killed"), badRecord: -3},
			want: []string{"f.md:12: timed out: the chapter's limit of 1m0s was reached while this snippet ran (set timeout: in the front matter, or -timeout)"},
		},
		{
			name: "killed",
			out:  &runOutcome{records: []book.Record{snip(0, 0.1)}, exitErr: errors.New("signal: killed"), badRecord: -3},
			want: []string{"f.md:8: program signal: killed during this snippet (os.Exit or a crash); later snippets did not run"},
		},
		{
			name: "os.Exit(0) before the end",
			out:  &runOutcome{records: []book.Record{snip(0, 0.1)}, badRecord: -3},
			want: []string{"f.md:8: program exited during this snippet (os.Exit(0)?); later snippets did not run"},
		},
		{
			name: "forged record and marker",
			out:  &runOutcome{records: ranBoth, badRecord: 1, forged: []int{0}},
			want: []string{
				"f.md:12: a record that the book package did not write came through the runner's channel during this snippet (a snippet writing into it?); it and the records after it were ignored",
				"f.md:8: this snippet printed a forged output marker (a line that imitates the runner's markers between snippets); it was ignored",
			},
		},
		{
			name: "output cut",
			out:  &runOutcome{records: ranBoth, stdout: map[int]*stream{0: {cut: 50}}, badRecord: -3},
			want: []string{"f.md:8: snippet printed more than 100 bytes; output cut (50 bytes dropped)"},
		},
		{
			name: "a goroutine prints after the last snippet",
			out: &runOutcome{records: []book.Record{snip(0, 0.1), snip(1, 0.5), {Kind: book.KindGoroutine, Snippet: -2, Pos: "f.md:12"}, end},
				stdout: streams(map[int]string{-2: "late\n"}), badRecord: -3},
			want: []string{`f.md:12: a goroutine printed after the chapter's last snippet ended; its output is dropped: "late"`},
		},
		{
			name:      "build fails: nothing runs",
			buildErrs: chapter.ErrorList{{Pos: chapter.Pos{File: "f.md", Line: 8}, Msg: "undefined: y"}},
			want:      []string{"f.md:8: undefined: y"},
		},
		{
			name:   "the program does not start",
			runErr: errors.New("exec format error"),
			want:   []string{"f.md: run: exec format error"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := chapter.NewBook(map[string][]byte{"f.md": []byte(execSrc)})
			ch := b.Chapters[0]
			fake := &fakeExec{buildErrs: tc.buildErrs, out: tc.out, runErr: tc.runErr}
			r := &Runner{cfg: Config{Timeout: time.Minute, Memory: 1 << 30, MaxOutput: 100}, work: t.TempDir(), exec: fake}
			ex, errs := r.execute(context.Background(), ch, nil, ch.Meta.Params, &program{}, "key", nil, "fonts")
			var got []string
			for _, e := range errs {
				got = append(got, e.Error())
			}
			if strings.Join(got, "\n--\n") != strings.Join(tc.want, "\n--\n") {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n--\n"), strings.Join(tc.want, "\n--\n"))
			}
			if fake.ran != (tc.buildErrs == nil) {
				t.Errorf("ran %v after build errors %v", fake.ran, tc.buildErrs)
			}
			if (ex == nil) != (tc.out == nil) {
				t.Fatalf("execution %v for outcome %v", ex, tc.out)
			}
			if tc.check != nil {
				if err := tc.check(ex); err != nil {
					t.Error(err)
				}
			}
		})
	}
}

// TestRunSpec checks what a chapter's program is given: the chapter's own
// limits over the runner's, the memory limit and fonts in its environment,
// a scratch folder as its only writable place besides its figures (none
// for unsafe: chapters), and the overrides as JSON.
func TestRunSpec(t *testing.T) {
	for _, tc := range []struct {
		front   string
		timeout time.Duration
		memory  chapter.Bytes
		safe    bool
	}{
		{"", time.Minute, 1 << 30, true},
		{"timeout: 2s\nmemory: 64MiB\n", 2 * time.Second, 64 << 20, true},
		{"unsafe: true\n", time.Minute, 1 << 30, false},
	} {
		src := "---\n" + tc.front + "params:\n  lr: 0.1\n---\n```go\nfmt.Println(lr)\n```\n"
		b := chapter.NewBook(map[string][]byte{"f.md": []byte(src)})
		ch := b.Chapters[0]
		if errs := b.Errors[ch]; len(errs) > 0 {
			t.Fatal(errs)
		}
		r := &Runner{cfg: Config{Timeout: time.Minute, Memory: 1 << 30}, work: t.TempDir()}
		spec, err := r.runSpec(ch, ch.Meta.Params, t.TempDir(), nil, "/fonts")
		if err != nil {
			t.Fatal(err)
		}
		env := strings.Join(spec.env, "\n")
		if spec.timeout != tc.timeout || spec.memory != tc.memory || !strings.Contains(env, book.EnvFonts+"=/fonts") ||
			!strings.Contains(env, book.EnvMemory+"="+strconv.FormatInt(int64(tc.memory), 10)+"\n") {
			t.Errorf("%q: spec %v %v, env %q", tc.front, spec.timeout, spec.memory, spec.env)
		}
		if got := strings.Contains(env, book.EnvWritable+"="); got != tc.safe {
			t.Errorf("%q: writable folders set %v, want %v", tc.front, got, tc.safe)
		}
		if string(spec.overrides) != `{"lr":"0.1"}` {
			t.Errorf("%q: overrides %s", tc.front, spec.overrides)
		}
	}
}
