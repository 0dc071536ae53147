//go:build js && wasm

package book

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"syscall/js"
	"time"

	"github.com/tally-book/tally/check"
)

// EnvRerun is the environment variable through which the page hands a
// re-run what it asks for, as JSON: the chapter (its slug), the parameters
// (name → value, written as with tally run -set) and the language of the
// page, "" for the book's own:
// {"chapter": "05-gradient-descent", "params": {"lr": "0.5"}, "lang": "ko"}.
const EnvRerun = "TALLY_RERUN"

// rerunRequest is the value of EnvRerun.
type rerunRequest struct {
	Chapter string            `json:"chapter"`
	Params  map[string]string `json:"params"`
	Lang    string            `json:"lang"`
}

// registered is a chapter of the book's browser program.
type registered struct {
	main   func()
	ch     RerunChapter
	params []RerunParam
}

// chapters are the chapters of the program, by slug (Register).
var chapters = map[string]registered{}

// Register adds a chapter to the book's browser program: main is its
// generated main function, ch what it knows of its prose, and params its
// parameters. The init function of each chapter's package calls it; the
// program's main then calls [RerunMain].
func Register(main func(), ch RerunChapter, params ...RerunParam) {
	chapters[ch.Chapter] = registered{main: main, ch: ch, params: params}
}

// RerunMain runs the chapter the page asks for (EnvRerun, or the request
// tallyWasmRequest hands it, see [request]) with its parameters, and hands
// the page its result. Every chapter's package has been initialised by
// then: what their package-level code published or drew is dropped, so
// that the run starts from the chapter's own main.
func RerunMain() {
	times.main = time.Now()
	var req rerunRequest
	s := request()
	times.asked = time.Now()
	if s != "" {
		if err := json.Unmarshal([]byte(s), &req); err != nil {
			h := newBrowser()
			harness = h
			h.fail("re-run: %s: %v", EnvRerun, err)
			h.send()
			return
		}
	}
	c, ok := chapters[req.Chapter]
	if !ok {
		h := newBrowser()
		harness = h
		h.res.Chapter = req.Chapter
		var have []string
		for s := range chapters {
			have = append(have, s)
		}
		sort.Strings(have)
		h.fail("the book's program for the browser has no chapter %q (it has %s): the page and the program come from different builds; build the site again with tally build",
			req.Chapter, strings.Join(have, ", "))
		h.send()
		return
	}
	state.Lock()
	state.names = map[string]string{}
	state.snippet = -1
	state.Unlock()
	rerun(c.ch, req, c.params...)
	c.main()
}

// times are the moments of a run that the result reports (rerunTimes).
var times struct{ main, asked time.Time }

// rerunTimes is when the phases of a run ended, in milliseconds since
// 1970 (the clock of the page's Date.now): the page shows them in its
// performance timeline (rerun-wasm.js). Start is when the Go runtime had
// started (package time's init, among the first: what precedes it is not
// counted), Main when every package's init had run and RerunMain began,
// Asked when the request came (a program started ahead waits for the
// click), Done when the result was ready.
type rerunTimes struct {
	Start float64 `json:"start"`
	Main  float64 `json:"main"`
	Asked float64 `json:"asked"`
	Done  float64 `json:"done"`
}

// newRerunTimes returns the times of the run that ends now.
func newRerunTimes() *rerunTimes {
	ms := func(t time.Time) float64 { return float64(t.UnixNano()) / 1e6 }
	t := &rerunTimes{Main: ms(times.main), Asked: ms(times.asked), Done: ms(time.Now())}
	if up, ok := sinceStart(times.main); ok {
		t.Start = ms(times.main.Add(-up))
	}
	return t
}

// request returns what the page asks the program to run, as JSON: the
// value of EnvRerun when the page set it, or else what the promise that
// the page's function tallyWasmRequest returns resolves to. The page's
// worker starts the next program as soon as a run ends, with no EnvRerun:
// the Go runtime and every package's init (those of all the book's
// chapters, tally's and their imports: most of a program's start) run
// then, while the reader reads, and the program waits here for the next
// click, which only runs its chapter.
func request() string {
	if s, ok := os.LookupEnv(EnvRerun); ok {
		return s
	}
	f := js.Global().Get("tallyWasmRequest")
	if f.Type() != js.TypeFunction {
		return ""
	}
	got := make(chan string, 1)
	then := js.FuncOf(func(_ js.Value, args []js.Value) any {
		s := ""
		if len(args) > 0 && args[0].Type() == js.TypeString {
			s = args[0].String()
		}
		got <- s
		return nil
	})
	defer then.Release()
	f.Invoke().Call("then", then)
	return <-got
}

