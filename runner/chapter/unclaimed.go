package chapter

import (
	"bytes"
	"strings"

	"github.com/tally-book/tally/check"
	"github.com/yuin/goldmark/ast"
)

// Unclaimed is a decimal number of a chapter's prose that carries no
// claim: nothing checks it against the code.
type Unclaimed struct {
	Line   int    `json:"line"`
	Text   string `json:"text"`
	InCode bool   `json:"in_code,omitempty"` // the chapter's code or front matter writes it too: an input, most likely
}

// Unclaimed lists the decimal numbers of the chapter's prose (a fraction
// or an exponent: 0.95, 1e-8, 94.5%) that are not claims, outside math,
// code spans, code blocks and HTML blocks, in order. Integers are left out:
// prose restates counts and sizes (100 steps, chapter 2) too often to
// judge. A number that the chapter's code or front matter also writes is
// marked InCode: it is most likely an input, which a claim could still
// bind when the code publishes it (a parameter is published by name).
func (ch *Chapter) Unclaimed() []Unclaimed {
	var code strings.Builder
	for _, s := range ch.Snippets {
		code.WriteString(s.Code)
		code.WriteByte('\n')
	}
	if fm := frontMatter(ch.Source); fm != "" {
		code.WriteString(fm)
	}
	var out []Unclaimed
	for _, u := range ch.UncheckedNumbers(func(Written) (string, bool) { return "", true }) {
		out = append(out, Unclaimed{Line: u.Line, Text: u.Text, InCode: writesNumber(code.String(), u.Text)})
	}
	return out
}

// frontMatter returns the front matter of src, between its --- or +++
// lines, or "".
func frontMatter(src []byte) string {
	s := string(src)
	for _, fence := range []string{"---\n", "+++\n"} {
		if rest, ok := strings.CutPrefix(s, fence); ok {
			if end := strings.Index(rest, "\n"+fence); end >= 0 {
				return rest[:end]
			}
		}
	}
	return ""
}

// writesNumber reports whether code writes the number num as a whole
// token: 0.5 is in "x := 0.5*y" but not in "10.55".
func writesNumber(code, num string) bool {
	for i := 0; ; {
		j := strings.Index(code[i:], num)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(num)
		before := start == 0 || !isNumByte(code[start-1])
		after := end == len(code) || !isNumByte(code[end])
		if before && after {
			return true
		}
		i = start + 1
	}
}

func isNumByte(c byte) bool {
	return c >= '0' && c <= '9' || c == '.' || c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// Unchecked is a number of a translation's prose that reads like the
// written number of a source claim but is not a claim itself.
type Unchecked struct {
	Line int    `json:"line"`
	Text string `json:"text"`
	Ref  string `json:"ref"` // the source claim it resembles
}

// UncheckedNumbers finds the decimal numbers of the prose, outside claims,
// math and code, that match says should carry a check, with the name it
// gives.
func (ch *Chapter) UncheckedNumbers(match func(Written) (string, bool)) []Unchecked {
	lines := ch.lineIndex()
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
		tail := -1 // offset of the number (or range) a claim follows
		if cn, ok := t.Parent().(*ClaimNode); ok {
			tail = claimStart(cn.Claim, text)
		}
		switch next := after.NextSibling().(type) {
		case *ClaimNode:
			if tail < 0 {
				tail = claimStart(next.Claim, text)
			}
		case *ast.RawHTML:
			if next.Segments.Len() > 0 && tail < 0 {
				seg := next.Segments.At(0)
				tail = claimedFrom(seg.Value(ch.Source), text)
			}
		}
		off := 0
		for _, tok := range check.Tokens(text) {
			at := off
			off += len(tok.Text)
			if !tok.Num || tail >= 0 && at >= tail {
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

// claimedFrom returns where the number that comment claims starts in
// text, the text right before it, or -1 when comment is not a claim: by
// the claim's own form, so a range's lower end counts as claimed.
func claimedFrom(comment []byte, text string) int {
	body, ok := bytes.CutPrefix(comment, []byte(claimOpen))
	if !ok {
		return -1
	}
	if c, err := check.ParseClaim(string(bytes.TrimSpace(bytes.TrimSuffix(body, []byte("-->"))))); err == nil {
		if start, err := c.Follow(text); err == nil {
			return start
		}
	}
	if _, start, ok := check.TrailingNumber(text); ok {
		return start
	}
	return -1
}

// claimStart returns where the number that c claims starts in text, the
// text right before its comment, by c's own form.
func claimStart(c *Claim, text string) int {
	cc := c.Claim
	if start, err := cc.Follow(text); err == nil {
		return start
	}
	if _, start, ok := check.TrailingNumber(text); ok {
		return start
	}
	return -1
}
