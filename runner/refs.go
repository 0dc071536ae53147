package runner

import (
	"sort"
	"strings"

	"github.com/tally-book/tally/runner/chapter"
)

// CheckRefs checks every reference of the book's chapters and
// translations against the labels of their edition, and adds a problem at
// the reference's line for each label that does not exist. Equation and
// section labels are the prose's own; a translation's section label may
// also be the anchor of the source section a heading translates. A figure
// label is checked only when every chapter ran (runs), since only a run
// tells which figures exist.
func CheckRefs(b *chapter.Book, runs []*ChapterResult, trs []*TranslationResult) {
	figs := map[string]bool{}
	ran := map[*chapter.Chapter]*ChapterResult{}
	for _, r := range runs {
		ran[r.Chapter] = r
		for _, f := range r.Figures {
			figs[f.Name] = true
		}
	}
	allRan := true
	for _, ch := range b.Chapters {
		if ran[ch] == nil {
			allRan = false
		}
	}
	// The labels of each edition: "" for the book's, else a language.
	editions := map[string]map[string]bool{"": {}}
	trOf := map[string]map[*chapter.Chapter]*chapter.Translation{}
	for _, tr := range b.Translations {
		if tr.Source == nil {
			continue
		}
		if trOf[tr.Lang] == nil {
			trOf[tr.Lang], editions[tr.Lang] = map[*chapter.Chapter]*chapter.Translation{}, map[string]bool{}
		}
		trOf[tr.Lang][tr.Source] = tr
	}
	eqErrs := map[*chapter.Chapter]chapter.ErrorList{}
	add := func(set map[string]bool, ch *chapter.Chapter, tr *chapter.Translation) {
		eqs, errs := chapter.EqLabels(ch)
		for _, e := range eqs {
			if set["eq:"+e.Name] {
				errs.Add(chapter.Pos{File: ch.Path, Line: e.Line}, "equation label eq:%s is used twice in the book", e.Name)
			}
			set["eq:"+e.Name] = true
		}
		if _, done := eqErrs[ch]; !done { // a chapter's own edition comes first
			eqErrs[ch] = errs
		}
		for _, id := range chapter.SectionIDs(ch) {
			set["sec:"+id] = true
		}
		if tr != nil {
			for _, s := range tr.Sections {
				set["sec:"+s.ID] = true
			}
		}
	}
	langs := make([]string, 0, len(editions))
	for lang := range editions {
		langs = append(langs, lang)
	}
	sort.Strings(langs) // "" first
	for _, lang := range langs {
		set := editions[lang]
		for _, ch := range b.Chapters {
			if tr := trOf[lang][ch]; tr != nil {
				add(set, tr.Ch, tr)
			} else {
				add(set, ch, nil)
			}
		}
	}
	check := func(ch *chapter.Chapter, set map[string]bool, errs *chapter.ErrorList) {
		*errs = append(*errs, eqErrs[ch]...)
		for _, r := range chapter.Refs(ch) {
			kind, name, _ := strings.Cut(r.Label, ":")
			switch {
			case kind == "fig" && !figs[name] && allRan:
				errs.Add(chapter.Pos{File: ch.Path, Line: r.Line}, "reference [](#%s): no chapter published a figure %s", r.Label, name)
			case kind == "eq" && !set[r.Label]:
				errs.Add(chapter.Pos{File: ch.Path, Line: r.Line}, "reference [](#%s): no equation is labelled %s (label one with <!--#eq:%s--> on the line after its closing $$)", r.Label, name, name)
			case kind == "sec" && !set[r.Label]:
				errs.Add(chapter.Pos{File: ch.Path, Line: r.Line}, "reference [](#%s): no section (a heading of level 2 or 3) has the anchor %s", r.Label, name)
			}
		}
	}
	for _, r := range runs {
		check(r.Chapter, editions[""], &r.Errors)
	}
	for _, t := range trs {
		if t.Translation != nil && t.Translation.Source != nil {
			check(t.Translation.Ch, editions[t.Lang], &t.Errors)
		}
	}
}
