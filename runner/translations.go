package runner

import (
	"fmt"
	"strings"

	"github.com/tally-book/tally/runner/chapter"
)

// Stale is a section of a translation that is out of date.
type Stale struct {
	Line    int    `json:"line"`    // heading of the translation
	Heading string `json:"heading"` // its text
	ID      string `json:"id,omitempty"`
	Source  int    `json:"source_line,omitempty"` // heading of the source section
	Reason  string `json:"reason"`
}

// TranslationResult is the check of a translation against its source's run.
type TranslationResult struct {
	Lang         string                `json:"lang"`
	Path         string                `json:"path"`
	Source       string                `json:"source"`
	Title        string                `json:"title"`
	Claims       []chapter.ClaimResult `json:"claims"`
	Stale        []Stale               `json:"stale,omitempty"`
	Untranslated []string              `json:"untranslated,omitempty"`        // IDs of source sections no heading translates
	Unchecked    []chapter.Unchecked   `json:"unchecked,omitempty"`           // numbers that look like a source claim but carry no check
	FigureText   []MissingText         `json:"figure_text_missing,omitempty"` // figure text with no translation
	CodeText     []chapter.CodeComment `json:"code_text_missing,omitempty"`   // source code comments with no translation
	CodeStale    []string              `json:"code_text_stale,omitempty"`     // code_text entries that translate no comment
	Errors       chapter.ErrorList     `json:"errors,omitempty"`

	Translation *chapter.Translation `json:"-"`
	SourceRun   *ChapterResult       `json:"-"`
}

// CheckTranslation checks the claims of a translation against the values
// of its source's run, and finds the sections that are out of date.
func CheckTranslation(tr *chapter.Translation, src *ChapterResult) *TranslationResult {
	ch := tr.Ch
	r := &TranslationResult{Lang: tr.Lang, Path: ch.Path, Source: tr.Source.Path, Title: ch.Meta.Title,
		Claims: []chapter.ClaimResult{}, Translation: tr, SourceRun: src}
	vals := valueMap(src.Values)
	for _, c := range ch.Claims {
		r.Claims = append(r.Claims, c.Check(vals, len(src.Overrides) > 0))
	}
	srcSecs := chapter.Sections(tr.Source)
	secs := map[string]chapter.Section{}
	for _, s := range srcSecs {
		secs[s.ID] = s
	}
	done := map[string]bool{}
	for _, st := range tr.Sections {
		s, ok := secs[st.ID]
		switch {
		case st.ID == "":
			r.Stale = append(r.Stale, Stale{Line: st.Line, Heading: st.Heading, Reason: "no <!--from ID--> stamp says which source section this translates"})
		case !ok:
			r.Stale = append(r.Stale, Stale{Line: st.Line, Heading: st.Heading, ID: st.ID, Reason: fmt.Sprintf("%s has no section #%s any more", tr.Source.Path, st.ID)})
		case st.Hash == "":
			done[st.ID] = true
			r.Stale = append(r.Stale, Stale{Line: st.Line, Heading: st.Heading, ID: st.ID, Source: s.Line, Reason: "not stamped yet (tally stamp records the source section's hash)"})
		case st.Hash != s.Hash:
			done[st.ID] = true
			r.Stale = append(r.Stale, Stale{Line: st.Line, Heading: st.Heading, ID: st.ID, Source: s.Line,
				Reason: fmt.Sprintf("the source section %q (%s:%d) changed since it was translated", s.Title, tr.Source.Path, s.Line)})
		default:
			done[st.ID] = true
		}
	}
	for _, s := range srcSecs {
		if !done[s.ID] {
			r.Untranslated = append(r.Untranslated, s.ID)
		}
	}

	// Every claim of a translated source section must be a claim of the
	// translation too: a number the translation writes without its check
	// would be a number nobody checks.
	claimed := map[string]bool{}
	for _, c := range ch.Claims {
		claimed[c.Ref()] = true
	}
	for _, c := range tr.Source.Claims {
		sec := ""
		for _, s := range srcSecs {
			if s.Line <= c.Pos.Line {
				sec = s.ID
			}
		}
		if done[sec] && !claimed[c.Ref()] {
			r.Errors.Add(chapter.Pos{File: ch.Path, Line: 1}, "the source claims %s%s at %s:%d, in a section this translation translates, but the translation never claims %s", c.Written.Text, c.Comment, tr.Source.Path, c.Pos.Line, c.Ref())
		}
	}
	// Numbers that look like a source claim but are written without one.
	written := map[string]string{}
	for _, c := range tr.Source.Claims {
		written[c.Written.Canonical()] = c.Ref()
	}
	r.Unchecked = ch.UncheckedNumbers(func(w chapter.Written) (string, bool) {
		ref, ok := written[w.Canonical()]
		return ref, ok
	})

	for _, m := range src.MissingText {
		if m.Lang == tr.Lang {
			r.FigureText = append(r.FigureText, m)
		}
	}
	// A translation that translates figure text translates the figures'
	// captions and alt text the same way (the site shows them).
	if len(tr.FigureText) > 0 {
		for _, f := range src.Figures {
			for _, text := range []string{f.Caption, f.Alt} {
				if _, ok := tr.FigureText[text]; !ok && strings.TrimSpace(text) != "" {
					r.FigureText = append(r.FigureText, MissingText{Lang: tr.Lang, Figure: f.Name, Text: text})
				}
			}
		}
	}
	// A translation that translates code comments translates them all,
	// and each of its entries still translates one.
	if len(tr.CodeText) > 0 {
		r.CodeText, r.CodeStale = tr.CodeTextCheck()
	}
	// Figures the translation places must exist in the source's run.
	for _, ref := range ch.FigRefs {
		found := false
		for _, f := range src.Figures {
			found = found || f.Name == ref.Name
		}
		if !found {
			r.Errors.Add(chapter.Pos{File: ch.Path, Line: ref.Line}, "figure:%s names a figure that %s never published", ref.Name, tr.Source.Path)
		}
	}
	r.Errors.Sort()
	return r
}

// OK reports whether every claim of the translation holds and its code
// agrees with the source. Stale sections are warnings, not failures.
func (r *TranslationResult) OK() bool {
	if len(r.Errors) > 0 {
		return false
	}
	for _, c := range r.Claims {
		if c.Failed() {
			return false
		}
	}
	return true
}

// Problems lists the failures of the translation, sorted by line.
func (r *TranslationResult) Problems() chapter.ErrorList {
	errs := append(chapter.ErrorList(nil), r.Errors...)
	for _, c := range r.Claims {
		if c.Failed() {
			errs.Add(chapter.Pos{File: r.Path, Line: c.Line}, "%s", c.Message)
		}
	}
	errs.Sort()
	return errs
}
