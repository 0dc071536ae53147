package site

import (
	"bufio"
	"bytes"
	"regexp"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// The highlighter wraps every token of a code block in a span of its
// class, also the tokens that look as they would without one: whitespace
// (class w, coloured, but a space shows no colour) and, in both themes,
// names and punctuation (nx and p: the light style colours them with the
// code colour, --code-fg, and the dark theme resets them to inherit it;
// TestPlainClasses checks this against the styles and the CSS). Those
// spans were a third of the pages' bytes (0.8 MB of this book's 25.5 MB
// site): plainSpans leaves their text bare.

// plainRE matches a span of a plain class around text without tags; a w
// span only around whitespace.
var plainRE = regexp.MustCompile(`<span class="(?:nx|p)">([^<]*)</span>|<span class="w">([ \t\r\n]*)</span>`)

// plainClasses are the classes plainRE unwraps.
var plainClasses = []string{"nx", "p", "w"}

// plainSpans removes the spans of plainClasses from highlighted HTML,
// keeping their text.
func plainSpans(h []byte) []byte {
	return plainRE.ReplaceAll(h, []byte("$1$2"))
}

// plainHighlight returns the highlighter f with plainSpans applied to what
// it writes.
func plainHighlight(f renderer.NodeRendererFunc) renderer.NodeRendererFunc {
	return func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		var buf bytes.Buffer
		bw := bufio.NewWriter(&buf)
		st, err := f(bw, src, n, entering)
		if ferr := bw.Flush(); err == nil {
			err = ferr
		}
		if err != nil {
			return st, err
		}
		_, err = w.Write(plainSpans(buf.Bytes()))
		return st, err
	}
}
