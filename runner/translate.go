package runner

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"

	"github.com/tally-book/tally/check"
	"github.com/yuin/goldmark/ast"
)

// Translation is a chapter in another language whose prose stands around
// the code of a source chapter. It runs nothing: its claims are checked
// against the values of the source's run, and its code is the source's.
type Translation struct {
	Lang     string   // language code: the name of the folder, e.g. "ko"
	Ch       *Chapter // the translation as parsed
	Source   *Chapter // the chapter it translates
	Code     []int    // for each snippet of Ch: the index of the source snippet it shows, or -1
	Sections []Stamp  // the sections of the translation and the source sections they translate
	// FigureText translates the text of the source's figures (those it
	// publishes with figures.PublishText), from figure_text in the front
	// matter: English text → translated text.
	FigureText map[string]string
}

// Stamp records which source section a heading of a translation
// translates, and the hash of that section's text when it was translated:
// # 손실 함수 <!--from loss-functions@1a2b3c4d-->.
type Stamp struct {
	Line    int    // line of the heading in the translation
	Heading string // the heading's text
	ID      string // heading ID of the source section
	Hash    string // hash of the source section when translated; "" when not stamped yet
	Node    *ast.Heading
}

// Section is a part of a chapter from one heading to the next.
type Section struct {
	ID    string // the heading's ID, as the site's anchors
	Title string
	Level int
	Line  int
	Hash  string // first 8 hex digits of the SHA-256 of the section's Markdown
}

// Sections returns the sections of a chapter. Text before the first
// heading belongs to no section.
func Sections(ch *Chapter) []Section {
	lines := newLineIndex(ch.Source)
	type head struct {
		h     *ast.Heading
		start int
	}
	var heads []head
	for n := ch.Doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && h.Lines().Len() > 0 {
			start := h.Lines().At(0).Start
			// Back up to the start of the heading's line (the # marks).
			for start > 0 && ch.Source[start-1] != '\n' {
				start--
			}
			heads = append(heads, head{h, start})
		}
	}
	var out []Section
	for i, hd := range heads {
		end := len(ch.Source)
		if i+1 < len(heads) {
			end = heads[i+1].start
		}
		id, _ := hd.h.AttributeString("id")
		idb, _ := id.([]byte)
		out = append(out, Section{ID: string(idb), Title: strings.TrimSpace(stampRE.ReplaceAllString(plainText(hd.h, ch.Source), "")),
			Level: hd.h.Level, Line: lines.line(hd.start), Hash: sectionHash(ch.Source[hd.start:end])})
	}
	return out
}

// sectionHash hashes a section's text, ignoring stamps and spacing.
func sectionHash(b []byte) string {
	b = stampRE.ReplaceAll(b, nil)
	sum := sha256.Sum256([]byte(strings.Join(strings.Fields(string(b)), " ")))
	return hex.EncodeToString(sum[:4])
}

var stampRE = regexp.MustCompile(`<!--from ([^@\s>]+?)(?:@([0-9a-f]*))?\s*-->`)

