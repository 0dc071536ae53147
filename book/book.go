package book

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Environment variables of a chapter program. The runner sets
// EnvChannel, EnvFigDir, EnvFigText and EnvMemory; EnvRecords is for a
// program run by hand or a test, which want the records in a file.
const (
	EnvRecords = "TALLY_RECORDS" // path of a JSON-lines records file, unsigned, when there is no EnvChannel
	EnvFigDir  = "TALLY_FIGDIR"  // folder that receives figure files
	EnvFigText = "TALLY_FIGTEXT" // JSON file of figure text per language: {"ko": {"Training loss": "학습 손실"}}
	EnvMemory  = "TALLY_MEMORY"  // memory limit of the program in bytes
	EnvFonts   = "TALLY_FONTS"   // the book's fonts folder, whose .ttf and .otf files package figures draws text with
	// EnvWritable lists (as PATH does) the only folders in which the
	// program may change files, on Linux with Landlock; unset, nothing
	// is restricted.
	EnvWritable = "TALLY_WRITABLE"
)

// Record is one line of the records file.
type Record struct {
	Kind    Kind    `json:"kind"`              // KindSnippet, KindValue, …: what the line tells
	Snippet int     `json:"snippet"`           // index of the running snippet, -1 before the first
	T       float64 `json:"t"`                 // seconds since Start
	Name    string  `json:"name,omitempty"`    // value or figure name
	Lang    string  `json:"lang,omitempty"`    // language of a figure variant or of missing figure text
	Value   *Value  `json:"value,omitempty"`   // published value
	File    string  `json:"file,omitempty"`    // figure file name, relative to the figure folder
	Caption string  `json:"caption,omitempty"` // figure caption
	Alt     string  `json:"alt,omitempty"`     // figure alt text
	Pos     string  `json:"pos,omitempty"`     // file:line of the call or panic, as the //line directives map it
	Msg     string  `json:"msg,omitempty"`     // error or panic message
	Stack   string  `json:"stack,omitempty"`   // panic stack
}

var state struct {
	sync.Mutex
	start   time.Time
	nonce   string
	snippet int
	rec     *os.File
	figDir  string
	names   map[string]string // name → position of first publication
}

// harness receives the records instead of the records file when the
// program runs in a browser (rerun_js.go); nil otherwise.
var harness interface {
	start()                          // called by Start, before the first snippet
	record(r Record)                 // called with the state locked: must not call write
	figure(file string, data []byte) // a figure's SVG, by the file name it is recorded under
	figureText() map[string]map[string]string
}

// InBrowser reports whether the program runs in a browser, compiled to
// WebAssembly for a chapter page's re-run: figures are then drawn as SVG
// and handed over with [KeepFigure] instead of written to files.
func InBrowser() bool { return harness != nil }

// KeepFigure hands the file of a figure to the page that re-runs the
// chapter, under the file name [RecordFigure] records. It does nothing
// outside a browser.
func KeepFigure(file string, data []byte) {
	if harness != nil {
		harness.figure(file, data)
	}
}

// init sets the memory limit and takes the runner's descriptors. A
// generated program imports this package, so this runs before the init
// functions of the program's own package: a snippet's func init()
// already runs under the limit, and finds neither the key nor the
// descriptors where the runner put them.
func init() {
	state.snippet = -1
	state.start = time.Now()
	state.names = map[string]string{}
	if v := os.Getenv(EnvMemory); v != "" {
		limitMemory(v)
	}
	openChannel()
	if v := os.Getenv(EnvWritable); v != "" {
		if err := sandbox(v); err != nil {
			fmt.Fprintf(os.Stderr, "book: sandbox: %v\n", err)
			os.Exit(3)
		}
	}
	if channel.key != nil {
		state.nonce = MarkerNonce(channel.key)
		state.rec = channel.rec
		adoptOrphans()
	}
}

// Start prepares the program for the runner. Generated programs call it
// first and defer the function it returns, which reports a panic with the
// chapter position of the panicking frame.
func Start() func() {
	state.Lock()
	state.start = time.Now()
	state.figDir = os.Getenv(EnvFigDir)
	if p := os.Getenv(EnvRecords); p != "" && state.rec == nil {
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
		if err != nil {
			fmt.Fprintf(os.Stderr, "book: %v\n", err)
			os.Exit(3)
		}
		state.rec = f
	}
	state.Unlock()
	if harness != nil {
		harness.start()
	}
	return finish
}

func finish() {
	r := recover()
	if r == nil {
		return
	}
	stack := string(debug.Stack())
	write(Record{Kind: KindPanic, Msg: fmt.Sprint(r), Pos: panicPos(stack), Stack: stack})
	fmt.Fprintf(os.Stderr, "panic: %v\n\n%s", r, stack)
	os.Exit(2)
}

