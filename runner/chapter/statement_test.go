package chapter

import (
	"strings"
	"testing"

	"github.com/tally-book/tally/book"
	"github.com/tally-book/tally/check"
)

// TestStatementText pins down the text a statement comment covers: back
// to the end of the previous sentence, a hard line break or the
// paragraph's start.
func TestStatementText(t *testing.T) {
	tests := []struct {
		md, want string
	}{
		{"Every arrow points at the minimum<!--?s-->.", "Every arrow points at the minimum"},
		{"It is round. Every arrow points at it<!--?s-->, here.", "Every arrow points at it"},
		{"It is round!  So it holds<!--?s-->.", "So it holds"},
		{"Is it? *Every* arrow, at $x^*$, points in<!--?s-->.", "Every arrow, at $x^*$, points in"},
		{"One line.\nEvery arrow\npoints in<!--?s-->.", "Every arrow points in"},
		{"Line one\\\nline two holds<!--?s-->.", "line two holds"},
		{"Below 3<!--?a-->, and above 1<!--?s-->.", "and above 1"},
		{"Version 1.5 of `a.b` holds.<!--?s--> Not this.", "Version 1.5 of a.b holds."},
		{"모든 화살표는 최솟값을 가리킵니다. 이 그릇에서는 늘 그렇습니다<!--?s-->.", "이 그릇에서는 늘 그렇습니다"},
		// Goldmark splits this line's text at its spaces, after the full stop.
		{"상한 1<!--=a-->은 출력에서\n나옵니다. 교차\n엔트로피는 커집니다<!--?s-->.", "교차 엔트로피는 커집니다"},
		{"The path in [](#fig:path) is straight<!--?s-->.", "The path in fig:path is straight"},
	}
	for _, tt := range tests {
		ch, err := Parse("c.md", []byte(tt.md+"\n"))
		if err != nil {
			t.Errorf("%q: %v", tt.md, err)
			continue
		}
		if len(ch.Claims) == 0 {
			t.Errorf("%q: no claims", tt.md)
			continue
		}
		if got := ch.Claims[len(ch.Claims)-1].Written.Text; got != tt.want {
			t.Errorf("%q covers %q, want %q", tt.md, got, tt.want)
		}
	}
}

func TestStatementCheck(t *testing.T) {
	values := map[string]book.Value{
		"yes": {Kind: "bool", Str: "true"},
		"no":  {Kind: "bool", Str: "false"},
		"str": {Kind: "string", Str: "true"},
		"x":   num(0.5),
	}
	tests := []struct {
		md         string
		overridden bool
		status     check.Status
		msg        string // the whole message
	}{
		{"It holds<!--?yes-->.", false, "pass", ""},
		{"It holds<!--?no-->.", false, "fail", `statement "It holds" is false: the run found no = false`},
		{"It holds<!--?no-->.", true, "info", `the text says "It holds", this run finds it false (parameters overridden)`},
		{"It holds<!--?yes-->.", true, "pass", ""},
		{"It holds<!--?str-->.", false, "error", `statement str: value is a string (true), not a boolean (publish a bool: book.Publish("str", ok))`},
		{"It holds<!--?x-->.", false, "error", `statement x: value is a number (0.5), not a boolean (publish a bool: book.Publish("x", ok))`},
		{"It holds<!--?gone-->.", false, "error", "statement gone names a value that was never published"},
	}
	for _, tt := range tests {
		ch, err := Parse("c.md", []byte(tt.md+"\n"))
		if err != nil || len(ch.Claims) != 1 {
			t.Errorf("%q: %v, %d claims", tt.md, err, len(ch.Claims))
			continue
		}
		r := ch.Claims[0].Check(values, tt.overridden)
		if r.Status != tt.status || r.Message != tt.msg {
			t.Errorf("%q (overridden %v): %s %q, want %s %q", tt.md, tt.overridden, r.Status, r.Message, tt.status, tt.msg)
		}
		if r.Rule != "the run finds it true" {
			t.Errorf("%q: rule %q", tt.md, r.Rule)
		}
	}
}

func TestStatementSyntaxErrors(t *testing.T) {
	tests := []struct {
		md, want string
	}{
		{"<!--?yes--> starts it.\n", "c.md:1: statement comment starts a line, so it covers no text"},
		{"It ends. <!--?yes-->\n", "c.md:1: statement claim yes covers no text"},
		{"a\n\nIt holds<!--?Yes-->.\n", `c.md:3: malformed statement claim "Yes"`},
		{"It holds<!--?yes ±1-->.\n", `c.md:1: malformed statement claim "yes ±1"`},
		{"It holds<!--?a[1]-->.\n", `c.md:1: malformed statement claim "a[1]"`},
	}
	for _, tt := range tests {
		_, err := Parse("c.md", []byte(tt.md))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) error = %v, want %q", tt.md, err, tt.want)
		}
	}
}
