package site

import (
	"strconv"
	"strings"
	"time"

	"github.com/tally-book/tally/runner"
	"github.com/tally-book/tally/runner/chapter"
)

// rerunPanel is the parameter panel of a chapter page whose chapter has
// parameters: the reader changes them and runs the chapter again, under
// tally serve on the server (see [ServeOptions].Rerun) and in the static
// site in the browser (assets/rerun-wasm.js). The page's script
// (assets/rerun.js) then swaps in the outputs, figures and claim marks the
// run gave, which it finds by their data-snippet, data-figure and
// data-claim attributes.
type rerunPanel struct {
	Chapter string // the slug of the chapter whose code runs
	Lang    string // the translation's language on a translation's page, whose claims are its own; "" otherwise
	Mode    string // "wasm", or "serve-only" when the front matter says rerun: serve-only
	Timeout string // the chapter's time limit in seconds, for a re-run in the browser; "" when the site has no browser program for it
	Program string // the book's browser program, without extension (wasm/book-HASH); "" when the site has none for it
	Data    string // the data files the page loads for a run, space-separated site paths (data/…)
	Params  []panelParam
}

// panelParam is one parameter in the panel.
type panelParam struct {
	Name    string
	ID      string // of its input
	Kind    string // "int", "float", "bool" or "string"
	Value   string // the book's value, as -set writes it
	Min     string // "" when not declared
	Max     string
	Step    string // "" when not declared
	Log     bool
	Choices []string
}

// Slider reports whether the parameter gets a slider: a number with both
// bounds declared.
func (p panelParam) Slider() bool { return p.Min != "" && p.Max != "" }

// newRerunPanel returns the panel of the page of a chapter whose code
// runs (code), or nil when that chapter has no parameters. tr is the
// translation on a translation's page, whose claims are its own, and nil
// otherwise; the site's options say whether the browser program runs the
// chapter, and its time limit.
func newRerunPanel(code *chapter.Chapter, tr *chapter.Translation, opts *Options) *rerunPanel {
	params := code.Meta.Params
	if len(params) == 0 {
		return nil
	}
	rp := &rerunPanel{Chapter: code.Slug, Mode: "wasm"}
	if code.Meta.Rerun == chapter.RerunServeOnly {
		rp.Mode = chapter.RerunServeOnly
	}
	if tr != nil {
		rp.Lang = tr.Lang
	}
	if w := opts.Wasm; w != nil && w.Chapters[code.Slug] && rp.Mode == "wasm" {
		rp.Program = "wasm/" + w.Name()
		var data []string
		for _, d := range code.Meta.Data {
			data = append(data, DataPath(d))
		}
		rp.Data = strings.Join(data, " ")
		limit := opts.Timeout
		if code.Meta.Timeout > 0 {
			limit = time.Duration(code.Meta.Timeout)
		}
		if limit <= 0 {
			limit = runner.DefaultTimeout
		}
		rp.Timeout = strconv.FormatFloat(limit.Seconds(), 'f', -1, 64)
	}
	num := func(f *float64) string {
		if f == nil {
			return ""
		}
		return strconv.FormatFloat(*f, 'g', -1, 64)
	}
	for _, q := range params {
		pp := panelParam{Name: q.Name, ID: "t_param_" + q.Name, Kind: q.Kind(), Value: q.Text(),
			Min: num(q.Min), Max: num(q.Max), Log: q.Log}
		if q.Step > 0 {
			pp.Step = strconv.FormatFloat(q.Step, 'g', -1, 64)
		}
		for _, c := range q.Choices {
			pp.Choices = append(pp.Choices, chapter.Param{Value: c}.Text())
		}
		if q.Kind() == "bool" && len(pp.Choices) == 0 {
			pp.Choices = []string{"false", "true"}
		}
		rp.Params = append(rp.Params, pp)
	}
	return rp
}