// panicPos finds the first stack frame that lies in a Markdown file: the
// line of the chapter where the panic happened.
func panicPos(stack string) string {
	for _, line := range strings.Split(stack, "\n") {
		line = strings.TrimSpace(line)
		if i := strings.Index(line, ".md:"); i >= 0 {
			pos := line
			if j := strings.LastIndex(pos, " +0x"); j >= 0 {
				pos = pos[:j]
			}
			return pos
		}
	}
	return ""
}

// Snippet marks the start of snippet i in both output streams. Under the
// runner it first looks for goroutines that a snippet started and that
// are still running: what they print from now on would land in snippet
// i's output, so each is recorded (kind "goroutine", at the line of its go
// statement) for the runner to report.
func Snippet(i int) {
	var alive []string
	if state.rec != nil {
		alive = lingering()
	}
	state.Lock()
	state.snippet = i
	state.Unlock()
	if state.nonce != "" {
		m := "\x00tally:" + state.nonce + ":" + strconv.Itoa(i) + "\x00"
		// The marks split the output by snippet; where the output is
		// gone, so is the runner that would read them.
		_, _ = os.Stdout.WriteString(m)
		_, _ = os.Stderr.WriteString(m)
	}
	write(Record{Kind: KindSnippet})
	for _, pos := range alive {
		write(Record{Kind: KindGoroutine, Pos: pos})
	}
}

// lingering returns the chapter positions of the go statements whose
// goroutines are still running, each once. A goroutine that is just
// returning (after wg.Done, say) is given a few milliseconds to end, so
// only goroutines that outlive their snippet are found.
func lingering() []string {
	alive := goroutinesFromChapters()
	for try := 0; len(alive) > 0 && try < 20; try++ {
		time.Sleep(time.Millisecond)
		alive = goroutinesFromChapters()
	}
	return alive
}

// goroutinesFromChapters reads every goroutine's stack and returns the
// positions in Markdown files of the go statements that started them.
func goroutinesFromChapters() []string {
	buf := make([]byte, 64<<10)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	var out []string
	seen := map[string]bool{}
	lines := strings.Split(string(buf), "\n")
	for i, l := range lines {
		if !strings.HasPrefix(l, "created by ") || i+1 == len(lines) {
			continue
		}
		pos := strings.TrimSpace(lines[i+1])
		if j := strings.LastIndex(pos, " +0x"); j >= 0 {
			pos = pos[:j]
		}
		if strings.Contains(pos, ".md:") && !seen[pos] {
			seen[pos] = true
			out = append(out, pos)
		}
	}
	return out
}

// End marks the normal end of the program.
func End() {
	Snippet(-2)
	write(Record{Kind: KindEnd})
	if state.rec != nil {
		_ = state.rec.Close() // the program ends; no one is left to tell
	}
}

func write(r Record) {
	state.Lock()
	defer state.Unlock()
	r.Snippet = state.snippet
	r.T = time.Since(state.start).Seconds()
	if harness != nil {
		harness.record(r)
		return
	}
	if state.rec == nil {
		if r.Kind == KindValue || r.Kind == KindFigure || r.Kind == KindError {
			b, _ := json.Marshal(r)
			fmt.Fprintf(os.Stderr, "book: %s\n", b)
		}
		return
	}
	b, err := json.Marshal(r)
	if err != nil {
		b, _ = json.Marshal(Record{Kind: KindError, Snippet: r.Snippet, T: r.T, Msg: err.Error()})
	}
	if channel.key == nil {
		// A failed write means the runner stopped reading; the runner
		// reports the program's end, so there is no one to tell here.
		_, _ = state.rec.Write(append(b, '\n'))
		return
	}
	_, _ = state.rec.Write(Sign(channel.key, channel.seq, b)) // as above
	channel.seq++
}

// caller returns the chapter position of the snippet line that called into
// this package, skip frames up.
func caller(skip int) string {
	_, file, line, ok := runtime.Caller(skip + 1)
	if !ok {
		return ""
	}
	return file + ":" + strconv.Itoa(line)
}

// The forms of names are read by hand, not with package regexp, which
// the book's program for the browser would compile at its start (see
// package check's scan.go); name_test.go checks each against its
// expression.

// isName reports whether s is [a-z][a-z0-9_]*: a value or figure name. A
// figure's name stays lower-case: it names a file, and two files that
// differ only in case are one file on macOS and Windows.
func isName(s string) bool { return nameOf(s, false) }

// isValueName reports whether s is [a-z][A-Za-z0-9_]*, the form of a
// value's name: a chapter parameter named in Go's camelCase (batchSize),
// which is published under its name, is a value name too.
func isValueName(s string) bool { return nameOf(s, true) }

