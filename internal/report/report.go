// Package report prints what tally test finds, in one of its formats:
// "text" (file:line: message, for people), "json" (the results only,
// printed elsewhere: a Reporter stays silent) or "github" (workflow
// commands that GitHub Actions shows as annotations on the files' lines,
// with the same status lines as text).
package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/tally-book/tally/runner"
	"github.com/tally-book/tally/runner/chapter"
)

// Reporter prints problems, notices and status lines in one format.
type Reporter struct {
	W      io.Writer // where the report goes
	Format string    // one of Formats
}

// Formats are the formats a Reporter writes: the values of tally test
// -format.
var Formats = []string{"text", "json", "github"}

// Problem reports a failure.
func (r *Reporter) Problem(e *chapter.Error) {
	switch r.Format {
	case "text":
		fmt.Fprintln(r.W, runner.Printable(e.Error()))
	case "github":
		fmt.Fprintln(r.W, Annotation("error", e.Pos, e.Msg))
	}
}

// Warning reports something that does not fail the test.
func (r *Reporter) Warning(pos chapter.Pos, msg string) {
	switch r.Format {
	case "text":
		fmt.Fprintf(r.W, "%s: warning: %s\n", pos, runner.Printable(msg))
	case "github":
		fmt.Fprintln(r.W, Annotation("warning", pos, msg))
	}
}

// Notice reports what holds only under overrides, and similar remarks.
func (r *Reporter) Notice(pos chapter.Pos, msg string) {
	switch r.Format {
	case "text":
		fmt.Fprintf(r.W, "%s: %s\n", pos, runner.Printable(msg))
	case "github":
		fmt.Fprintln(r.W, Annotation("notice", pos, msg))
	}
}

// Printf writes a status line, in every format but json.
func (r *Reporter) Printf(format string, args ...any) {
	if r.Format != "json" {
		fmt.Fprintf(r.W, format, args...)
	}
}

// Annotation returns a GitHub Actions workflow command such as
// ::error file=chapters/01-a.md,line=12::claim 0.5 ≠ computed 0.51.
// Following GitHub's rules, the message escapes %, CR and LF, and a
// property value also escapes : and , (which separate properties).
func Annotation(level string, pos chapter.Pos, msg string) string {
	var b strings.Builder
	b.WriteString("::" + level)
	if pos.File != "" {
		b.WriteString(" file=" + escapeProperty(pos.File))
		if pos.Line > 0 {
			fmt.Fprintf(&b, ",line=%d", pos.Line)
		}
	}
	b.WriteString("::" + runner.Printable(escapeData(msg))) // CR and LF as GitHub escapes them, other controls as Printable does
	return b.String()
}

func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
