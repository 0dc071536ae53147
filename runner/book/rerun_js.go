//go:build js && wasm

package book

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"syscall/js"

	"github.com/tally-book/tally/runner/check"
)

// EnvParams is the environment variable through which the page hands a
// re-run its parameters: a JSON object of name → value, the values
// written as with tally run -set ({"lr": "0.5"}).
const EnvParams = "TALLY_PARAMS"

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
}

// RerunClaim is a claim of the prose as the runner parsed it.
type RerunClaim struct {
	Line int    // line of the claim comment
	Text string // the number as written, e.g. "0.0975"
	Body string // the comment between <!--= and -->, e.g. "loss ±0.01"
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
	get  func() string
}

// NewParam describes the parameter name, declared at line of the chapter,
// whose variable is *p.
func NewParam[T int | float64 | string | bool](name string, p *T, line int) RerunParam {
	return RerunParam{Name: name, Line: line,
		get: func() string { return fmt.Sprint(*p) },
		set: func(s string) error {
			var v any
			var err error
			switch any(*p).(type) {
			case int:
				v, err = strconv.Atoi(s)
			case float64:
				v, err = strconv.ParseFloat(s, 64)
			case bool:
				v, err = strconv.ParseBool(s)
			default:
				v = s
			}
			if err != nil {
				kind := map[string]string{"int": "an integer", "float64": "a number", "bool": "true or false"}[fmt.Sprintf("%T", *p)]
				return fmt.Errorf("%s=%s: want %s, like %v", name, s, kind, *p)
			}
			*p = v.(T)
			return nil
		}}
}

// Rerun prepares a re-run of the chapter in the browser: it sets the
// parameters the page asked for (EnvParams) and keeps the chapter's
// claims and output blocks for the end of the run. The generated program
// calls it from init, before main.
func Rerun(ch RerunChapter, params ...RerunParam) {
	h := &browser{ch: ch, params: params, values: map[string]Value{}, figs: map[string][]byte{},
		out: map[int]*strings.Builder{}, prev: -1}
	harness = h
	h.res.Chapter, h.res.Params = ch.Chapter, map[string]string{}
	if s := os.Getenv(EnvParams); s != "" {
		if err := json.Unmarshal([]byte(s), &h.res.Params); err != nil {
			h.fail("%s: parameters: %v", ch.Path, err)
			return
		}
	}
	byName := map[string]RerunParam{}
	for _, p := range params {
		byName[p.Name] = p
	}
	names := make([]string, 0, len(h.res.Params))
	for n := range h.res.Params {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		p, ok := byName[n]
		if !ok {
			h.fail("%s: the chapter has no parameter %s", ch.Path, n)
			continue
		}
		book := p.get()
		if err := p.set(h.res.Params[n]); err != nil {
			h.fail("%s:%d: %v", ch.Path, p.Line, err)
			continue
		}
		if p.get() != book {
			h.overridden = append(h.overridden, n+"="+h.res.Params[n])
		}
	}
}

// browser is the harness of a re-run: it collects what the program
// publishes and prints, and hands the page a RerunResult at the end.
type browser struct {
	ch         RerunChapter
	params     []RerunParam
	overridden []string // name=value of the parameters that differ from the book's
	values     map[string]Value
	figs       map[string][]byte
	figOrder   []rerunRecordFig
	out        map[int]*strings.Builder // standard output per snippet
	order      []int                    // snippets in the order they ran
	prev       int                      // the snippet that was running
	errs       []string
	sent       bool
	res        rerunResult
}

type rerunRecordFig struct{ name, file string }

// rerunResult is the RerunResult of the re-run contract (JSON).
type rerunResult struct {
	Chapter  string            `json:"chapter"`
	Params   map[string]string `json:"params"`
	Error    string            `json:"error"`
	Snippets []rerunSnippet    `json:"snippets"`
	Figures  []rerunFigure     `json:"figures"`
	Claims   []rerunClaim      `json:"claims"`
	Summary  string            `json:"summary"`
}

type rerunSnippet struct {
	Index  int    `json:"index"`
	Stdout string `json:"stdout"`
	Output string `json:"output"` // "holds", "changed" or "none" (no output block)
	Note   string `json:"note,omitempty"`
}

type rerunFigure struct {
	Name string `json:"name"`
	Src  string `json:"src"`
}

type rerunClaim struct {
	Index   int    `json:"index"`
	Name    string `json:"name"`
	Written string `json:"written"`
	Value   string `json:"value"`
	Status  string `json:"status"` // "holds", "changed" or "error"
	Note    string `json:"note,omitempty"`
}

