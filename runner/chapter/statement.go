package chapter

import (
	"bytes"
	"strings"

	"github.com/gohugoio/hugo-goldmark-extensions/passthrough"
	"github.com/tally-book/tally/check"
	"github.com/yuin/goldmark/ast"
)

// statementOpen starts a statement claim: a sentence of the prose bound to
// a published boolean.
const statementOpen = "<!--?"

// parseStatement reads a statement claim, the raw HTML comment s of node
// n: the statement is the text that StatementStart finds before it.
func parseStatement(n *ast.RawHTML, s string, src []byte, lines lineIndex) (*Claim, *claimErr) {
	line := lines.line(n.Segments.At(0).Start)
	body := strings.TrimSuffix(strings.TrimPrefix(s, statementOpen), "-->")
	c, err := check.ParseStatement(body, statementText(n, src))
	if err != nil {
		return nil, &claimErr{line, err.Error()}
	}
	return &Claim{Claim: *c, Pos: Pos{Line: line}, Comment: s, Node: n}, nil
}

// StatementStart finds where the statement that a statement comment n
// closes begins: the sibling node first, cut at the byte offset cut of
// the source when first is a text node that holds the end of the
// sentence before (cut is -1 when the statement takes first whole). The
// statement runs back from the comment, within its paragraph, to the end
// of the previous sentence ('.', '!' or '?' followed by a space or a line
// break), a hard line break, the paragraph's start, or an earlier
// statement comment (then from the next word: spaces and ",;:" skipped).
// first is n itself when the statement is empty.
func StatementStart(n ast.Node, src []byte) (first ast.Node, cut int) {
	first, cut = n, -1
	for p := n.PreviousSibling(); p != nil; p = p.PreviousSibling() {
		if isStatementComment(p, src) {
			break
		}
		if t, ok := p.(*ast.Text); ok {
			if t.HardLineBreak() {
				return first, cut
			}
			v := t.Segment.Value(src)
			// Goldmark may split a line's text at a space, so the byte
			// after the segment tells whether a final '.' ends a sentence.
			brk := t.SoftLineBreak() || t.Segment.Stop < len(src) && isSpace(src[t.Segment.Stop])
			if i := sentenceEnd(v, brk); i >= 0 {
				for i < len(v) && v[i] == ' ' {
					i++
				}
				if i == len(v) {
					return first, cut
				}
				return t, t.Segment.Start + i
			}
		}
		first, cut = p, -1
	}
	// After an earlier statement of the sentence: from the next word.
	if t, ok := first.(*ast.Text); ok && first.PreviousSibling() != nil && cut < 0 {
		v := t.Segment.Value(src)
		i := 0
		for i < len(v) && strings.IndexByte(" ,;:", v[i]) >= 0 {
			i++
		}
		if i == len(v) {
			return t.NextSibling(), -1
		}
		return t, t.Segment.Start + i
	}
	return first, cut
}

// isStatementComment reports whether n is a statement comment.
func isStatementComment(n ast.Node, src []byte) bool {
	if _, ok := n.(*StatementNode); ok {
		return true
	}
	r, ok := n.(*ast.RawHTML)
	if !ok || r.Segments.Len() == 0 {
		return false
	}
	seg := r.Segments.At(0)
	return bytes.HasPrefix(seg.Value(src), []byte(statementOpen))
}

// sentenceEnd returns the offset in v just after the last sentence end,
// or -1: '.', '!' or '?' followed by a space, or ending v when a space or
// a line break (brk) follows v.
func sentenceEnd(v []byte, brk bool) int {
	for i := len(v) - 1; i >= 0; i-- {
		if v[i] != '.' && v[i] != '!' && v[i] != '?' {
			continue
		}
		if i+1 < len(v) && v[i+1] == ' ' || i+1 == len(v) && brk {
			return i + 1
		}
	}
	return -1
}

// statementText returns the statement a statement comment n closes, as
// plain text: Markdown emphasis and links dropped, math kept with its
// delimiters, line breaks as spaces.
func statementText(n ast.Node, src []byte) string {
	first, cut := StatementStart(n, src)
	var b strings.Builder
	for p := first; p != nil && p != n; p = p.NextSibling() {
		switch p := p.(type) {
		case *ast.Text:
			seg := p.Segment
			if p == first && cut >= 0 {
				seg = seg.WithStart(cut)
			}
			b.Write(seg.Value(src))
			if p.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *passthrough.PassthroughInline:
			b.Write(p.Segment.Value(src))
		case *ast.Link:
			// A numbered reference has no text of its own: name its label.
			if p.FirstChild() == nil {
				b.WriteString(strings.TrimPrefix(string(p.Destination), "#"))
				continue
			}
			b.WriteString(plainText(p, src))
		default:
			b.WriteString(plainText(p, src))
		}
	}
	return strings.TrimSpace(b.String())
}

// isSpace reports whether c separates words: a space, tab or line break.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