// newTranslation ties a parsed translation to its source and checks that
// its code is the source's.
func newTranslation(lang string, ch, src *Chapter) (*Translation, ErrorList) {
	tr := &Translation{Lang: lang, Ch: ch, Source: src}
	var errs ErrorList
	if ft, ok := ch.Meta.Extra["figure_text"]; ok {
		m, ok := ft.(map[string]any)
		if !ok {
			errs.Add(Pos{ch.Path, 1}, "figure_text must map English figure text to its translation")
		}
		for k, v := range m {
			t, ok := v.(string)
			if !ok {
				errs.Add(Pos{ch.Path, 1}, "figure_text: the translation of %q is not text", k)
				continue
			}
			if tr.FigureText == nil {
				tr.FigureText = map[string]string{}
			}
			tr.FigureText[k] = t
		}
	}
	var shown []*Snippet // the source's Go snippets a reader sees
	for _, s := range src.Snippets {
		if s.Lang == "go" && !s.Has("hide") {
			shown = append(shown, s)
		}
	}
	k := 0
	for _, s := range ch.Snippets {
		tr.Code = append(tr.Code, -1)
		if s.Lang != "go" {
			continue
		}
		if k >= len(shown) {
			errs.Add(Pos{ch.Path, s.FenceLine}, "translation has more go blocks than %s shows (%d)", src.Path, len(shown))
			k++
			continue
		}
		o := shown[k]
		tr.Code[len(tr.Code)-1] = o.Index
		if strings.TrimSpace(s.Code) != "" && strings.TrimSpace(s.Code) != strings.TrimSpace(o.Code) {
			errs.Add(Pos{ch.Path, s.Line}, "code differs from the source at %s:%d (leave the block empty to show the source's code)", src.Path, o.Line)
		}
		if len(s.Attrs) > 0 {
			errs.Add(Pos{ch.Path, s.FenceLine}, "a translation's go block takes no attributes (they come from %s:%d)", src.Path, o.FenceLine)
		}
		if s.Want != nil && strings.TrimSpace(s.Want.Text) != "" && (o.Want == nil || strings.TrimSpace(s.Want.Text) != strings.TrimSpace(o.Want.Text)) {
			errs.Add(Pos{ch.Path, s.Want.Line}, "output block differs from the source's (leave it empty or out)")
		}
		k++
	}
	if k < len(shown) {
		errs.Add(Pos{ch.Path, 1}, "translation shows %d of the %d go blocks of %s (write an empty ```go block where the source's code goes)", k, len(shown), src.Path)
	}
	lines := newLineIndex(ch.Source)
	for n := ch.Doc.FirstChild(); n != nil; n = n.NextSibling() {
		h, ok := n.(*ast.Heading)
		if !ok || h.Lines().Len() == 0 {
			continue
		}
		st := Stamp{Line: lines.line(h.Lines().At(0).Start), Heading: strings.TrimSpace(plainText(h, ch.Source)), Node: h}
		for c := h.FirstChild(); c != nil; c = c.NextSibling() {
			raw, ok := c.(*ast.RawHTML)
			if !ok {
				continue
			}
			var b bytes.Buffer
			for i := 0; i < raw.Segments.Len(); i++ {
				seg := raw.Segments.At(i)
				b.Write(seg.Value(ch.Source))
			}
			if m := stampRE.FindStringSubmatch(b.String()); m != nil {
				st.ID, st.Hash = m[1], m[2]
			}
		}
		tr.Sections = append(tr.Sections, st)
	}
	return tr, errs
}

// Unchecked is a number of a translation's prose that reads like the
// written number of a source claim but is not a claim itself.
type Unchecked struct {
	Line int    `json:"line"`
	Text string `json:"text"`
	Ref  string `json:"ref"` // the source claim it resembles
}

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
	Lang         string        `json:"lang"`
	Path         string        `json:"path"`
	Source       string        `json:"source"`
	Title        string        `json:"title"`
	Claims       []ClaimResult `json:"claims"`
	Stale        []Stale       `json:"stale,omitempty"`
	Untranslated []string      `json:"untranslated,omitempty"`        // IDs of source sections no heading translates
	Unchecked    []Unchecked   `json:"unchecked,omitempty"`           // numbers that look like a source claim but carry no check
	FigureText   []MissingText `json:"figure_text_missing,omitempty"` // figure text with no translation
	Errors       ErrorList     `json:"errors,omitempty"`

	Translation *Translation   `json:"-"`
	SourceRun   *ChapterResult `json:"-"`
}