func init() {
	// A program compiled for the browser without a chapter (a test)
	// still hands its figures over instead of writing files.
	harness = &browser{values: map[string]Value{}, figs: map[string][]byte{}, out: map[int]*strings.Builder{}, prev: -1}
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

func (h *browser) record(r Record) {
	switch r.Kind {
	case "snippet":
		h.take()
		h.prev = r.Snippet
		if r.Snippet >= 0 {
			h.order = append(h.order, r.Snippet)
		}
	case "value":
		h.values[r.Name] = *r.Value
	case "figure":
		h.figOrder = append(h.figOrder, rerunRecordFig{r.Name, r.File})
	case "error":
		h.fail("%s: %s", h.pos(r), r.Msg)
	case "panic":
		h.take()
		h.fail("%s: panic: %s", h.pos(r), r.Msg)
		h.send()
	case "end":
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

// take moves what the program printed since the last call from the page's
// buffer (tallyWasmTake, set by rerun-wasm.js) to the snippet that
// printed it. Standard error stays in the browser's console.
func (h *browser) take() {
	f := js.Global().Get("tallyWasmTake")
	if f.Type() != js.TypeFunction {
		return
	}
	b := f.Invoke(1)
	if b.Type() != js.TypeObject || b.Length() == 0 {
		return
	}
	buf := make([]byte, b.Length())
	js.CopyBytesToGo(buf, b)
	sb := h.out[h.prev]
	if sb == nil {
		sb = &strings.Builder{}
		h.out[h.prev] = sb
	}
	sb.Write(buf)
}

// send checks the claims and output blocks and hands the result to the
// page (tallyWasmResult), once.
func (h *browser) send() {
	if h.sent {
		return
	}
	h.sent = true
	res := &h.res
	res.Error = strings.Join(h.errs, "\n")
	res.Snippets, res.Figures, res.Claims = []rerunSnippet{}, []rerunFigure{}, []rerunClaim{}
	if len(h.order) > 0 && h.out[-1] != nil {
		// What package initialisation printed belongs to the first snippet.
		first := h.out[h.order[0]]
		if first == nil {
			first = &strings.Builder{}
			h.out[h.order[0]] = first
		}
		s := h.out[-1].String() + first.String()
		first.Reset()
		first.WriteString(s)
	}
	want := map[int]RerunOutput{}
	for _, o := range h.ch.Outputs {
		want[o.Snippet] = o
	}
	for _, i := range h.order {
		s := rerunSnippet{Index: i, Output: "none"}
		if b := h.out[i]; b != nil {
			s.Stdout = b.String()
		}
		if o, ok := want[i]; ok {
			s.Output = "holds"
			if err := check.CompareOutput(s.Stdout, o.Want, o.Unordered); err != nil {
				s.Output, s.Note = "changed", fmt.Sprintf("the output block at line %d differs from what this run prints", o.Line)
			}
		}
		res.Snippets = append(res.Snippets, s)
	}
	for _, f := range h.figOrder {
		if data, ok := h.figs[f.file]; ok {
			res.Figures = append(res.Figures, rerunFigure{Name: f.name, Src: "data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString(data)})
		}
	}
	counts := map[string]int{}
	for i, rc := range h.ch.Claims {
		out := rerunClaim{Index: i, Written: rc.Text, Status: "error"}
		c, err := check.ParseClaim(rc.Body)
		if err == nil {
			c.Written, err = check.ParseWritten(rc.Text)
		}
		if err != nil {
			out.Note = err.Error()
		} else {
			out.Name = c.Ref()
			r := check.Check(c, h.values, len(h.overridden) > 0)
			if r.Status != "error" {
				out.Value = strconv.FormatFloat(r.Computed, 'g', -1, 64)
			}
			out.Note = r.Message
			switch r.Status {
			case "pass":
				out.Status = "holds"
			case "fail", "info":
				out.Status = "changed"
			}
		}
		counts[out.Status]++
		res.Claims = append(res.Claims, out)
	}
	res.Summary = check.Summary(h.overridden, counts["holds"], counts["changed"], counts["error"])
	b, err := json.Marshal(res)
	if err != nil {
		b, _ = json.Marshal(rerunResult{Chapter: res.Chapter, Params: res.Params, Error: err.Error()})
	}
	if f := js.Global().Get("tallyWasmResult"); f.Type() == js.TypeFunction {
		f.Invoke(string(b))
	}
}
