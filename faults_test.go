package main

import (
	"strings"
	"testing"
)

// TestCLIRunEscapesTerminalControl runs a chapter whose snippet prints
// ANSI escape sequences (clear screen, colour, window title), a carriage
// return and a C1 control, and fails its output check and a panic with
// them: tally run and tally test show them escaped, never raw.
func TestCLIRunEscapesTerminalControl(t *testing.T) {
	const ch = "# Escapes\n\n```go\nfmt.Println(\"\\x1b[2J\\x1b[31mred\\x1b[0m \\x1b]0;title\\x07 50%\\r100% \\u009b\")\nfmt.Fprintln(os.Stderr, \"\\x1b[1mbold\")\n```\n\n```output\nplain\n```\n\n```go\npanic(\"\\x1b[2Jgone\")\n```\n"
	dir := writeBook(t, map[string]string{"cli-ansi.md": ch})
	for _, cmd := range []string{"run", "test"} {
		code, out, errOut := tally(t, cmd, dir)
		if code != 1 {
			t.Fatalf("tally %s = %d, want 1\n%s%s", cmd, code, out, errOut)
		}
		for _, c := range []string{"\x1b", "\r", "\u009b", "\x07"} {
			if strings.Contains(out+errOut, c) {
				t.Errorf("tally %s passed %q through raw:\n%q", cmd, c, out+errOut)
			}
		}
		for _, want := range []string{`\x1b[2J\x1b[31mred\x1b[0m \x1b]0;title\x07 50%\r100% \u009b`, `panic: \x1b[2Jgone`} {
			if !strings.Contains(out, want) {
				t.Errorf("tally %s output lacks %q:\n%s", cmd, want, out)
			}
		}
		if cmd == "run" && !strings.Contains(out, `stderr: \x1b[1mbold`) {
			t.Errorf("tally run: standard error not shown escaped:\n%s", out)
		}
	}
}

// TestCLIMemoryFlag runs a chapter that allocates 1 GiB under -memory
// 256MiB: the report names the line of the allocation.
func TestCLIMemoryFlag(t *testing.T) {
	const ch = "# Memory\n\n```go\nbig := make([]byte, 1<<30)\nfmt.Println(len(big))\n```\n"
	dir := writeBook(t, map[string]string{"cli-memory.md": ch})
	code, out, errOut := tally(t, "run", dir, "-memory", "256MiB")
	want := "cli-memory.md:4: out of memory: the chapter's program reached its limit of 256MiB"
	if code != 1 || !strings.Contains(out, want) {
		t.Fatalf("tally run -memory 256MiB = %d, want 1 and %q in\n%s%s", code, want, out, errOut)
	}
	if code, out, errOut := tally(t, "run", dir, "-memory", "2GiB"); code != 0 {
		t.Fatalf("tally run -memory 2GiB = %d\n%s%s", code, out, errOut)
	}
}