// CheckTranslation checks the claims of a translation against the values
// of its source's run, and finds the sections that are out of date.
func CheckTranslation(tr *Translation, src *ChapterResult) *TranslationResult {
	ch := tr.Ch
	r := &TranslationResult{Lang: tr.Lang, Path: ch.Path, Source: tr.Source.Path, Title: ch.Meta.Title,
		Claims: []ClaimResult{}, Translation: tr, SourceRun: src}
	vals := valueMap(src.Values)
	for _, c := range ch.Claims {
		r.Claims = append(r.Claims, c.checkUnder(vals, len(src.Overrides) > 0))
	}
	srcSecs := Sections(tr.Source)
	secs := map[string]Section{}
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
			r.Errors.Add(Pos{ch.Path, 1}, "the source claims %s%s at %s:%d, in a section this translation translates, but the translation never claims %s", c.Written.Text, c.Comment, tr.Source.Path, c.Pos.Line, c.Ref())
		}
	}
	// Numbers that look like a source claim but are written without one.
	written := map[string]string{}
	for _, c := range tr.Source.Claims {
		written[c.Written.Canonical()] = c.Ref()
	}
	r.Unchecked = uncheckedNumbers(ch, func(w Written) (string, bool) {
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
	// Figures the translation places must exist in the source's run.
	for _, ref := range ch.FigRefs {
		found := false
		for _, f := range src.Figures {
			found = found || f.Name == ref.Name
		}
		if !found {
			r.Errors.Add(Pos{ch.Path, ref.Line}, "figure:%s names a figure that %s never published", ref.Name, tr.Source.Path)
		}
	}
	r.Errors.Sort()
	return r
}

// uncheckedNumbers finds the decimal numbers of the prose, outside claims,
// math and code, that match says should carry a check, with the name it
// gives.
func uncheckedNumbers(ch *Chapter, match func(Written) (string, bool)) []Unchecked {
	lines := newLineIndex(ch.Source)
	var out []Unchecked
	_ = ast.Walk(ch.Doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindCodeSpan, ast.KindFencedCodeBlock, ast.KindCodeBlock, ast.KindHTMLBlock:
			return ast.WalkSkipChildren, nil
		}
		t, ok := n.(*ast.Text)
		if !ok {
			return ast.WalkContinue, nil
		}
		text := string(t.Segment.Value(ch.Source))
		// The claim comment follows the text, or the emphasis or link the
		// text ends: **94.5%**<!--=acc-->.
		var after ast.Node = t
		for after.NextSibling() == nil && after.Parent() != nil && after.Parent().Type() == ast.TypeInline {
			after = after.Parent()
		}
		// Parse puts a claimed number in its claim node (nodes.go), or,
		// when the number spans nodes, the claim node right after them.
		_, claimedTail := t.Parent().(*ClaimNode)
		switch next := after.NextSibling().(type) {
		case *ClaimNode:
			claimedTail = true
		case *ast.RawHTML:
			if next.Segments.Len() > 0 {
				seg := next.Segments.At(0)
				claimedTail = bytes.HasPrefix(seg.Value(ch.Source), []byte(claimOpen))
			}
		}
		tail := -1 // offset of the number a claim comment follows
		if _, start, ok := check.TrailingNumber(text); ok && claimedTail {
			tail = start
		}
		off := 0
		for _, tok := range check.Tokens(text) {
			at := off
			off += len(tok.Text)
			if !tok.Num || at == tail || at > 0 && (text[at-1] == '-' || text[at-1] == '+') && at-1 == tail {
				continue
			}
			w, err := ParseWritten(tok.Text)
			if err != nil || (w.Frac == "" && !w.HasExp) {
				continue // integers (chapter 2, 100 steps) restate inputs too often to judge
			}
			if ref, ok := match(w); ok {
				out = append(out, Unchecked{Line: lines.line(t.Segment.Start), Text: tok.Text, Ref: ref})
			}
		}
		return ast.WalkContinue, nil
	})
	return out
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
func (r *TranslationResult) Problems() ErrorList {
	errs := append(ErrorList(nil), r.Errors...)
	for _, c := range r.Claims {
		if c.Failed() {
			errs.Add(Pos{r.Path, c.Line}, "%s", c.Message)
		}
	}
	errs.Sort()
	return errs
}

// StampText rewrites the <!--from ID@HASH--> stamps of a translation's source
// text with the current hashes of the source sections they name, as an
// author does after bringing a translation up to date. Stamps naming no
// section are left as they are.
func StampText(src []byte, source *Chapter) []byte {
	hashes := map[string]string{}
	for _, s := range Sections(source) {
		hashes[s.ID] = s.Hash
	}
	return stampRE.ReplaceAllFunc(src, func(m []byte) []byte {
		sub := stampRE.FindSubmatch(m)
		h, ok := hashes[string(sub[1])]
		if !ok {
			return m
		}
		return []byte("<!--from " + string(sub[1]) + "@" + h + "-->")
	})
}
