package chapter

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"

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
	// CodeText translates the line comments of the source's code, from
	// code_text in the front matter: comment text → translated text (see
	// TranslateComments).
	CodeText map[string]string
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
	lines := ch.lineIndex()
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
	for _, key := range []string{"figure_text", "code_text"} {
		ft, ok := ch.Meta.Extra[key]
		if !ok {
			continue
		}
		dst := &tr.FigureText
		if key == "code_text" {
			dst = &tr.CodeText
		}
		m, ok := ft.(map[string]any)
		if !ok {
			errs.Add(Pos{ch.Path, 1}, "%s must map English text to its translation", key)
		}
		for k, v := range m {
			t, ok := v.(string)
			if !ok {
				errs.Add(Pos{ch.Path, 1}, "%s: the translation of %q is not text", key, k)
				continue
			}
			if *dst == nil {
				*dst = map[string]string{}
			}
			(*dst)[k] = t
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
	lines := ch.lineIndex()
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