// RerunChapter is what the program of a chapter compiled for the browser
// knows of its chapter beyond its code: the claims of its prose and its
// output blocks, so that it can check them again under new parameters.
// The runner generates it, with every claim and output block of the
// chapter, into the program's init function.
type RerunChapter struct {
	Chapter string        // the chapter's slug, e.g. "05-gradient-descent"
	Path    string        // its file, e.g. "chapters/05-gradient-descent.md"
	Claims  []RerunClaim  // every claim, in the order of the chapter: claim i of the page
	Outputs []RerunOutput // every output block

	Translations map[string]RerunTranslation // by language
}

// RerunTranslation is a translation of the chapter: a page in another
// language, with claims of its own and the figure text of its language.
type RerunTranslation struct {
	Path       string            // e.g. "chapters/ko/05-gradient-descent.md"
	Claims     []RerunClaim      // the translation's claims, in its order
	FigureText map[string]string // English figure text → translated
}

// RerunClaim is a claim of the prose as the runner parsed it.
type RerunClaim struct {
	Line int    // line of the claim comment
	Text string // the number as written, e.g. "0.0975", or a statement's text
	Body string // the comment between <!--= and -->, e.g. "loss ±0.01"; for a statement "?name"
}

// RerunOutput is an output block: what a snippet must print.
type RerunOutput struct {
	Snippet   int    // index of the snippet among the chapter's fenced blocks
	Line      int    // line of the output block
	Want      string // its text
	Unordered bool   // "output unordered"
}

// RerunParam is a parameter of the chapter that the page may change: its
// name, the line that declares it, and how to set its Go variable.
type RerunParam struct {
	Name string
	Line int
	set  func(s string) error
}

// NewParam describes the parameter name, declared at line of the
// chapter, whose variable is *p and whose values are those of d (the
// type of the book's value, and a range or choices).
func NewParam[T int | float64 | string | bool](name string, p *T, line int, d check.Domain) RerunParam {
	return RerunParam{Name: name, Line: line,
		set: func(s string) error {
			v, err := d.Parse(s)
			if err != nil {
				return fmt.Errorf("%s=%s: %w", name, s, err)
			}
			x, ok := v.(T)
			if !ok {
				return fmt.Errorf("%s=%s: not a %T", name, s, *p)
			}
			*p = x
			return nil
		}}
}

// rerun prepares a re-run of the chapter in the browser: it sets the
// parameters the page asked for and keeps the claims and output blocks of
// the chapter, or of its translation in the page's language, for the end
// of the run. RerunMain calls it after every package's init, before the
// chapter's main.
func rerun(ch RerunChapter, req rerunRequest, params ...RerunParam) {
	h := newBrowser()
	h.ch = ch
	harness = h
	h.res.Chapter = ch.Chapter
	if req.Params != nil {
		h.res.Params = req.Params
	}
	h.claims, h.claimPath = ch.Claims, ch.Path
	if req.Lang != "" {
		tr, ok := ch.Translations[req.Lang]
		if !ok {
			h.fail("%s: no translation into %q", ch.Path, req.Lang)
			return
		}
		h.lang, h.claims, h.claimPath = req.Lang, tr.Claims, tr.Path
		if len(tr.FigureText) > 0 {
			h.figText = map[string]map[string]string{req.Lang: tr.FigureText}
		}
	}
	byName := map[string]RerunParam{}
	for _, p := range params {
		byName[p.Name] = p
	}
	names := make([]string, 0, len(req.Params))
	for n := range req.Params {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		p, ok := byName[n]
		if !ok {
			h.fail("%s: the chapter has no parameter %s", ch.Path, n)
			continue
		}
		if err := p.set(req.Params[n]); err != nil {
			h.fail("%s:%d: %v", ch.Path, p.Line, err)
		}
	}
}

