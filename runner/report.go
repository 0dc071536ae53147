package runner

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Report writes results as stable text for people and golden files: what
// each snippet printed, every value, figure, claim and output check, and
// every problem, without timings or cache keys.
func Report(res *Results) string {
	var b strings.Builder
	for _, ch := range res.Chapters {
		fmt.Fprintf(&b, "== %s\n", ch.Path)
		for _, p := range ch.Params {
			fmt.Fprintf(&b, "param %s = %v\n", p.Name, p.Value)
		}
		for _, s := range ch.Snippets {
			state := "not run"
			if s.Ran {
				state = "ran"
			}
			fmt.Fprintf(&b, "snippet %d %s: %s\n", s.Line, s.Lang, state)
			if s.Stdout != "" {
				b.WriteString(quoteBlock("stdout", s.Stdout))
			}
			if s.Stderr != "" && !strings.Contains(s.Stderr, "goroutine ") {
				b.WriteString(quoteBlock("stderr", s.Stderr))
			}
			if s.StdoutCut+s.StderrCut > 0 {
				fmt.Fprintf(&b, "\tcut %d bytes\n", s.StdoutCut+s.StderrCut)
			}
			if o := s.Output; o != nil {
				fmt.Fprintf(&b, "\toutput %d: %s\n", o.Line, o.Status)
			}
		}
		for _, v := range ch.Values {
			fmt.Fprintf(&b, "value %s = %s (%s)\n", v.Name, v.Value, v.Pos)
		}
		for _, f := range ch.Figures {
			fmt.Fprintf(&b, "figure %s %s %q alt %q (%s)\n", f.Name, f.File, f.Caption, f.Alt, f.Pos)
			for _, l := range sortedKeys(f.Variants) {
				fmt.Fprintf(&b, "\tvariant %s %s\n", l, f.Variants[l])
			}
		}
		for _, c := range ch.Claims {
			fmt.Fprintf(&b, "claim %d %s %s: %s (%s)", c.Line, c.Text, c.Ref, c.Status, c.Rule)
			if c.Message != "" {
				fmt.Fprintf(&b, ": %s", c.Message)
			}
			b.WriteByte('\n')
		}
		for _, e := range ch.Problems() {
			fmt.Fprintf(&b, "problem %s\n", e)
		}
	}
	for _, tr := range res.Translations {
		fmt.Fprintf(&b, "== %s (%s, translates %s)\n", tr.Path, tr.Lang, tr.Source)
		for _, c := range tr.Claims {
			fmt.Fprintf(&b, "claim %d %s %s: %s (%s)", c.Line, c.Text, c.Ref, c.Status, c.Rule)
			if c.Message != "" {
				fmt.Fprintf(&b, ": %s", c.Message)
			}
			b.WriteByte('\n')
		}
		for _, s := range tr.Stale {
			fmt.Fprintf(&b, "stale %d %q: %s\n", s.Line, s.Heading, s.Reason)
		}
		for _, m := range tr.FigureText {
			fmt.Fprintf(&b, "figure text %s: no translation of %q\n", m.Figure, m.Text)
		}
		for _, c := range tr.CodeText {
			fmt.Fprintf(&b, "code text %s:%d: no translation of %q\n", tr.Source, c.Line, c.Text)
		}
		for _, k := range tr.CodeStale {
			fmt.Fprintf(&b, "code text stale: %q is no comment of %s\n", k, tr.Source)
		}
		if len(tr.Untranslated) > 0 {
			fmt.Fprintf(&b, "untranslated %s\n", strings.Join(tr.Untranslated, " "))
		}
		for _, e := range tr.Problems() {
			fmt.Fprintf(&b, "problem %s\n", e)
		}
	}
	return b.String()
}

// quoteBlock shows at most 10 lines of 100 bytes of an output.
func quoteBlock(name, s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	var b strings.Builder
	for i, l := range lines {
		if i == 10 {
			fmt.Fprintf(&b, "\t%s: … %d more lines\n", name, len(lines)-10)
			break
		}
		if len(l) > 100 {
			l = l[:100] + "…"
		}
		fmt.Fprintf(&b, "\t%s: %s\n", name, Printable(l))
	}
	return b.String()
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Printable returns s with the control characters a program may print
// written out as Go escapes (\x1b, \r, \x00, \u009b, …), newlines and tabs
// kept: text that is safe to show on a terminal, where an escape
// sequence could otherwise clear the screen, move the cursor or retitle
// the window, and that keeps every byte visible. Invalid UTF-8 is written
// as \xNN too.
func Printable(s string) string {
	clean := utf8.ValidString(s)
	for _, r := range s {
		if needsEscape(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, "\\x%02x", s[i])
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x80 && needsEscape(r):
			fmt.Fprintf(&b, "\\x%02x", r)
		case needsEscape(r):
			fmt.Fprintf(&b, "\\u%04x", r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func needsEscape(r rune) bool {
	if r == '\n' || r == '\t' {
		return false
	}
	return r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f
}
