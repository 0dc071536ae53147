package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/tally-book/tally/runner"
)

// reporter prints what tally test finds in one of its formats: "text"
// (file:line: message, for people), "json" (the results only, printed
// elsewhere: the reporter stays silent) or "github" (workflow commands
// that GitHub Actions shows as annotations on the files' lines, with the
// same status lines as text).
type reporter struct {
	w      io.Writer
	format string
}

// formats are the values of tally test -format.
var formats = []string{"text", "json", "github"}

// problem reports a failure.
func (r *reporter) problem(e *runner.Error) {
	switch r.format {
	case "text":
		fmt.Fprintln(r.w, runner.Printable(e.Error()))
	case "github":
		fmt.Fprintln(r.w, annotation("error", e.Pos, e.Msg))
	}
}

// warning reports something that does not fail the test.
func (r *reporter) warning(pos runner.Pos, msg string) {
	switch r.format {
	case "text":
		fmt.Fprintf(r.w, "%s: warning: %s\n", pos, runner.Printable(msg))
	case "github":
		fmt.Fprintln(r.w, annotation("warning", pos, msg))
	}
}

// notice reports what holds only under overrides, and similar remarks.
func (r *reporter) notice(pos runner.Pos, msg string) {
	switch r.format {
	case "text":
		fmt.Fprintf(r.w, "%s: %s\n", pos, runner.Printable(msg))
	case "github":
		fmt.Fprintln(r.w, annotation("notice", pos, msg))
	}
}

// printf writes a status line, in every format but json.
func (r *reporter) printf(format string, args ...any) {
	if r.format != "json" {
		fmt.Fprintf(r.w, format, args...)
	}
}

// annotation returns a GitHub Actions workflow command such as
// ::error file=chapters/01-a.md,line=12::claim 0.5 ≠ computed 0.51.
// Following GitHub's rules, the message escapes %, CR and LF, and a
// property value also escapes : and , (which separate properties).
func annotation(level string, pos runner.Pos, msg string) string {
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
