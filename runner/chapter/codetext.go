package chapter

import (
	"go/scanner"
	"go/token"
	"sort"
	"strings"
)

// Code comments of a translation. A translation shows the source's code,
// and its front matter may translate the code's line comments, as
// figure_text translates figures: each key is the text of a comment of
// the source's shown go snippets (after // and its spaces, as written),
// each value its translation.
//
//	code_text:
//	  the loss at each step: 단계마다의 손실
//
// The translation's pages show the code with the comments so translated
// (TranslateComments); outputs stay as run. CodeTextCheck lists the
// comments left untranslated and the entries that translate no comment
// any more (stale, as the source's comment changed).

// CodeComment is a line comment of a source snippet.
type CodeComment struct {
	Text string // after // and its spaces, trailing spaces trimmed
	Line int    // line in the source chapter
}

// codeComment is a line comment of a piece of code: its text and where
// the text starts and ends in the code.
type codeComment struct {
	text       string
	start, end int
	line       int // from 1, in the code
}

// lineComments returns the // comments of Go code, in order. The code
// need not compile: it is only scanned, so that // in a string is no
// comment.
func lineComments(code string) []codeComment {
	var out []codeComment
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(code))
	var s scanner.Scanner
	s.Init(file, []byte(code), func(token.Position, string) {}, scanner.ScanComments)
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			return out
		}
		if tok != token.COMMENT || !strings.HasPrefix(lit, "//") {
			continue
		}
		off := file.Offset(pos)
		body := strings.TrimRight(strings.TrimSuffix(lit[2:], "\r"), " \t")
		text := strings.TrimLeft(body, " \t")
		if text == "" {
			continue
		}
		start := off + 2 + len(body) - len(text)
		out = append(out, codeComment{text: text, start: start, end: start + len(text), line: file.Line(pos)})
	}
}

// TranslateComments returns code with the text of each line comment that
// m translates replaced by its translation.
func TranslateComments(code string, m map[string]string) string {
	if len(m) == 0 {
		return code
	}
	var b strings.Builder
	last := 0
	for _, c := range lineComments(code) {
		t, ok := m[c.text]
		if !ok {
			continue
		}
		b.WriteString(code[last:c.start])
		b.WriteString(t)
		last = c.end
	}
	b.WriteString(code[last:])
	return b.String()
}

// CodeTextCheck returns the line comments of the source's shown go
// snippets that code_text does not translate, in order, and the keys of
// code_text that are the text of no such comment, sorted.
func (tr *Translation) CodeTextCheck() (untranslated []CodeComment, stale []string) {
	used := map[string]bool{}
	for _, s := range tr.Source.Snippets {
		if s.Lang != "go" || s.Has("hide") {
			continue
		}
		for _, c := range lineComments(s.Code) {
			if _, ok := tr.CodeText[c.text]; ok {
				used[c.text] = true
				continue
			}
			untranslated = append(untranslated, CodeComment{Text: c.text, Line: s.Line + c.line - 1})
		}
	}
	for k := range tr.CodeText {
		if !used[k] {
			stale = append(stale, k)
		}
	}
	sort.Strings(stale)
	return untranslated, stale
}