// browser is the harness of a re-run: it collects what the program
// publishes and prints, and hands the page a RerunResult at the end.
type browser struct {
	ch        RerunChapter
	lang      string // the page's language, "" for the book's
	claims    []RerunClaim
	claimPath string // the file of the claims
	figText   map[string]map[string]string
	values    map[string]Value
	figs      map[string][]byte // SVG by file name
	figOrder  []rerunRecordFig
	out, err  map[int]*strings.Builder // standard output and error per snippet
	order     []int                    // snippets in the order they ran
	prev      int                      // the snippet that was running
	errs      []string
	sent      bool
	res       rerunResult
	losses    []any     // losses given to Progress since it last reached the page
	reported  time.Time // when Progress last reached the page
}

func newBrowser() *browser {
	return &browser{values: map[string]Value{}, figs: map[string][]byte{},
		out: map[int]*strings.Builder{}, err: map[int]*strings.Builder{}, prev: -1,
		res: rerunResult{Params: map[string]string{}}}
}

type rerunRecordFig struct{ name, file, variant string }

// rerunResult is the RerunResult of the re-run contract (JSON).
type rerunResult struct {
	Chapter  string            `json:"chapter"`
	Params   map[string]string `json:"params"`
	Error    string            `json:"error"`
	Snippets []rerunSnippet    `json:"snippets"`
	Figures  []rerunFigure     `json:"figures"`
	Claims   []rerunClaim      `json:"claims"`
	Summary  string            `json:"summary"`
	Times    *rerunTimes       `json:"times,omitempty"`
}

type rerunSnippet struct {
	Index  int               `json:"index"`
	Stdout string            `json:"stdout"`
	Stderr string            `json:"stderr,omitempty"`
	Output check.RerunStatus `json:"output"` // holds, changed or none (no output block)
	Note   string            `json:"note,omitempty"`
}

type rerunFigure struct {
	Name string `json:"name"`
	Src  string `json:"src"`
	Type string `json:"type"`
}

type rerunClaim struct {
	Index   int               `json:"index"`
	Name    string            `json:"name"`
	Written string            `json:"written"`
	Value   string            `json:"value"`
	Status  check.RerunStatus `json:"status"` // holds, changed or error
	Note    string            `json:"note,omitempty"`
}

func init() {
	// A program compiled for the browser without a chapter (a test)
	// still hands its figures over instead of writing files.
	harness = newBrowser()
}

// progress hands the page the losses since the last report, with the
// step and the total, when a tenth of a second has passed or the
// computation ends (tallyWasmProgress, set by rerun-wasm.js).
func (h *browser) progress(step, total int, loss float64) {
	h.losses = append(h.losses, loss)
	if now := time.Now(); step >= total || now.Sub(h.reported) >= 100*time.Millisecond {
		h.reported = now
		if f := js.Global().Get("tallyWasmProgress"); f.Type() == js.TypeFunction {
			f.Invoke(step, total, js.ValueOf(h.losses))
		}
		h.losses = h.losses[:0]
	}
}

func (h *browser) fail(format string, args ...any) {
	h.errs = append(h.errs, fmt.Sprintf(format, args...))
}

// start ends the run at once when the parameters were refused: nothing
// runs.
func (h *browser) start() {
	if len(h.errs) > 0 {
		h.send()
		os.Exit(0)
	}
}

func (h *browser) figure(file string, data []byte) { h.figs[file] = data }

func (h *browser) figureText() map[string]map[string]string { return h.figText }

func (h *browser) record(r Record) {
	switch r.Kind {
	case KindSnippet:
		h.take()
		h.prev = r.Snippet
		if r.Snippet >= 0 {
			h.order = append(h.order, r.Snippet)
			// The page says which snippet runs (tallyWasmSnippet, set by
			// rerun-wasm.js): a run shows progress from its start.
			if f := js.Global().Get("tallyWasmSnippet"); f.Type() == js.TypeFunction {
				f.Invoke(r.Snippet)
			}
		}
	case KindValue:
		h.values[r.Name] = *r.Value
	case KindFigure:
		h.figOrder = append(h.figOrder, rerunRecordFig{name: r.Name, file: r.File})
	case KindFigureVariant:
		for i := range h.figOrder {
			if f := &h.figOrder[i]; f.name == r.Name && r.Lang == h.lang {
				f.variant = r.File
			}
		}
	case KindError:
		h.fail("%s: %s", h.pos(r), r.Msg)
	case KindPanic:
		h.take()
		h.fail("%s: panic: %s", h.pos(r), r.Msg)
		h.send()
	case KindEnd:
		h.send()
	}
}

