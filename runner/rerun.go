package runner

import (
	"strings"

	"github.com/tally-book/tally/check"
	"github.com/tally-book/tally/runner/chapter"
)

// RerunResult is what a page's parameter panel receives after a chapter
// ran with a reader's overrides: the new outputs, figures and claim
// checks, by the indexes the page marks them with. tally serve sends it as
// JSON, and the static site's re-run in the browser makes the same shape.
type RerunResult struct {
	Chapter  string            `json:"chapter"`  // the chapter's slug
	Params   map[string]string `json:"params"`   // the overrides, as given
	Error    string            `json:"error"`    // why the run failed, at chapter.md:LINE; "" when it ran
	Snippets []RerunSnippet    `json:"snippets"` // every snippet that ran
	Figures  []RerunFigure     `json:"figures"`
	Claims   []RerunClaim      `json:"claims"` // every claim of the page, in order
	Summary  string            `json:"summary"`
}

// RerunSnippet is what a snippet printed under the overrides.
type RerunSnippet struct {
	Index  int               `json:"index"` // the snippet's index among the chapter's fenced blocks (Snippet.Index)
	Stdout string            `json:"stdout"`
	Stderr string            `json:"stderr,omitempty"`
	Output check.RerunStatus `json:"output"`         // the output block after it: holds, changed or none (no block)
	Note   string            `json:"note,omitempty"` // how the output differs from the block
}

// RerunFigure is a figure drawn by the run.
type RerunFigure struct {
	Name string `json:"name"`
	Src  string `json:"src"`  // a URL or a data: URL, set by whoever serves the result
	Path string `json:"-"`    // the figure's file, in the edition's language
	Type string `json:"type"` // its media type, image/png or image/svg+xml
}

// RerunClaim is a claim of the page checked against the run.
type RerunClaim struct {
	Index   int               `json:"index"` // the claim's index in the page's chapter (Chapter.Claims)
	Name    string            `json:"name"`  // the value it names, with its index: loss, grad[0]
	Written string            `json:"written"`
	Value   string            `json:"value"`  // the computed number, in the written units
	Status  check.RerunStatus `json:"status"` // holds, changed or error
	Note    string            `json:"note,omitempty"`
}

// overriddenSuffix ends the messages of claims and outputs that changed
// under overrides; a page already says the parameters are overridden.
const overriddenSuffix = " (parameters overridden)"

// NewRerunResult turns a run with overrides into what a page needs. When
// tr is not nil, the page is that translation's and the claims are its
// own (checked against res), and figures are those drawn in its language.
func NewRerunResult(res *ChapterResult, tr *TranslationResult) *RerunResult {
	out := &RerunResult{Chapter: res.Slug, Params: res.Overrides, Snippets: []RerunSnippet{}, Figures: []RerunFigure{}, Claims: []RerunClaim{}}
	if out.Params == nil {
		out.Params = map[string]string{}
	}
	if len(res.Errors) > 0 {
		out.Error = res.Errors.Error()
		return out
	}
	for _, s := range res.Snippets {
		if !s.Ran {
			continue
		}
		rs := RerunSnippet{Index: s.Index, Stdout: s.Stdout, Stderr: s.Stderr, Output: check.RerunNone}
		if s.Output != nil {
			rs.Output = check.RerunHolds
			if s.Output.Status != check.Pass {
				rs.Output, rs.Note = check.RerunChanged, strings.TrimSuffix(s.Output.Message, overriddenSuffix)
			}
		}
		out.Snippets = append(out.Snippets, rs)
	}
	lang := ""
	claims := res.Claims
	if tr != nil {
		lang, claims = tr.Lang, tr.Claims
	}
	for _, f := range res.Figures {
		rf := RerunFigure{Name: f.Name, Path: f.Path, Type: "image/png"}
		if v, ok := f.Variants[lang]; ok && lang != "" {
			rf.Path = f.Path[:len(f.Path)-len(f.File)] + v
		}
		if strings.HasSuffix(f.File, ".svg") {
			rf.Type = "image/svg+xml"
		}
		out.Figures = append(out.Figures, rf)
	}
	for i, c := range claims {
		rc := RerunClaim{Index: i, Name: c.Ref, Written: c.Text, Value: c.Shown, Status: c.Status.Rerun()}
		switch rc.Status {
		case check.RerunError:
			rc.Note = c.Message
		case check.RerunChanged:
			rc.Note = strings.TrimSuffix(c.Message, overriddenSuffix)
		}
		out.Claims = append(out.Claims, rc)
	}
	out.Summary = Summary(res.Overrides, claims)
	return out
}

// Summary sums up the claims of a run for people: "under lr=0.5: 74
// claims hold, 13 changed" (check.Summary, which the browser's re-run
// uses too). The overrides come in name order.
func Summary(overrides map[string]string, claims []chapter.ClaimResult) string {
	var hold, changed, wrong, errs int
	for _, c := range claims {
		switch c.Status {
		case check.Pass:
			hold++
		case check.Info:
			changed++
		case check.Fail:
			wrong++
		default:
			errs++
		}
	}
	return check.Summary(overrides, hold, changed, wrong, errs)
}
