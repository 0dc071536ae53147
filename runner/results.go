package runner

import (
	"time"

	"github.com/tally-book/tally/book"
	"github.com/tally-book/tally/check"
	"github.com/tally-book/tally/runner/chapter"
)

// Results is what a build writes to results.json. Cache, RanAt, Duration
// and Elapsed say how this build got a chapter's run; [Results.Reproducible]
// leaves them out.
type Results struct {
	GoVersion    string               `json:"go_version"`
	Chapters     []*ChapterResult     `json:"chapters"`
	Translations []*TranslationResult `json:"translations,omitempty"`
}

// ChapterResult is everything one chapter's run produced and every check
// made against it.
type ChapterResult struct {
	Path      string                `json:"path"`
	Slug      string                `json:"slug"`
	Title     string                `json:"title"`
	Key       string                `json:"key,omitempty"`      // cache key of the run
	Cache     string                `json:"cache,omitempty"`    // "hit", "miss" or "none" (nothing to run, or a failure)
	RanAt     time.Time             `json:"ran_at,omitzero"`    // when the code ran (from the cache on a hit)
	Duration  float64               `json:"duration,omitempty"` // seconds the code took to run when it ran
	Elapsed   float64               `json:"elapsed,omitempty"`  // seconds this call took
	Params    []chapter.Param       `json:"params,omitempty"`   // parameter values of the run
	Overrides map[string]string     `json:"overrides,omitempty"`
	Snippets  []SnippetResult       `json:"snippets"`
	Values    []ValueResult         `json:"values"`
	Claims    []chapter.ClaimResult `json:"claims"`
	Figures   []FigureResult        `json:"figures"`
	Errors    chapter.ErrorList     `json:"errors,omitempty"`
	// MissingText lists figure text that a translation's figure_text does
	// not translate.
	MissingText []MissingText `json:"missing_figure_text,omitempty"`

	Chapter *chapter.Chapter `json:"-"` // the parsed chapter
}

// SnippetResult is one fenced block of a chapter and what running it gave.
type SnippetResult struct {
	Index     int          `json:"index"`
	Line      int          `json:"line"` // first code line
	Lang      string       `json:"lang"`
	Ran       bool         `json:"ran"`
	Duration  float64      `json:"duration,omitempty"` // seconds
	Stdout    string       `json:"stdout,omitempty"`
	Stderr    string       `json:"stderr,omitempty"`
	StdoutCut int64        `json:"stdout_cut,omitempty"` // bytes dropped past the limit
	StderrCut int64        `json:"stderr_cut,omitempty"`
	Output    *OutputCheck `json:"output,omitempty"` // the expected output block, if any
}

// OutputCheck is the comparison of a snippet's output with the output block
// after it.
type OutputCheck struct {
	Line    int          `json:"line"`
	Status  check.Status `json:"status"` // check.Pass, Fail, or Info under overrides
	Message string       `json:"message,omitempty"`
}

// ValueResult is a published value.
type ValueResult struct {
	Name  string      `json:"name"`
	Value book.Value  `json:"value"`
	Pos   chapter.Pos `json:"pos"` // where it was published
}

// MissingText is a piece of a figure's text with no translation.
type MissingText struct {
	Lang   string `json:"lang"`
	Figure string `json:"figure"`
	Text   string `json:"text"`
}

// FigureResult is a published figure.
type FigureResult struct {
	Name     string            `json:"name"`
	File     string            `json:"file"`               // file name, e.g. "loss.png"
	Variants map[string]string `json:"variants,omitempty"` // language → file drawn with that language's text, e.g. "ko": "loss.ko.png", next to File
	Caption  string            `json:"caption,omitempty"`
	Alt      string            `json:"alt"`
	Pos      chapter.Pos       `json:"pos"`
	Path     string            `json:"-"` // where the file is now, in the cache
}

// Reproducible returns a copy of the results without what depends on how
// and when they were obtained (ran or from the cache, when, how long), so
// that two builds with the same sources and the same results of their
// runs give the same copy. A site is built from it.
func (r *Results) Reproducible() *Results {
	out := *r
	out.Chapters = make([]*ChapterResult, len(r.Chapters))
	copies := map[*ChapterResult]*ChapterResult{}
	for i, ch := range r.Chapters {
		c := *ch
		c.Cache, c.RanAt, c.Duration, c.Elapsed = "", time.Time{}, 0, 0
		c.Snippets = append([]SnippetResult(nil), ch.Snippets...)
		for j := range c.Snippets {
			c.Snippets[j].Duration = 0
		}
		out.Chapters[i] = &c
		copies[ch] = &c
	}
	out.Translations = make([]*TranslationResult, len(r.Translations))
	for i, tr := range r.Translations {
		t := *tr
		if c, ok := copies[tr.SourceRun]; ok {
			t.SourceRun = c
		}
		out.Translations[i] = &t
	}
	return &out
}

// Ran reports whether the chapter's code ran (or came from the cache of a
// run): false when it has no code to run, or failed before running it.
func (r *ChapterResult) Ran() bool {
	for _, s := range r.Snippets {
		if s.Ran {
			return true
		}
	}
	return false
}

// OK reports whether the chapter ran without error and every check passed.
func (r *ChapterResult) OK() bool {
	if len(r.Errors) > 0 {
		return false
	}
	for _, c := range r.Claims {
		if c.Failed() {
			return false
		}
	}
	for _, s := range r.Snippets {
		if s.Output != nil && s.Output.Status == check.Fail {
			return false
		}
	}
	return true
}

// Value returns the published value called name.
func (r *ChapterResult) Value(name string) (book.Value, bool) {
	for _, v := range r.Values {
		if v.Name == name {
			return v.Value, true
		}
	}
	return book.Value{}, false
}

// Problems lists every failure of the chapter as positioned errors: run
// errors, false claims and differing outputs, sorted by line.
func (r *ChapterResult) Problems() chapter.ErrorList {
	errs := append(chapter.ErrorList(nil), r.Errors...)
	for _, c := range r.Claims {
		if c.Failed() {
			errs.Add(chapter.Pos{File: r.Path, Line: c.Line}, "%s", c.Message)
		}
	}
	for _, s := range r.Snippets {
		if s.Output != nil && s.Output.Status == check.Fail {
			errs.Add(chapter.Pos{File: r.Path, Line: s.Output.Line}, "%s", s.Output.Message)
		}
	}
	errs.Sort()
	return errs
}