// pos is the chapter position of a record: its own, or the line of the
// snippet that was running.
func (h *browser) pos(r Record) string {
	if strings.Contains(r.Pos, ".md:") {
		return r.Pos
	}
	return h.ch.Path
}

// take moves what the program printed since the last call from the
// page's buffers (tallyWasmTake, set by rerun-wasm.js) to the snippet that
// printed it.
func (h *browser) take() {
	f := js.Global().Get("tallyWasmTake")
	if f.Type() != js.TypeFunction {
		return
	}
	for fd, to := range map[int]map[int]*strings.Builder{1: h.out, 2: h.err} {
		b := f.Invoke(fd)
		if b.Type() != js.TypeObject || b.Length() == 0 {
			continue
		}
		buf := make([]byte, b.Length())
		js.CopyBytesToGo(buf, b)
		sb := to[h.prev]
		if sb == nil {
			sb = &strings.Builder{}
			to[h.prev] = sb
		}
		sb.Write(buf)
	}
}

// text is what snippet i printed on one stream; what package
// initialisation printed belongs to the first snippet that ran.
func (h *browser) text(stream map[int]*strings.Builder, i int) string {
	s := ""
	if len(h.order) > 0 && i == h.order[0] && stream[-1] != nil {
		s = stream[-1].String()
	}
	if b := stream[i]; b != nil {
		s += b.String()
	}
	return s
}

// send checks the claims and output blocks and hands the result to the
// page (tallyWasmResult), once. It has the shape of tally serve's
// (runner.RerunResult): a run that failed has only its error.
func (h *browser) send() {
	if h.sent {
		return
	}
	h.sent = true
	res := &h.res
	res.Snippets, res.Figures, res.Claims = []rerunSnippet{}, []rerunFigure{}, []rerunClaim{}
	if len(h.errs) > 0 {
		res.Error = strings.Join(h.errs, "\n")
		h.post()
		return
	}
	want := map[int]RerunOutput{}
	for _, o := range h.ch.Outputs {
		want[o.Snippet] = o
	}
	for _, i := range h.order {
		s := rerunSnippet{Index: i, Stdout: h.text(h.out, i), Stderr: h.text(h.err, i), Output: check.RerunNone}
		if o, ok := want[i]; ok {
			s.Output = check.RerunHolds
			if err := check.CompareOutput(s.Stdout, o.Want, o.Unordered); err != nil {
				s.Output, s.Note = check.RerunChanged, err.Error()
			}
		}
		res.Snippets = append(res.Snippets, s)
	}
	for _, f := range h.figOrder {
		file := f.file
		if f.variant != "" {
			file = f.variant
		}
		if data, ok := h.figs[file]; ok {
			res.Figures = append(res.Figures, rerunFigure{Name: f.name, Type: "image/svg+xml",
				Src: "data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString(data)})
		}
	}
	counts := map[check.Status]int{}
	for i, rc := range h.claims {
		out := rerunClaim{Index: i, Written: rc.Text, Status: check.RerunError}
		c, err := check.ParseMark(rc.Body, rc.Text)
		status := check.Error
		if err != nil {
			out.Note = fmt.Sprintf("%s:%d: %v", h.claimPath, rc.Line, err)
		} else {
			r := check.Check(c, h.values, len(res.Params) > 0)
			status, out.Name, out.Value = r.Status, c.Ref(), r.Shown
			out.Note = strings.TrimSuffix(r.Message, overriddenSuffix)
			out.Status = r.Status.Rerun()
		}
		counts[status]++
		res.Claims = append(res.Claims, out)
	}
	res.Summary = check.Summary(res.Params, counts[check.Pass], counts[check.Info], counts[check.Fail], counts[check.Error])
	h.post()
}

// overriddenSuffix ends the messages of claims that changed under
// overrides; the page already says the parameters are overridden.
const overriddenSuffix = " (parameters overridden)"

// post hands the result to the page.
func (h *browser) post() {
	if !times.main.IsZero() {
		h.res.Times = newRerunTimes()
	}
	b, err := json.Marshal(&h.res)
	if err != nil {
		b, _ = json.Marshal(rerunResult{Chapter: h.res.Chapter, Params: h.res.Params, Error: err.Error()})
	}
	if f := js.Global().Get("tallyWasmResult"); f.Type() == js.TypeFunction {
		f.Invoke(string(b))
	}
}
