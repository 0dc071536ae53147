package runner

import (
	"bytes"
	"regexp"
	"sort"
	"strings"

	"github.com/gohugoio/hugo-goldmark-extensions/passthrough"
	"github.com/yuin/goldmark/ast"
)

// A label names a figure, a display equation or a section, so that the
// prose can refer to it by number ("Figure 3.2", "(4.7)", "Section 3.1"):
//
//	fig:NAME   the figure a snippet published as NAME
//	eq:NAME    the display math block followed by <!--#eq:NAME-->
//	sec:ID     the section whose heading (level 2 or 3) has the anchor ID
//
// A reference is a link with no text to a label: [](#eq:central).

// Ref is a reference of the prose to a label.
type Ref struct {
	Label string // "fig:loss", "eq:central", "sec:softmax"
	Line  int    // line of the link
	Node  *ast.Link
}

// EqLabel is a display equation's label.
type EqLabel struct {
	Name  string         // the NAME of eq:NAME
	Line  int            // line of the label comment
	Math  ast.Node       // the display math block it labels
	Label *ast.HTMLBlock // the label comment
}

var (
	refRE     = regexp.MustCompile(`^#((?:fig|eq|sec):[^\s#]+)$`)
	eqLabelRE = regexp.MustCompile(`^<!--#eq:([a-z][a-z0-9_-]*)-->$`)
)

// Refs returns the references of a chapter's prose, in order.
func Refs(ch *Chapter) []Ref {
	var out []Ref
	lines := newLineIndex(ch.Source)
	_ = ast.Walk(ch.Doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		l, ok := n.(*ast.Link)
		if !entering || !ok || l.ChildCount() != 0 {
			return ast.WalkContinue, nil
		}
		if m := refRE.FindStringSubmatch(string(l.Destination)); m != nil {
			out = append(out, Ref{Label: m[1], Line: inlineLine(l, lines), Node: l})
		}
		return ast.WalkContinue, nil
	})
	return out
}

// EqLabels returns the equation labels of a chapter, in order, and the
// problems of label comments that follow no display math block.
func EqLabels(ch *Chapter) ([]EqLabel, ErrorList) {
	var out []EqLabel
	var errs ErrorList
	lines := newLineIndex(ch.Source)
	_ = ast.Walk(ch.Doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.HTMLBlock)
		if !entering || !ok || h.Lines().Len() == 0 {
			return ast.WalkContinue, nil
		}
		text := string(bytes.TrimSpace(h.Lines().Value(ch.Source)))
		if !strings.HasPrefix(text, "<!--#eq:") {
			return ast.WalkSkipChildren, nil
		}
		line := lines.line(h.Lines().At(0).Start)
		m := eqLabelRE.FindStringSubmatch(text)
		if m == nil {
			errs.Add(Pos{ch.Path, line}, "malformed equation label %q: want <!--#eq:NAME--> alone on its line, NAME lower-case letters, digits, '_' and '-'", text)
			return ast.WalkSkipChildren, nil
		}
		prev := h.PreviousSibling()
		if _, math := prev.(*passthrough.PassthroughBlock); !math {
			errs.Add(Pos{ch.Path, line}, "equation label eq:%s follows no display math: write it on the line right after the closing $$", m[1])
			return ast.WalkSkipChildren, nil
		}
		out = append(out, EqLabel{Name: m[1], Line: line, Math: prev, Label: h})
		return ast.WalkSkipChildren, nil
	})
	return out, errs
}

// SectionIDs returns the anchors of a chapter's numbered headings: those
// of levels 2 and 3 (the title is level 1).
func SectionIDs(ch *Chapter) []string {
	var out []string
	_ = ast.Walk(ch.Doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			if id, ok := h.AttributeString("id"); ok && h.Level >= 2 && h.Level <= 3 {
				if b, ok := id.([]byte); ok {
					out = append(out, string(b))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return out
}

// CheckRefs checks every reference of the book's chapters and
// translations against the labels of their edition, and adds a problem at
// the reference's line for each label that does not exist. Equation and
// section labels are the prose's own; a translation's section label may
// also be the anchor of the source section a heading translates. A figure
// label is checked only when every chapter ran (runs), since only a run
// tells which figures exist.
func CheckRefs(b *Book, runs []*ChapterResult, trs []*TranslationResult) {
	figs := map[string]bool{}
	ran := map[*Chapter]*ChapterResult{}
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
	trOf := map[string]map[*Chapter]*Translation{}
	for _, tr := range b.Translations {
		if tr.Source == nil {
			continue
		}
		if trOf[tr.Lang] == nil {
			trOf[tr.Lang], editions[tr.Lang] = map[*Chapter]*Translation{}, map[string]bool{}
		}
		trOf[tr.Lang][tr.Source] = tr
	}
	eqErrs := map[*Chapter]ErrorList{}
	add := func(set map[string]bool, ch *Chapter, tr *Translation) {
		eqs, errs := EqLabels(ch)
		for _, e := range eqs {
			if set["eq:"+e.Name] {
				errs.Add(Pos{ch.Path, e.Line}, "equation label eq:%s is used twice in the book", e.Name)
			}
			set["eq:"+e.Name] = true
		}
		if _, done := eqErrs[ch]; !done { // a chapter's own edition comes first
			eqErrs[ch] = errs
		}
		for _, id := range SectionIDs(ch) {
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
	check := func(ch *Chapter, set map[string]bool, errs *ErrorList) {
		*errs = append(*errs, eqErrs[ch]...)
		for _, r := range Refs(ch) {
			kind, name, _ := strings.Cut(r.Label, ":")
			switch {
			case kind == "fig" && !figs[name] && allRan:
				errs.Add(Pos{ch.Path, r.Line}, "reference [](#%s): no chapter published a figure %s", r.Label, name)
			case kind == "eq" && !set[r.Label]:
				errs.Add(Pos{ch.Path, r.Line}, "reference [](#%s): no equation is labelled %s (label one with <!--#eq:%s--> on the line after its closing $$)", r.Label, name, name)
			case kind == "sec" && !set[r.Label]:
				errs.Add(Pos{ch.Path, r.Line}, "reference [](#%s): no section (a heading of level 2 or 3) has the anchor %s", r.Label, name)
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