func nameOf(s string, upper bool) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || upper && c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// ValidLang reports whether s is a language code such as ko, en or
// pt-BR ([a-z]{2,3}(-[A-Za-z]{2,4})?): the name of a translation's folder
// and of a figure's language variant.
func ValidLang(s string) bool {
	lang, region, dash := strings.Cut(s, "-")
	letters := func(s string, lower bool) bool {
		for i := 0; i < len(s); i++ {
			if c := s[i]; !(c >= 'a' && c <= 'z' || !lower && c >= 'A' && c <= 'Z') {
				return false
			}
		}
		return true
	}
	return len(lang) >= 2 && len(lang) <= 3 && letters(lang, true) &&
		(!dash || len(region) >= 2 && len(region) <= 4 && letters(region, false))
}

// ValidName reports an error unless name is a lower-case identifier
// ([a-z][a-z0-9_]*), the form of every value and figure name. Such a name
// is also a safe file name: it cannot hold a path separator or "..".
func ValidName(name string) error {
	if !isName(name) {
		return fmt.Errorf("book: name %q is not a lower-case identifier ([a-z][a-z0-9_]*)", name)
	}
	return nil
}

// ValidValueName reports an error unless name is a value's name: an
// identifier that starts with a lower-case letter ([a-z][A-Za-z0-9_]*).
func ValidValueName(name string) error {
	if !isValueName(name) {
		return fmt.Errorf("book: name %q is not an identifier that starts with a lower-case letter ([a-z][A-Za-z0-9_]*)", name)
	}
	return nil
}

// claimName reserves a name for a value or figure, and reports an error
// record when it is malformed or already taken.
func claimName(kind, name, pos string) bool {
	valid := ValidName
	if kind == "value" {
		valid = ValidValueName
	}
	if err := valid(name); err != nil {
		write(Record{Kind: KindError, Name: name, Pos: pos, Msg: kind + " " + strings.TrimPrefix(err.Error(), "book: ")})
		return false
	}
	state.Lock()
	first, dup := state.names[kind+":"+name]
	if !dup {
		state.names[kind+":"+name] = pos
	}
	state.Unlock()
	if dup {
		write(Record{Kind: KindError, Name: name, Pos: pos, Msg: fmt.Sprintf("%s %q published twice (first at %s)", kind, name, first)})
		return false
	}
	return true
}

// Publish records a named value. v may be any integer or floating-point
// number, a string, a bool, a slice of numbers (a vector), a slice of
// number slices (a table), a matrix (anything with Dims and At, such as
// *mat.Dense) or a vector (anything with Len and AtVec, such as
// *mat.VecDense). Anything else is an error record at the caller's line.
func Publish(name string, v any) {
	pos := caller(1)
	val, err := NewValue(v)
	if err != nil {
		write(Record{Kind: KindError, Name: name, Pos: pos, Msg: fmt.Sprintf("publish %q: %v", name, err)})
		return
	}
	if !claimName("value", name, pos) {
		return
	}
	write(Record{Kind: KindValue, Name: name, Value: &val, Pos: pos})
}

// FigureDir is the folder where figures must be written, or "" when the
// program runs outside tally.
func FigureDir() string { return state.figDir }

// RecordFigure records a figure that package figures has written into
// FigureDir under file. skip is the number of frames between the snippet's
// call and RecordFigure's caller.
func RecordFigure(name, file, caption, alt string, skip int) {
	pos := caller(skip + 1)
	if !claimName("figure", name, pos) {
		return
	}
	write(Record{Kind: KindFigure, Name: name, File: file, Caption: caption, Alt: alt, Pos: pos})
}

// FigureText returns the translations of figure text that the runner
// gathered from the book's translations of this chapter: language →
// English text → translated text. It is empty when the program runs by
// hand or the chapter has no translation with figure_text.
func FigureText() map[string]map[string]string {
	if harness != nil {
		return harness.figureText()
	}
	figText.once.Do(func() {
		p := os.Getenv(EnvFigText)
		if p == "" {
			return
		}
		b, err := os.ReadFile(p)
		if err == nil {
			err = json.Unmarshal(b, &figText.m)
		}
		if err != nil {
			write(Record{Kind: KindError, Msg: fmt.Sprintf("book: figure text: %v", err)})
		}
	})
	return figText.m
}

var figText struct {
	once sync.Once
	m    map[string]map[string]string
}

// RecordFigureVariant records the file of figure name drawn with the text
// of language lang. The figure itself must have been recorded first.
func RecordFigureVariant(name, lang, file string) {
	write(Record{Kind: KindFigureVariant, Name: name, Lang: lang, File: file})
}

// RecordMissingText records that figure name has text with no translation
// into lang, so the translator can be told.
func RecordMissingText(name, lang, text string) {
	write(Record{Kind: KindFigTextMissing, Name: name, Lang: lang, Msg: text})
}

// Errorf records an error at the position skip frames above its caller.
// Packages that help snippets (such as figures) use it to report misuse
// without stopping the chapter.
func Errorf(skip int, format string, args ...any) {
	write(Record{Kind: KindError, Pos: caller(skip + 1), Msg: fmt.Sprintf(format, args...)})
}
